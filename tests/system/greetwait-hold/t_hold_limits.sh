#!/bin/sh
# The holder's limits, each logged when it acts and counted by -q:
# -m (held from one address): the one over it gets a 421 that says why,
# logged result=toomany, while another address is held as ever; -M the
# same per /24; -n (held
# in all): the handoff over it is refused and greetwait waits itself,
# error= saying so (nothing refused for want of room); -s (servers
# running): a pass over it waits for a slot, up to -w, then 421.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules '127.0.0.5:allow,TCPREMOTEHOST="dsl-127-0-0-5.example.net"'
printf '*dsl*\tdynamic\n' | patterns_cdb
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 1 -T 1 sh -c 'echo "220 served"; sleep 1'

start_holder -m 2
$CROWD "$PORT" patient:127.0.0.3:3 patient:127.0.0.5:1 >"$T/m"
assert_eq "-m 2: two from one address served" 2 "$(grep -c '^patient 127\.0\.0\.3 .*line="220 served"' "$T/m")"
assert_eq "-m 2: the third told why" 1 \
	"$(grep -c '^patient 127\.0\.0\.3 .*line="421 4\.7\.0 Too many connections from your address, try again later"' "$T/m")"
assert_match "-m 2: another address held" '^patient 127\.0\.0\.5 .*line="220 served"' "$(cat "$T/m")"
waitfor 2 lines_at_least 1 'result=toomany' "$LOG"
assert_log_has '^greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=1\.000 result=toomany waited=0\.[0-9]{3} error="too many connections held from the address"$'
assert_has_line "-m's warning" "$LOG" "greetwait-hold: warning: held connections from one address at the limit (2): 127.0.0.3"
assert_eq "-q counts it" 1 "$(holder_status limit_client)"
kill "$HOLDER_PID"
waitfor 2 sh -c "! kill -0 $HOLDER_PID 2>/dev/null"

start_holder -M 2
$CROWD "$PORT" patient:127.0.0.3:1 patient:127.0.0.5:2 >"$T/M"
assert_eq "-M 2: two from one /24 served" 2 "$(grep -c 'line="220 served"' "$T/M")"
assert_eq "-M 2: the third told why" 1 \
	"$(grep -c 'line="421 4\.7\.0 Too many connections from your network, try again later"' "$T/M")"
waitfor 2 lines_at_least 1 'from the network' "$LOG"
assert_log_has 'delay=1\.000 result=toomany waited=0\.[0-9]{3} error="too many connections held from the network"$'
assert_eq "-q counts it" 1 "$(holder_status limit_network)"
kill "$HOLDER_PID"
waitfor 2 sh -c "! kill -0 $HOLDER_PID 2>/dev/null"

start_holder -n 2
$CROWD "$PORT" patient:127.0.0.3:3 >"$T/n"
assert_eq "-n 2: all three served" 3 "$(grep -c 'line="220 served"' "$T/n")"
waitfor 2 lines_at_least 1 'the holder is full' "$LOG"
assert_log_has "result=pass waited=1\.[0-9]{3} error=\"unable to hand over to $SOCK: the holder is full\"$"
assert_has_line "-n's warning" "$LOG" "greetwait-hold: warning: held connections at the limit, greetwait waits itself (2): 127.0.0.3"
assert_eq "-q counts it" 1 "$(holder_status limit_held)"
kill "$HOLDER_PID"
waitfor 2 sh -c "! kill -0 $HOLDER_PID 2>/dev/null"

start_holder -s 1 -w 0.4
$CROWD "$PORT" patient:127.0.0.3:1 patient:127.0.0.5:1 >"$T/s"
assert_eq "-s 1: one served" 1 "$(grep -c 'line="220 served"' "$T/s")"
assert_eq "-s 1 -w 0.4: the other told to come back" 1 \
	"$(grep -c 'line="421 4\.3\.2 Too busy to serve you now, try again later"' "$T/s")"
assert_near "after waiting -w for a slot" 1.4 \
	"$(grep 'Too busy' "$T/s" | sed 's/.* held=\([0-9.]*\) .*/\1/')" 0.15
waitfor 2 lines_at_least 1 'no server slot' "$LOG"
assert_log_has 'delay=1\.000 result=tempfail waited=1\.4[0-9]{2} error="no server slot within -w"$'
assert_eq "-q counts it" "1 1" "$(holder_status limit_servers) $(holder_status slot_timeouts)"
kill "$HOLDER_PID"
waitfor 2 sh -c "! kill -0 $HOLDER_PID 2>/dev/null"

start_holder -s 1 -w 3
$CROWD "$PORT" patient:127.0.0.3:1 patient:127.0.0.5:1 >"$T/s3"
assert_eq "-s 1 -w 3: both served" 2 "$(grep -c 'line="220 served"' "$T/s3")"
assert_eq "the second once the first server ended" 1 \
	"$(awk '{ sub("held=", "", $3); if ($3 > 1.9) n++ } END { print n + 0 }' "$T/s3")"
finish
