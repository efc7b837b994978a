#!/bin/sh
# 200 clients at once under tcpserver -c 20: greetwait hands each over
# and exits, so all the patient ones are held by the holder at the same
# time while no more than 20 greetwait processes ever exist; every
# patient one then gets the server's greeting after the long delay, the
# early talkers the 554, the ones that hang up a log line with their
# time; one log line per connection, no handoff failed.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
: >"$T/log"
LOG=$T/log
tcpserver_on "$LOG" "-v -R -H -l localhost -x $T/tcp.cdb -c 20 -b 300" \
	"$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 4 -T 1 sh -c 'echo "220 held"; exec cat >/dev/null'
start_holder
max_children "$TCPSERVER_PID" "$T/max" &
sampler=$!
$CROWD "$PORT" patient:127.0.0.3:150 early:127.0.0.3:25 hangup:127.0.0.3:25 --after 0.5 \
	--deadline 30 >"$T/crowd" &
crowd=$!
peak=0 n=0
while kill -0 $crowd 2>/dev/null && [ $n -lt 300 ]; do
	h=$(holder_status held)
	[ "${h:-0}" -gt "$peak" ] && peak=$h
	sleep 0.1
	n=$((n + 1))
done
wait $crowd
touch "$T/max.stop"
wait $sampler
assert_eq "the crowd finished" 200 "$(wc -l <"$T/crowd")"
assert_eq "every patient client got the server's greeting" 150 \
	"$(grep -c '^patient .* line="220 held"' "$T/crowd")"
assert_eq "none of them before the long delay" 0 \
	"$(awk '/^patient/ { sub("held=", "", $3); if ($3 < 3.95) n++ } END { print n + 0 }' "$T/crowd")"
assert_eq "every early talker got the 554" 25 \
	"$(grep -c '^early .* line="554 5\.5\.1 Protocol error: talking before the greeting" eof=yes' "$T/crowd")"
assert_match "all the patient ones were held at once (peak $peak)" '^(1[5-9][0-9]|200)$' "$peak"
assert_match "no more than 20 greetwait processes ($(cat "$T/max"))" '^([0-9]|1[0-9]|20)$' "$(cat "$T/max")"
waitfor 5 lines_at_least 200 '^greetwait: .*result=' "$LOG"
assert_eq "one log line per connection" 200 "$(gwlog | grep -c 'result=')"
assert_eq "150 passes" 150 "$(gwlog | grep -c 'delay=4\.000 result=pass waited=4\.')"
assert_eq "25 pregreets" 25 "$(gwlog | grep -c 'result=pregreet .*data="EHLO bot"')"
# (waited= counts from greetwait's start, which the listen queue delays
# when the 20 slots are busy: t_hold_outcomes checks it to 50 ms)
assert_eq "25 hangups, none logged later than 0.5 s after its connect" 25 \
	"$(gwlog | grep 'result=hangup' | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^waited=/) { sub("waited=", "", $i); if ($i < 0.56) n++ } } END { print n + 0 }')"
assert_eq "no handoff failed" 0 "$(gwlog | grep -c 'error=')"
finish
