#!/bin/sh
# greetwait-stats -t series: a row per local day (or hour, -p hour) with
# connections, distinct hosts, turn-aways by result, passes after a long
# delay and the share turned away, from multilog, tai64nlocal and syslog
# lines alike; a day without lines is a gap; an exec-failed or rblsmtpd
# line moves its pass; text, CSV, and an SVG line chart broken at the gap.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ

midnight=1795392000 # 2026-11-23 00:00:00 UTC
# ml DAY SECONDS: multilog's label DAY days and SECONDS after that midnight.
ml() { printf '@%016x00000000' $((0x400000000000000a + midnight + $1 * 86400 + $2)); }
gw() { echo "greetwait: pid=$1 ip=192.0.2.$2 host=\"$3\" why=$4 delay=$5 result=$6 waited=1.000"; }
{
	# 2026-11-23, multilog: 5 hangups from a (3), b, c; d passes twice after
	# the long delay; e passes at once; f is rejected.
	for h in 1 1 1 2 3; do echo "$(ml 0 3600) $(gw 1 $h x.dsl pattern:dynamic 90.000 hangup)"; done
	echo "$(ml 0 7200) $(gw 2 4 d.dsl pattern:dynamic 90.000 pass)"
	echo "$(ml 0 7300) $(gw 3 4 d.dsl pattern:dynamic 90.000 pass)"
	echo "$(ml 0 86399) $(gw 4 5 e.example default 1.000 pass)"
	echo "$(ml 0 0) $(gw 5 6 '' noptr 0.000 reject)"
	# 2026-11-24, tai64nlocal: a and g talk early, h is tempfailed, d passes
	# but its server cannot start.
	echo "2026-11-24 00:00:00.000000000 $(gw 6 1 x.dsl pattern:dynamic 90.000 pregreet)"
	echo "2026-11-24 10:00:00.500000000 $(gw 7 7 '' noptr 90.000 pregreet)"
	echo "2026-11-24 11:00:00.000000000 $(gw 8 8 '' noptr 0.000 tempfail)"
	echo "2026-11-24 23:59:59.999000000 $(gw 9 4 d.dsl pattern:dynamic 90.000 pass)"
	echo "2026-11-24 23:59:59.999000000 $(gw 9 4 d.dsl pattern:dynamic 90.000 exec-failed)"
	# 2026-11-25: nothing (a gap). 2026-11-26, syslog: a hangs up; e passes
	# and rblsmtpd, run by greetwait, refuses it; i passes.
	echo "Nov 26 08:00:00 mx greetwait[10]: $(gw 10 1 x.dsl pattern:dynamic 90.000 hangup)"
	echo "Nov 26 09:00:00 mx greetwait[11]: $(gw 11 5 e.example default 1.000 pass)"
	echo "Nov 26 09:00:01 mx rblsmtpd[11]: 192.0.2.5 pid 11: 553 listed"
	echo "Nov 26 23:00:00 mx greetwait: $(gw 12 9 i.example default 1.000 pass)"
	# no time: left out of the series
	gw 13 10 '' noptr 0.000 reject
} >"$T/log"

cat >"$T/expected" <<'OUT'
Series: per day, local time UTC+00:00, 2026-11-23 to 2026-11-26
  Day         Connections  Hosts  Pregreet  Hangup  Reject  Tempfail  Exec-failed  Long-delay passes  Turned away %
  2026-11-23            9      6         0       5       1         0            0                  2          66.67
  2026-11-24            4      4         2       0       0         1            1                  0         100.00
  2026-11-25            -      -         -       -       -         -            -                  -              -
  2026-11-26            3      3         0       1       1         0            0                  0          66.67
  Left out: 1 connection whose lines carry no timestamp.
OUT
"$GWSTATS" -y 2026 -t series "$T/log" >"$T/out"; rc=$?
assert_eq "exit code" 0 "$rc"
assert_bytes "series per day, text" "$T/expected" "$T/out"

