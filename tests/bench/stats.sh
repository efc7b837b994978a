#!/bin/sh
# Throughput of greetwait-stats on a 1,000,000-line multilog log, beside
# an awk script that computes only the impatience table from the same file.
# Prints lines per second for each and their ratio; passes or fails by
# nothing but the two programs running.
cd "$(dirname "$0")/../.." || exit 111
STATS=${STATS:-build/greetwait-stats}
LINES=${LINES:-1000000}
[ -x "$STATS" ] || { echo "missing $STATS: run make first"; exit 1; }
log=$(mktemp /tmp/greetwait-stats-bench.XXXXXX) || exit 111
trap 'rm -f "$log" "$log.out"' EXIT

# A plausible day: 60% short-delay passes, long delays for dynamic names
# (mostly hang-ups), early talkers with HELO lines, no-PTR rejections,
# a status line per long wait; 50,000 addresses, times one second apart.
awk -v n="$LINES" 'BEGIN {
	srand(7)
	for (i = 0; i < n; i++) {
		h = int(rand() * 50000)
		ip = sprintf("198.51.%d.%d", int(h / 256), h % 256)
		t = sprintf("@40000000%08x%08x", 1761607690 + i, i % 1000000000)
		r = rand()
		if (r < 0.6)
			printf "%s greetwait: pid=%d ip=%s host=\"mail%d.example.org\" why=default delay=1.000 result=pass waited=1.000\n", t, i, ip, h
		else if (r < 0.75) {
			printf "%s greetwait: pid=%d ip=%s host=\"dsl-%d.dyn.example.net\" why=pattern:dynamic delay=90.000 status=waiting\n", t, i, ip, h
			printf "%s greetwait: pid=%d ip=%s host=\"dsl-%d.dyn.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=%.3f\n", t, i, ip, h, rand() * 90
			i++
		} else if (r < 0.9)
			printf "%s greetwait: pid=%d ip=%s host=\"\" why=noptr delay=0.000 result=reject waited=0.000\n", t, i, ip
		else
			printf "%s greetwait: pid=%d ip=%s host=\"ppp%d.example.net\" why=pattern:dynamic delay=90.000 result=pregreet waited=%.3f data=\"HELO %s\"\n", t, i, ip, h, rand() * 10, (rand() < 0.5 ? ip : "a" h ".example.net")
	}
}' >"$log"
lines=$(wc -l <"$log")

# now: the time in seconds, with nanoseconds.
now() { date +%s.%N; }

# The impatience table alone, in awk: the fields by position.
impatience_awk() {
	awk '$2 == "greetwait:" && ($8 == "result=hangup" || $8 == "result=pregreet") {
		d = substr($7, 7) + 0
		if (d <= 1) next
		ip = substr($4, 4); w = substr($9, 8) + 0
		if (!(ip in most) || w > most[ip]) most[ip] = w
	}
	END {
		for (ip in most) { b = int(most[ip] / 5); c[b]++; n++; if (b > top) top = b }
		print "Count %  Cumulative % Seconds"
		for (b = 0; b <= top; b++) { s += c[b]; printf "%d %.2f %.2f %d\n", c[b], 100 * c[b] / n, 100 * s / n, b * 5 }
	}' "$1"
}

# best CMD...: run three times, print the shortest wall time in seconds.
best() {
	b=
	for run in 1 2 3; do
		t0=$(now); "$@" >"$log.out" || { echo "$1 failed" >&2; exit 1; }; t1=$(now)
		b=$(awk -v a="$t0" -v z="$t1" -v b="$b" 'BEGIN { d = z - a; print (b == "" || d < b) ? d : b }')
	done
	echo "$b"
}

s=$(best "$STATS" "$log")
w=$(best impatience_awk "$log")
# Both must have computed the same table, or the race means nothing.
# (counts per bucket; the percentages differ only in rounding rules)
"$STATS" -t impatience "$log" | awk 'NR > 2 { print $1, $4 }' >"$log.out"
impatience_awk "$log" | awk 'NR > 1 { print $1, $4 }' | cmp -s - "$log.out" && agree=yes || agree=NO
awk -v l="$lines" -v s="$s" -v w="$w" -v agree="$agree" -v awk="$(awk -W version 2>&1 | head -n 1)" 'BEGIN {
	printf "log: %d lines, multilog @tai64n; best of 3 runs each\n", l
	printf "greetwait-stats (all four tables): %.2f s, %.0f lines/s\n", s, l / s
	printf "awk (impatience table only, %s): %.2f s, %.0f lines/s\n", awk, w, l / w
	printf "ratio: greetwait-stats is %.1f times as fast as awk\n", w / s
	printf "same impatience table from both: %s\n", agree
}'
