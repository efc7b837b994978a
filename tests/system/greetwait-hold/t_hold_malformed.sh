#!/bin/sh
# A local process that writes anything to the holder's socket is
# refused (answer R), warned about with the reason, and changes nothing:
# not a message, a truncated one, no socket beside it, a pipe instead of
# a socket. The holder then takes a real handoff as ever.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 0.5 sh -c 'echo "220 served"'
start_holder
$PY - "$SOCK" >"$T/answers" <<'PY'
import os, socket, sys
def ask(data, fds):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    s.connect(sys.argv[1])
    socket.send_fds(s, [data], fds)
    s.settimeout(2)
    try:
        print(s.recv(1).decode() or "closed")
    except OSError:
        print("none")
r, w = os.pipe()
tcp = socket.socket()
ask(b"GET / HTTP/1.0\r\n\r\n", [tcp.fileno()])
ask(b"GWH\x01\xff\x00\x00\x00" + b"\x00" * 40, [tcp.fileno()])
ask(b"GWH\x01\x10\x00\x00\x00" + b"\x00" * 8, [])
ask(b"GWH\x01\x10\x00\x00\x00" + b"\x00" * 8, [r])
PY
assert_eq "each refused" "R R R R" "$(tr '\n' ' ' <"$T/answers" | sed 's/ $//')"
assert_has_line "garbage" "$LOG" "greetwait-hold: warning: refused a handoff: not a handoff message"
assert_has_line "truncated" "$LOG" "greetwait-hold: warning: refused a handoff: truncated"
assert_has_line "no socket" "$LOG" "greetwait-hold: warning: refused a handoff: not one socket beside the message"
assert_has_line "a pipe" "$LOG" "greetwait-hold: warning: refused a handoff: the client is no stream socket"
assert_eq "-q counts them" 4 "$(holder_status malformed)"
$CROWD "$PORT" patient:127.0.0.3:1 >"$T/after"
assert_match "a real handoff still works" 'line="220 served"' "$(cat "$T/after")"
waitfor 2 lines_at_least 1 'result=pass' "$LOG"
assert_log_has 'ip=127\.0\.0\.3 .*delay=0\.500 result=pass waited=0\.5[0-9]{2}$'
finish