cat >"$T/expected" <<'OUT'
# series (day)
Day,Connections,Hosts,Pregreet,Hangup,Reject,Tempfail,Exec-failed,Long-delay passes,Turned away %
2026-11-23,9,6,0,5,1,0,0,2,66.67
2026-11-24,4,4,2,0,0,1,1,0,100.00
2026-11-25,,,,,,,,,
2026-11-26,3,3,0,1,1,0,0,0,66.67
OUT
"$GWSTATS" -y 2026 --csv -t series "$T/log" >"$T/out"
assert_bytes "series per day, CSV" "$T/expected" "$T/out"

# The files in any order give the same rows.
sed -n '15,$p' "$T/log" >"$T/late"
sed -n '1,14p' "$T/log" >"$T/early"
"$GWSTATS" -y 2026 --csv -t series "$T/late" "$T/early" >"$T/out"
assert_bytes "series: a later file first" "$T/expected" "$T/out"

# A gap of several days is one row; a line 100,000 days off is left out.
{
	echo "$(ml 0 0) $(gw 1 1 x pattern:dynamic 90.000 hangup)"
	echo "$(ml 4 0) $(gw 2 1 x pattern:dynamic 90.000 pass)"
	echo "2400-01-01T00:00:00Z mx greetwait[3]: $(gw 3 1 x pattern:dynamic 90.000 pass)"
} >"$T/gaps"
"$GWSTATS" -t series "$T/gaps" | section /dev/stdin "Series:" | cut -d' ' -f1-5 >"$T/out"
printf '%s
' "Day Connections Hosts Pregreet Hangup" "2026-11-23 1 1 0 1" \
	"2026-11-24 to 2026-11-26 - -" "2026-11-27 1 1 0 0" \
	"Left out: 1 connection dated" >"$T/expected"
assert_bytes "a gap of days is one row" "$T/expected" "$T/out"

# Local days: in UTC+2, 21:59:59 and 22:00:00 UTC fall on two days (and
# hours); tai64nlocal's times are local already.
{
	echo "$(ml 0 79199) $(gw 1 1 x pattern:dynamic 90.000 hangup)"
	echo "$(ml 0 79200) $(gw 2 2 x pattern:dynamic 90.000 hangup)"
	echo "2026-11-24 00:30:00.000000000 $(gw 3 3 x pattern:dynamic 90.000 pass)"
} >"$T/zone"
TZ=XXX-2 "$GWSTATS" --csv -t series "$T/zone" | cut -d, -f1-3,10 >"$T/out"
printf '%s\n' "# series (day)" "Day,Connections,Hosts,Turned away %" "2026-11-23,1,1,100.00" \
	"2026-11-24,2,2,50.00" >"$T/expected"
assert_bytes "series: local days (UTC+2)" "$T/expected" "$T/out"
TZ=XXX-2 "$GWSTATS" -p hour -t series "$T/zone" >"$T/out"
assert_has_line "hourly: title" "$T/out" "Series: per hour, local time UTC+02:00, 2026-11-23 23:00 to 2026-11-24 00:00"
section "$T/out" "Series:" | cut -d' ' -f1-4 >"$T/rows"
printf '%s\n' "Hour Connections Hosts Pregreet" "2026-11-23 23:00 1 1" "2026-11-24 00:00 2 2" >"$T/expected"
assert_bytes "hourly rows" "$T/expected" "$T/rows"

# The chart: well-formed, two lines of two runs each around the gap, the
# single last day as dots.
"$GWSTATS" -y 2026 -t summary --series-svg "$T/series.svg" "$T/log" >/dev/null || fail "svg: exit code $?"
if xmllint --noout "$T/series.svg"; then pass "series svg is well-formed XML"; else fail "series svg is not well-formed"; fi
assert_eq "svg: one polyline per line before the gap" 2 "$(grep -c '<polyline' "$T/series.svg")"
assert_eq "svg: the day after the gap a dot per line" 2 "$(grep -c '<circle' "$T/series.svg")"
grep -q '>2026-11-23</text>' "$T/series.svg" || fail "svg: no date label"

# Usage: -p takes day or hour; the default tables stay the published four.
"$GWSTATS" -p week </dev/null >/dev/null 2>&1
assert_eq "-p week: usage" 100 "$?"
"$GWSTATS" -y 2026 "$T/log" | grep -c '^Series:' >"$T/n"
assert_eq "no series unless asked for" 0 "$(cat "$T/n")"
finish
