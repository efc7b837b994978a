#!/bin/sh
# greetwait-stats against mawk on a realistic log: 10,000,000 multilog
# lines (LINES) from 1,000,000 addresses (HOSTS), mawk computing only
# the impatience table, greetwait-stats the same table (-t impatience)
# and then all four.  Runs side by side, A B A B (ROUNDS rounds), each
# timed (wall, and user + system CPU: on a shared machine the CPU time a
# line is the figure its load does not blur) and its peak memory taken
# from the kernel (getrusage's maxrss of the child); prints the medians,
# the ratios and the load average.  Passes or fails by nothing but the
# programs running and agreeing on the table.
cd "$(dirname "$0")/../.." || exit 111
STATS=${STATS:-build/greetwait-stats}
LINES=${LINES:-10000000}
HOSTS=${HOSTS:-1000000}
ROUNDS=${ROUNDS:-5}
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
[ -x "$STATS" ] || { echo "missing $STATS: run make first"; exit 1; }
AWK=$(command -v mawk || command -v awk)
log=$(mktemp /tmp/greetwait-stats-bench.XXXXXX) || exit 111
trap 'rm -f "$log" "$log.out" "$log.awk"' EXIT

# A plausible month: 60% short-delay passes, long delays for dynamic
# names (mostly hang-ups, each after its status line), early talkers with
# HELO lines, no-PTR rejections; ten lines a second.
"$AWK" -v n="$LINES" -v hosts="$HOSTS" 'BEGIN {
	srand(7)
	for (i = 0; i < n; i++) {
		h = int(rand() * hosts)
		ip = sprintf("%d.%d.%d.%d", 10 + int(h / 65536) % 200, int(h / 256) % 256, h % 256, 1 + int(h / 13107200))
		t = sprintf("@40000000%08x%08x", 1761607690 + int(i / 10), i % 1000000000)
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

# The impatience table alone, in awk: the fields by position.
cat >"$log.awk" <<'AWK'
$2 == "greetwait:" && ($8 == "result=hangup" || $8 == "result=pregreet") {
	d = substr($7, 7) + 0
	if (d <= 1) next
	ip = substr($4, 4); w = substr($9, 8) + 0
	if (!(ip in most) || w > most[ip]) most[ip] = w
}
END {
	for (ip in most) { b = int(most[ip] / 5); c[b]++; n++; if (b > top) top = b }
	print "Count %  Cumulative % Seconds"
	for (b = 0; b <= top; b++) { s += c[b]; printf "%d %.2f %.2f %d\n", c[b], 100 * c[b] / n, 100 * s / n, b * 5 }
}
AWK

# run CMD...: its wall time and CPU time (user + system) in seconds and
# its peak resident memory in kB.
run() {
	$PY -c 'import resource, subprocess, sys, time
t = time.time()
if subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode:
    sys.exit("%s failed" % sys.argv[1])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.3f %.3f %d" % (time.time() - t, r.ru_utime + r.ru_stime, r.ru_maxrss))' "$@"
}
cat "$log" >/dev/null # into the page cache for all alike
: >"$log.out"
for r in $(seq "$ROUNDS"); do
	echo "awk $(run "$AWK" -f "$log.awk" "$log")" >>"$log.out"
	echo "one $(run "$STATS" -t impatience "$log")" >>"$log.out"
	echo "all $(run "$STATS" "$log")" >>"$log.out"
done
# Both must have computed the same table, or the race means nothing
# (counts per bucket; the percentages differ only in rounding rules).
"$STATS" -t impatience "$log" | awk 'NR > 2 { print $1, $4 }' >"$log.a"
"$AWK" -f "$log.awk" "$log" | awk 'NR > 1 { print $1, $4 }' | cmp -s - "$log.a" && agree=yes || agree=NO
rm -f "$log.a"
load=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v l="$lines" -v agree="$agree" -v awk="$("$AWK" -W version 2>&1 | head -n 1)" -v rounds="$ROUNDS" -v load="$load" '
	function median(k, col,   i, j, t, v, n) {
		n = runs[k]
		for (i = 1; i <= n; i++) v[i] = val[k, i, col]
		for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	}
	{ n = ++runs[$1]; val[$1, n, 1] = $2; val[$1, n, 2] = $3; val[$1, n, 3] = $4 }
	function row(name, k) {
		t[k] = median(k, 1); c[k] = median(k, 2); m[k] = median(k, 3)
		printf "%-40s %6.2f s %9.0f lines/s %5.0f ns CPU a line %7.1f MB\n", name, t[k], l / t[k], c[k] * 1e9 / l, m[k] / 1024
	}
	END {
		printf "log: %d lines, multilog @tai64n; medians of %d runs each, side by side; load average %s\n", l, rounds, load
		row(awk " (impatience only):", "awk")
		row("greetwait-stats -t impatience:", "one")
		row("greetwait-stats (all four tables):", "all")
		printf "throughput: %.2f times mawk'"'"'s (-t impatience), %.2f (all four); CPU a line: %.2f, %.2f\n", t["awk"] / t["one"], t["awk"] / t["all"], c["awk"] / c["one"], c["awk"] / c["all"]
		printf "peak memory: %.2f times mawk'"'"'s (-t impatience), %.2f (all four)\n", m["one"] / m["awk"], m["all"] / m["awk"]
		printf "same impatience table from both: %s\n", agree
	}' "$log.out"
