#!/bin/sh
# A stalled log never stops the holder's loop: with its stderr a full
# pipe nobody reads (logjam.py), every client still meets its outcome on
# its own clock (patient ones served after the long delay, early talkers
# refused at once, the ones that hang up logged with their waited=), the
# lines that do not fit -L are lost and counted (-q log_lost=), and once
# the log reads again every line kept arrives whole and one line says
# how many were lost: kept and lost add up to one per connection. The
# same where /proc cannot be had (fd 2 made non-blocking for each write
# only). At SIGTERM the holder tells its clients 421 and exits within a
# bound, however stuck its log.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
# names of 200 bytes: lines of 330, so that a few clients fill -L 4096
long=$(awk 'BEGIN { for (i = 0; i < 3; i++) { s = s sprintf("%060d.", i) } print s }')
rules "127.0.0.3:allow,TCPREMOTEHOST=\"dsl-127-0-0-3.${long}example.net\"" \
	"127.0.0.5:allow,TCPREMOTEHOST=\"dsl-127-0-0-5.${long}example.net\""
printf '*dsl*\tdynamic\n' | patterns_cdb
# each server says whether its stderr (the holder's) is non-blocking; a
# listen queue for the whole crowd at once (tcpserver's default is 20)
LOG=$T/log
: >"$LOG"
tcpserver_on "$LOG" "-v -R -H -l localhost -x $T/tcp.cdb -c 100 -b 100" "$GW" -W "$SOCK" \
	-p "$T/patterns.cdb" -s 0.1 -l 1 -T 1.5 sh -c 'f=0
while read -r k v; do [ "$k" = flags: ] && f=$v; done 2>/dev/null </proc/$$/fdinfo/2
echo "220 served nonblock=$(( (0$f & 04000) != 0 ))"; sleep 0.5'
lag=0
[ "$GW_BUILD" = build ] || lag=0.1
tol=$(awk -v l="$lag" 'BEGIN { print 0.05 + l }')
# what a client sees also counts greetwait's and its server's start, 10 at once
ctol=$(awk -v l="$lag" 'BEGIN { print 0.15 + l }')

# jammed [--noproc]: the crowd against a holder whose log is stuck, then
# the log read again; NAME for the assertions.
jammed() {
	name=${1:-/proc}
	start_holder_jammed "$@" -L 4096
	$CROWD "$PORT" patient:127.0.0.3:10 early:127.0.0.3:4 hangup:127.0.0.5:6 \
		--after 0.4 >"$T/crowd"
	assert_eq "$name: every patient client served" 10 \
		"$(grep -c '^patient .* line="220 served nonblock=' "$T/crowd")"
	assert_eq "$name: each after the long delay, on time" 10 \
		"$(awk -v t="$ctol" '/^patient/ { sub("held=", "", $3); d = $3 - 1; if (d < 0) d = -d; if (d <= t) n++ } END { print n + 0 }' "$T/crowd")"
	assert_eq "$name: every early talker refused, its dialogue over at -T" 4 \
		"$(awk -v t="$ctol" '/^early .*line="554 5\.5\.1 .* eof=yes/ { sub("held=", "", $3); d = $3 - 1.5; if (d < 0) d = -d; if (d <= t) n++ } END { print n + 0 }' "$T/crowd")"
	waitfor 3 sh -c "'$HOLD' -q '$SOCK' | grep -q ' dialogues=0 '"
	sleep 0.2
	lost=$(holder_status log_lost)
	assert_match "$name: -q counts the lines lost" '^[1-9][0-9]*$' "$lost"
	assert_match "$name: -q counts the bytes waiting" '^[1-9][0-9]*$' "$(holder_status log_waiting)"
	: >"$T/go"
	waitfor 3 lines_at_least 1 '^greetwait-hold: warning: the log was full, lines lost: ' "$T/holdlog"
	assert_has_line "$name: the lost lines counted in the log once it reads" "$T/holdlog" \
		"greetwait-hold: warning: the log was full, lines lost: $lost"
	kept=$(grep -Ec '^greetwait: pid=[0-9]+ ip=127\.0\.0\.[35] .* result=(pass|pregreet|hangup) waited=[0-9.]+( .*)?$' "$T/holdlog")
	assert_eq "$name: kept and lost, one line a connection" 20 $((kept + lost))
	assert_eq "$name: nothing but whole lines" "" \
		"$(grep -Ev '^greetwait: pid=[0-9]+ ip=|^greetwait-hold: warning: the log was full' "$T/holdlog")"
	for r in hangup:0.4 pass:1; do
		assert_eq "$name: the ${r%:*} lines kept, waited= on their clock" \
			"$(grep -c "result=${r%:*} " "$T/holdlog")" \
			"$(grep "result=${r%:*} " "$T/holdlog" | awk -v e="${r#*:}" -v t="$tol" '{ for (i = 1; i <= NF; i++) if ($i ~ /^waited=/) { d = substr($i, 8) - e; if (d < 0) d = -d; if (d <= t) n++ } } END { print n + 0 }')"
	done
	assert_match "$name: lines of both kinds kept" '^[1-9]' "$(grep -c 'result=pass ' "$T/holdlog")"
	waitfor 2 sh -c "'$HOLD' -q '$SOCK' | grep -q ' log_waiting=0 '" ||
		fail "$name: -q log_waiting= not back to 0"
	kill "$HOLDER_PID"
	waitfor 2 sh -c "! kill -0 $HOLDER_PID 2>/dev/null"
}

jammed
assert_eq "the servers' stderr still blocking" 10 \
	"$(grep -c '^patient .* line="220 served nonblock=0"' "$T/crowd")"
if can_hide_proc; then
	jammed --noproc
else
	echo "skip: no /proc to hide (not root, or a sanitizer build, whose runtime needs /proc)"
fi

# SIGTERM with the log stuck: the clients held hear 421 at once, the
# holder exits within its bound (1 s)
start_holder_jammed -L 4096
$CROWD "$PORT" patient:127.0.0.3:5 --deadline 5 >"$T/stopped" &
crowd=$!
waitfor 2 held_is 5
t0=$(now)
kill "$HOLDER_PID"
waitfor 3 sh -c "! kill -0 $HOLDER_PID 2>/dev/null"
t1=$(now)
wait "$crowd"
assert_eq "SIGTERM: the clients held told why" 5 \
	"$(grep -c 'line="421 4\.3\.2 Service shutting down, try again later"' "$T/stopped")"
assert_eq "SIGTERM: the holder gone within its bound, its log stuck" yes \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a < 1.5 ? "yes" : "no") }')"
finish
