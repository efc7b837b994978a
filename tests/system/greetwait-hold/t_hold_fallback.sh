#!/bin/sh
# Nothing is lost when the holder is not there. No socket at all, or a
# stale socket file nobody listens on: greetwait waits itself, the
# client gets the server after the long delay, the log line says
# error="unable to hand over to PATH: ...". The holder stopped (SIGTERM)
# while it holds clients: each gets a 421 and a log line; new connections
# fall back to greetwait's own wait. A new holder replaces the stale
# socket and takes handoffs at once. Killed (SIGKILL), it drops what it
# held, and again new connections fall back.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 1.5 -T 1 sh -c 'echo "220 served"'

$CROWD "$PORT" patient:127.0.0.3:1 >"$T/absent"
assert_match "no holder: the server after the long delay" '^patient 127\.0\.0\.3 held=1\.[5-9][0-9]* line="220 served"' "$(cat "$T/absent")"
wait_ended 1
assert_line 127.0.0.3 "greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host=\"dsl-127-0-0-3\.example\.net\" why=pattern:dynamic delay=1\.500 result=pass waited=1\.5[0-9]{2} error=\"unable to hand over to $SOCK: file does not exist\""

start_holder
$CROWD "$PORT" patient:127.0.0.3:3 hangup:127.0.0.2:1 --after 0.2 >"$T/before" &
crowd=$!
waitfor 3 held_is 3 ||
	fail "the holder did not hold the three"
kill -TERM "$HOLDER_PID"
wait $crowd
assert_eq "held when it stopped: a 421 each" 3 \
	"$(grep -c '^patient .* line="421 4\.3\.2 Service shutting down, try again later"' "$T/before")"
waitfor 2 lines_at_least 3 'result=tempfail' "$LOG"
assert_eq "and a log line each" 3 \
	"$(gwlog | grep -Ec 'why=pattern:dynamic delay=1\.500 result=tempfail waited=0\.[0-9]{3} error="greetwait-hold stopped"$')"
assert_eq "the short wait stayed in greetwait (no -H)" 1 \
	"$(gwlog | grep -Ec 'ip=127\.0\.0\.2 .*delay=0\.100 result=pass waited=0\.1[0-9]{2}$')"
if [ -e "$SOCK" ]; then fail "the stopped holder left its socket"; else pass "the stopped holder removed its socket"; fi
$CROWD "$PORT" patient:127.0.0.3:1 >"$T/after"
assert_match "after it: greetwait waits itself" 'line="220 served"' "$(cat "$T/after")"

# a stale socket file, then a new holder that replaces it
$PY -c 'import socket, sys; s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); s.bind(sys.argv[1])' "$SOCK"
$CROWD "$PORT" patient:127.0.0.3:1 >"$T/stale"
assert_match "a stale socket: greetwait waits itself" 'line="220 served"' "$(cat "$T/stale")"
waitfor 2 lines_at_least 1 'Connection refused' "$LOG"
assert_log_has "result=pass waited=1\.5[0-9]{2} error=\"unable to hand over to $SOCK: Connection refused\""
start_holder
$CROWD "$PORT" patient:127.0.0.3:2 >"$T/restarted" &
crowd=$!
waitfor 3 held_is 2 ||
	fail "the new holder did not take the handoffs"
kill -KILL "$HOLDER_PID"
wait $crowd
assert_eq "killed: what it held is dropped before any greeting" 2 \
	"$(grep -c '^patient .* line="" eof=yes' "$T/restarted")"
$CROWD "$PORT" patient:127.0.0.3:1 >"$T/killed"
assert_match "after a kill: greetwait waits itself" 'line="220 served"' "$(cat "$T/killed")"
waitfor 2 lines_at_least 3 'Connection refused' "$LOG"
assert_eq "one line for every connection but the two dropped" \
	"$(($(grep -c '^tcpserver: pid' "$LOG") - 2))" "$(gwlog | grep -c 'result=')"
finish
