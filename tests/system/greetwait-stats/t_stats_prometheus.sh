#!/bin/sh
# greetwait-stats --prometheus FILE: the metrics, read back by
# prometheus_client's text parser, are the log's counts by why and
# result, the impatient connections' waits as a cumulative histogram,
# the hosts and the lines; label values are escaped; the file is
# replaced atomically, and a failure leaves the old one and no
# temporary file.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ
check() { $PY "$SYS/greetwait-stats/promcheck.py" "$@"; }

g="greetwait: pid=1"
{
	echo "@400000006b048d3a00000000 $g ip=192.0.2.1 host=\"a\" why=pattern:dynamic delay=90.000 result=hangup waited=0.500"
	echo "@400000006b048d3b00000000 $g ip=192.0.2.1 host=\"a\" why=pattern:dynamic delay=90.000 result=hangup waited=1.000"
	echo "@400000006b048d3c00000000 $g ip=192.0.2.2 host=\"b\" why=pattern:dynamic delay=90.000 result=pregreet waited=29.999"
	echo "@400000006b048d3d00000000 $g ip=192.0.2.3 host=\"c\" why=pattern:dynamic delay=400.000 result=hangup waited=301.000"
	echo "@400000006b048d3e00000000 $g ip=192.0.2.4 host=\"d\" why=pattern:dynamic delay=90.000 result=pass waited=90.000"
	echo "@400000006b048d3f00000000 $g ip=192.0.2.5 host=\"\" why=noptr delay=0.000 result=reject waited=0.000"
	echo "@400000006b048d4000000000 $g ip=192.0.2.6 host=\"e\" why=default delay=1.000 result=hangup waited=0.400"
	printf '%s\n' "$g ip=192.0.2.7 host=\"f\" why=pattern:q\"u\\o$(printf '\377') delay=1.000 result=pass waited=1.000"
	echo "tcpserver: status: 1/40"
	echo "greetwait: pid=2 ip=nonsense why=default"
} >"$T/log"
echo "old" >"$T/m.prom"
"$GWSTATS" -t summary --prometheus "$T/m.prom" "$T/log" >/dev/null; rc=$?
assert_eq "exit code" 0 "$rc"
check "$T/m.prom" >"$T/samples"; rc=$?
assert_eq "prometheus_client parses the file" 0 "$rc"
# by hand: dynamic 3 hangups, 1 pregreet, 1 pass; noptr 1 reject; default 1 hangup
for l in 'greetwait_connections_total{result="hangup",why="pattern:dynamic"} 3' \
	'greetwait_connections_total{result="pregreet",why="pattern:dynamic"} 1' \
	'greetwait_connections_total{result="pass",why="pattern:dynamic"} 1' \
	'greetwait_connections_total{result="reject",why="pattern:dynamic"} 0' \
	'greetwait_connections_total{result="reject",why="noptr"} 1' \
	'greetwait_connections_total{result="hangup",why="default"} 1' \
	'greetwait_connections_total{result="pass",why="pattern:q"u\o?"} 1' \
	'greetwait_hosts{} 7' \
	'greetwait_stats_lines_total{kind="connection"} 8' \
	'greetwait_stats_lines_total{kind="other"} 1' \
	'greetwait_stats_lines_total{kind="malformed"} 1' \
	'greetwait_last_line_timestamp_seconds{} 1795460406'; do
	assert_has_line "sample $l" "$T/samples" "$l"
done
# the histogram of the 4 impatient waits (0.5, 1, 29.999, 301 s), cumulative
grep '^greetwait_wait_seconds' "$T/samples" >"$T/hist"
cat >"$T/expected" <<'OUT'
greetwait_wait_seconds_bucket{le="1"} 2
greetwait_wait_seconds_bucket{le="2"} 2
greetwait_wait_seconds_bucket{le="5"} 2
greetwait_wait_seconds_bucket{le="10"} 2
greetwait_wait_seconds_bucket{le="15"} 2
greetwait_wait_seconds_bucket{le="20"} 2
greetwait_wait_seconds_bucket{le="25"} 2
greetwait_wait_seconds_bucket{le="30"} 3
greetwait_wait_seconds_bucket{le="45"} 3
greetwait_wait_seconds_bucket{le="60"} 3
greetwait_wait_seconds_bucket{le="90"} 3
greetwait_wait_seconds_bucket{le="120"} 3
greetwait_wait_seconds_bucket{le="180"} 3
greetwait_wait_seconds_bucket{le="300"} 3
greetwait_wait_seconds_bucket{le="+Inf"} 4
greetwait_wait_seconds_sum{} 332.499
greetwait_wait_seconds_count{} 4
OUT
assert_bytes "the wait histogram" "$T/expected" "$T/hist"
grep -q '^# greetwait_wait_seconds histogram$' "$T/samples" && pass "a histogram" || fail "not a histogram"
ls "$T" | grep -q 'm.prom.tmp' && fail "a temporary file is left" || pass "no temporary file left"

# A failure leaves what was there: FILE a directory (rename fails), or in
# a folder that does not exist.
mkdir "$T/dir.prom"
"$GWSTATS" -t summary --prometheus "$T/dir.prom" "$T/log" >/dev/null 2>"$T/err"
assert_eq "rename fails: exit code" 111 "$?"
grep -q "^greetwait-stats: fatal: unable to rename $T/dir.prom.tmp.[0-9]* to $T/dir.prom: " "$T/err" &&
	pass "rename fails: the reason" || fail "rename fails: $(cat "$T/err")"
[ -d "$T/dir.prom" ] && ! ls "$T" | grep -q 'dir.prom.tmp' && pass "nothing changed, nothing left" ||
	fail "the failed write left something"
"$GWSTATS" -t summary --prometheus "$T/no/such/m.prom" "$T/log" >/dev/null 2>&1
assert_eq "no such folder: exit code" 111 "$?"
# An empty log still gives a file the parser reads.
"$GWSTATS" -t summary --prometheus "$T/empty.prom" </dev/null >/dev/null
check "$T/empty.prom" >"$T/samples" && pass "empty log: parsed" || fail "empty log: $(cat "$T/samples")"
assert_has_line "empty log: no hosts" "$T/samples" 'greetwait_hosts{} 0'
finish
