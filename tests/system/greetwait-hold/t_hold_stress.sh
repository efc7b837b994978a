#!/bin/sh
# Stress mode (-S 3 -G 0.3, greetwait's long delay 2 s): three clients
# held put the holder under stress, logged; a fourth then waits 0.3 s
# from greetwait's start, not 2, logged delay=0.300 with stress=2.000
# (the delay greetwait decided) and served, and the fail2ban filter reads
# such a line as ever; the three keep their 2 s;
# when they go the holder leaves stress (at 7/9 of the mark), logged;
# -q counts it all.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules '127.0.0.5:allow,TCPREMOTEHOST="dsl-127-0-0-5.example.net"'
printf '*dsl*\tdynamic\n' | patterns_cdb
mkdir "$T/cache"
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -c "$T/cache" -s 0.1 -l 2 -T 1 \
	sh -c 'echo "220 served"'
lag=0
[ "$GW_BUILD" = build ] || lag=0.1
tol=$(awk -v l="$lag" 'BEGIN { print 0.05 + l }')
# what a client sees also counts greetwait's and its server's start
ctol=$(awk -v l="$lag" 'BEGIN { print 0.15 + l }')
start_holder -S 3 -G 0.3
assert_eq "-q before: no stress" "0 0 0" \
	"$(holder_status stress) $(holder_status stress_entered) $(holder_status stress_shortened)"

$CROWD "$PORT" patient:127.0.0.3:3 --deadline 5 >"$T/three" &
three=$!
waitfor 2 held_is 3 || fail "three clients not held"
waitfor 1 lines_at_least 1 '^greetwait-hold: status=stress held=3$' "$LOG"
assert_has_line "entering stress logged" "$LOG" "greetwait-hold: status=stress held=3"
assert_eq "-q: under stress" 1 "$(holder_status stress)"
$CROWD "$PORT" patient:127.0.0.5:1 >"$T/fourth"
assert_match "the fourth served" '^patient 127\.0\.0\.5 .* line="220 served"' "$(cat "$T/fourth")"
assert_near "the fourth after -G, not the long delay" 0.3 \
	"$(sed 's/.* held=\([0-9.]*\) .*/\1/' "$T/fourth")" "$ctol"
waitfor 1 lines_at_least 1 ' ip=127\.0\.0\.5 .*result=pass' "$LOG"
l4=$(line_for 127.0.0.5)
assert_match "its line: the delay imposed, stress= the delay decided" \
	'^greetwait: pid=[0-9]+ ip=127\.0\.0\.5 host="dsl-127-0-0-5\.example\.net" why=pattern:dynamic delay=0\.300 result=pass waited=0\.[0-9]{3} stress=2\.000$' "$l4"
assert_near "its waited= is -G" 0.300 "$(field waited "$l4")" "$tol"
# one more under stress that hangs up: examples/fail2ban's filter, which
# reads greetwait's fields up to waited=, still counts its line
$CROWD "$PORT" hangup:127.0.0.5:1 --after 0.1 >/dev/null
waitfor 1 lines_at_least 1 ' ip=127\.0\.0\.5 .*result=hangup' "$LOG"
assert_log_has '^greetwait: pid=[0-9]+ ip=127\.0\.0\.5 host="dsl-127-0-0-5\.example\.net" why=pattern:dynamic delay=0\.300 result=hangup waited=0\.[0-9]{3} stress=2\.000$'
if [ -f /etc/fail2ban/filter.d/common.conf ] && command -v fail2ban-regex >/dev/null; then
	mkdir -p "$T/fail2ban/filter.d"
	cp /etc/fail2ban/filter.d/common.conf "$ROOT/examples/fail2ban/filter.d/greetwait.conf" \
		"$T/fail2ban/filter.d/"
	gwlog >"$T/gwlog"
	assert_eq "fail2ban's filter matches the hangup with stress=" 127.0.0.5 \
		"$(fail2ban-regex -r -o ip "$T/gwlog" "$T/fail2ban/filter.d/greetwait.conf" 2>/dev/null)"
else
	echo "skip: no fail2ban-regex"
fi
assert_eq "-q: two shortened, still under stress with three held" "2 1 3" \
	"$(holder_status stress_shortened) $(holder_status stress) $(holder_status held)"
wait "$three"
assert_eq "the three held before stress kept their long delay" 3 \
	"$(awk '{ sub("held=", "", $3); if ($3 > 1.9) n++ } END { print n + 0 }' "$T/three")"
assert_eq "their lines without stress=" 3 \
	"$(gwlog | grep -c 'ip=127\.0\.0\.3 .*delay=2\.000 result=pass waited=2\.[0-9]*$')"
assert_eq "their passes recorded in the cache, not the one stress shortened" 127.0.0.3 \
	"$(find "$T/cache" -type f | sed 's|.*/||' | sort -u | tr '\n' ' ' | sed 's/ $//')"
waitfor 1 lines_at_least 1 '^greetwait-hold: status=normal held=' "$LOG"
assert_has_line "leaving stress logged at 7/9 of the mark" "$LOG" "greetwait-hold: status=normal held=2"
assert_eq "-q after: no stress, entered once" "0 1" \
	"$(holder_status stress) $(holder_status stress_entered)"
"$GWSTATS" "$LOG" >"$T/stats"
assert_match "greetwait-stats reads the line with stress= as a pass" \
	'Read [0-9]+ lines: 0 status lines, [0-9]+ other lines skipped, 0 malformed lines' "$(cat "$T/stats")"
assert_eq "greetwait-stats: four passes, a hangup" "4 1" \
	"$(section "$T/stats" '  result' | awk '$1 == "pass" { p = $2 } $1 == "hangup" { h = $2 } END { print p, h }')"
finish
