#!/bin/sh
# 1,000 clients at once under tcpserver -c 20 (issue 14's test):
# greetwait hands each over and exits, so all 1,000 are held by the
# holder at the same time, as its -q says, while no more than 20
# greetwait processes ever exist; then the 125 early talkers talk (6 s
# after their connect) and get the 554, the 125 that hang up (6 s too)
# get a log line with their time, and every patient one (750) gets the
# server's greeting after the long delay (10 s); one log line per
# connection, no handoff failed. tcpserver's -b holds the whole crowd in
# the listen queue while the 20 slots are busy (the kernel caps it at
# net.core.somaxconn), and ulimit -n gives the crowd a descriptor each.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
N=1000 PATIENT=750 EARLY=125 HANGUP=125
# The intake of the whole crowd through 20 slots takes a few seconds
# (0.6 s here, up to 3.4 s under the sanitizers with both cores busy):
# the early talkers and the hang-ups act after it (ACT), the patient
# ones are served after that.
LONG=10 ACT=6
[ "$(ulimit -n)" -ge $((N + 200)) ] || ulimit -n $((N + 200)) 2>/dev/null ||
	{ fail "ulimit -n $((N + 200)) not allowed (hard limit $(ulimit -Hn))"; finish; }
cap=$(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo 0)
[ "$cap" -ge $((N + 100)) ] ||
	echo "note: net.core.somaxconn is $cap: tcpserver -b $((N + 100)) is cut to it, and SYNs past it wait for their retry"
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
: >"$T/log"
LOG=$T/log
tcpserver_on "$LOG" "-v -R -H -l localhost -x $T/tcp.cdb -c 20 -b $((N + 100))" \
	"$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l $LONG -T 1 sh -c 'echo "220 held"; exec cat >/dev/null'
start_holder
max_children "$TCPSERVER_PID" "$T/max" &
sampler=$!
t0=$(now)
$CROWD "$PORT" patient:127.0.0.3:$PATIENT early:127.0.0.3:$EARLY hangup:127.0.0.3:$HANGUP --after $ACT --talk $ACT \
	--deadline $((LONG + 30)) >"$T/crowd" &
crowd=$!
peak=0 at=0 n=0
while kill -0 $crowd 2>/dev/null && [ $n -lt $(((LONG + 30) * 10)) ]; do
	h=$(holder_status held)
	[ "${h:-0}" -gt "$peak" ] && peak=$h && at=$(now)
	sleep 0.1
	n=$((n + 1))
done
wait $crowd
touch "$T/max.stop"
wait $sampler
echo "note: peak $peak held, $(awk -v a="$at" -v b="$t0" 'BEGIN { printf "%.1f", a - b }') s after the crowd began"
assert_eq "the crowd finished" $N "$(wc -l <"$T/crowd")"
assert_eq "every patient client got the server's greeting" $PATIENT \
	"$(grep -c '^patient .* line="220 held"' "$T/crowd")"
assert_eq "none of them before the long delay" 0 \
	"$(awk -v l=$LONG '/^patient/ { sub("held=", "", $3); if ($3 + 0 < l - 0.05) n++ } END { print n + 0 }' "$T/crowd")"
assert_eq "every early talker got the 554" $EARLY \
	"$(grep -c '^early .* line="554 5\.5\.1 Protocol error: talking before the greeting" eof=yes' "$T/crowd")"
assert_eq "all of them held at once, as greetwait-hold -q said" $N "$peak"
assert_match "no more than 20 greetwait processes ($(cat "$T/max"))" '^([0-9]|1[0-9]|20)$' "$(cat "$T/max")"
waitfor 5 lines_at_least $N '^greetwait: .*result=' "$LOG"
assert_eq "one log line per connection" $N "$(gwlog | grep -c 'result=')"
assert_eq "$PATIENT passes" $PATIENT "$(gwlog | grep -c "delay=$LONG\\.000 result=pass waited=$LONG\\.")"
assert_eq "$EARLY pregreets" $EARLY "$(gwlog | grep -c 'result=pregreet .*data="EHLO bot"')"
# (waited= counts from greetwait's start, which the listen queue delays
# when the 20 slots are busy: t_hold_outcomes checks it to 50 ms)
assert_eq "$HANGUP hangups, none logged later than 60 ms after its hangup" $HANGUP \
	"$(gwlog | grep 'result=hangup' | awk -v a=$ACT '{ for (i = 1; i <= NF; i++) if ($i ~ /^waited=/) { sub("waited=", "", $i); if ($i < a + 0.06) n++ } } END { print n + 0 }')"
assert_eq "no handoff failed" 0 "$(gwlog | grep -c 'error=')"
finish
