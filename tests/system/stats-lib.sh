# Shared by the t_stats_*.sh tests: which binary to run, a scratch
# directory, log generators, and assertions. Source it; do not run it.
# STATS names the binary under test; it defaults to greetwait-stats in
# GW_BUILD (build, or build/asan for the sanitizer run; see lib.sh).
cd "$(dirname "$0")/../../.." || exit 111
STATS=${STATS:-${GW_BUILD:-build}/greetwait-stats}
[ -x "$STATS" ] || { echo "missing $STATS: run make first"; exit 1; }
T=$(mktemp -d /tmp/greetwait-stats-test.XXXXXX) || exit 111
trap 'rm -rf "$T"' EXIT
failures=0

# fail MESSAGE: record a failure and say why.
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect_same WHAT EXPECTED-FILE ACTUAL-FILE: compare, show the diff.
expect_same() {
	if cmp -s "$2" "$3"; then echo "ok: $1"; else fail "$1"; diff "$2" "$3" | head -40; fi
}

# expect_line WHAT FILE LINE: FILE holds exactly this line.
expect_line() {
	if grep -qxF -- "$3" "$2"; then echo "ok: $1"; else fail "$1: no line '$3' in"; sed 's/^/  | /' "$2" | head -60; fi
}

# section FILE TITLE-PREFIX: the lines of one table (title to blank line),
# whitespace squeezed, so a comparison does not depend on column widths.
section() {
	awk -v t="$2" 'index($0, t) == 1 { on = 1; next } on && /^$/ { exit } on { $1 = $1; print }' "$1"
}

# done_testing: the exit code of the test.
done_testing() {
	[ "$failures" = 0 ] && { echo "all passed"; exit 0; }
	echo "$failures failed"; exit 1
}

# gen_impatience EXTRA: a log whose long-delay hang-ups have exactly the
# per-bucket host counts of the "Spamware Impatience" table (109,285
# hosts), plus EXTRA hosts that hung up at 90 s, plus noise that must not
# change the host table: repeat connections with shorter waits, short-delay
# hang-ups, patient passes, status lines.
gen_impatience() {
	awk -v extra="$1" 'BEGIN {
		n = split("3934 1053 4205 14312 16439 29012 26081 3253 4805 1232 595 1089 1339 311 1148 127 115 235", c, " ")
		h = 0
		for (b = 1; b <= n; b++) for (j = 0; j < c[b]; j++) {
			h++; ip = sprintf("10.%d.%d.%d", int(h / 65536), int(h / 256) % 256, h % 256)
			w = (b - 1) * 5 + (j % 50) / 10
			if (h % 7 == 0)
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=0.100\n", h, ip, h
			if (h % 1000 == 0)
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 status=waiting\n", h, ip, h
			if (h % 2)
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=%.3f\n", h, ip, h, w
			else
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=pregreet waited=%.3f data=\"QUIT\"\n", h, ip, h, w
		}
		for (j = 0; j < extra; j++) {
			h++; ip = sprintf("10.%d.%d.%d", int(h / 65536), int(h / 256) % 256, h % 256)
			printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=90.000\n", h, ip, h
		}
		for (j = 0; j < 500; j++)
			printf "greetwait: pid=%d ip=172.16.%d.%d host=\"mail.example.org\" why=default delay=1.000 result=hangup waited=0.300\n", 900000 + j, int(j / 256), j % 256
		for (j = 0; j < 1000; j++)
			printf "greetwait: pid=%d ip=172.17.%d.%d host=\"ppp-%d.example.net\" why=pattern:dynamic delay=90.000 result=pass waited=90.000\n", 910000 + j, int(j / 256), j % 256, j
	}'
}

# gen_retries: a log whose repeat offenders give the percentages of the
# 2006 retry table: per class (dynamic and cbl patterns, no PTR, and
# default for the rest of "all"), how many addresses were turned away
# 1, 2, 3, 4, 5-10 and more times, every address connecting at least
# twice at least 5 s apart; plus addresses that must be left out.
gen_retries() {
	awk 'function line(t, ip, why, result, host) {
		printf "@40000000%08x00000000 greetwait: pid=%d ip=%s host=\"%s\" why=%s delay=%s result=%s waited=%s\n", t + 10, ++pid, ip, host, why, (why == "default" ? "1.000" : "90.000"), result, (result == "pass" ? "90.000" : "3.000")
	}
	function class(why, counts, host,   k, b, j, m, tries, t) {
		split(counts, k, " ")
		for (b = 1; b <= 6; b++) for (j = 0; j < k[b]; j++) {
			h++; ip = sprintf("10.%d.%d.%d", int(h / 65536), int(h / 256) % 256, h % 256)
			tries = b <= 4 ? b : (b == 5 ? 5 + j % 6 : 11 + j % 3)
			t = 1761607680 + h % 1000
			for (m = 0; m < tries; m++) line(t + 10 * m, ip, why, m % 2 ? "pregreet" : "hangup", host)
			if (tries == 1) line(t + 60, ip, "default", "pass", "mail.example.org")
		}
	}
	BEGIN {
		class("pattern:dynamic", "15078 4450 1946 1056 2073 827", "dsl-x.example.net")
		class("noptr", "9832 2726 1021 522 974 507", "")
		class("pattern:cbl", "2097 826 380 261 492 181", "mx.spam.example")
		class("default", "710 148 77 48 165 186", "mail.example.org")
		for (j = 0; j < 300; j++) {   # too close together, or only once: left out
			ip = sprintf("172.16.%d.%d", int(j / 256), j % 256)
			line(1761607680, ip, "pattern:dynamic", "hangup", "dsl")
			if (j % 2) line(1761607684, ip, "pattern:dynamic", "hangup", "dsl")
		}
		for (j = 0; j < 200; j++) {   # came back, but always patient
			ip = sprintf("172.17.%d.%d", int(j / 256), j % 256)
			line(1761607680, ip, "default", "pass", "mail"); line(1761607780, ip, "default", "pass", "mail")
		}
	}'
}

# gen_helo: early talkers whose distinct HELO names have exactly the dot
# counts of the first histogram of "more HELO statistics" (1,447,252
# names), none of them bogus; some names come twice, in another case.
gen_helo() {
	awk 'BEGIN {
		n = split("25765 450511 218188 432343 197647 33647 28485 19790 4582 2040 3069 7005 9483 7722 4390 1840 568 150 23 3 1", c, " ")
		for (d = 0; d < n; d++) {
			tail = ""
			for (k = 0; k < d; k++) tail = tail ".a"
			for (j = 0; j < c[d + 1]; j++) {
				i++
				printf "greetwait: pid=1 ip=10.0.0.1 host=\"\" why=noptr delay=1.000 result=pregreet waited=0.001 data=\"HELO n%d%s\"\n", i, tail
				if (i % 100 == 0)
					printf "greetwait: pid=1 ip=10.0.0.1 host=\"\" why=noptr delay=1.000 result=pregreet waited=0.001 data=\"EHLO N%d%s\"\n", i, toupper(tail)
			}
		}
	}'
}
