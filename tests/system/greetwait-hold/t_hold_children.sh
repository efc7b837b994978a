#!/bin/sh
# The children the holder forks hold no other client's socket: while an
# early talker's dialogue runs in a child (up to -T), a patient client
# held beside it passes, its server greets it and ends, and the client
# sees the end at once, not when the dialogue's child ends.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules '127.0.0.5:allow,TCPREMOTEHOST="dsl-127-0-0-5.example.net"'
printf '*dsl*\tdynamic\n' | patterns_cdb
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 1 -T 3 \
	sh -c 'echo "220 served"'
start_holder
lag=0
[ "$GW_BUILD" = build ] || lag=0.1
ctol=$(awk -v l="$lag" 'BEGIN { print 0.15 + l }')

# B (127.0.0.3) is held from 0 s and passes at 1 s; A (127.0.0.5) talks
# at 0.4 s, so its dialogue's child is forked while B is held, and then
# says nothing: its dialogue lasts until -T, 3 s on. Each line, and the
# end of each connection, with its time.
$PY - "$PORT" >"$T/out" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
start = time.monotonic()
conns = {}
for name, src in (("B", "127.0.0.3"), ("A", "127.0.0.5")):
    s = socket.socket()
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    conns[name] = [s, b""]
    time.sleep(0.2)
sent = False
while conns and time.monotonic() - start < 5:
    if not sent and time.monotonic() - start >= 0.4:
        conns["A"][0].send(b"EHLO bot\r\n")
        sent = True
    for name in list(conns):
        c = conns[name]
        try:
            d = c[0].recv(4096)
        except BlockingIOError:
            continue
        except OSError:
            d = b""
        now = time.monotonic() - start
        if not d:
            print("%s %.3f end" % (name, now))
            c[0].close()
            del conns[name]
            continue
        c[1] += d
        while b"\n" in c[1]:
            line, c[1] = c[1].split(b"\n", 1)
            print("%s %.3f %s" % (name, now, line.decode().rstrip("\r")))
    time.sleep(0.005)
PY
got() { sed -n "s/^$1 \([0-9.]*\) $2\$/\1/p" "$T/out"; }
assert_near "B served after the long delay" 1 "$(got B '220 served')" "$ctol"
assert_near "B sees its server's end at once" 1 "$(got B end)" "$ctol"
assert_match "A got the 554 when it talked" '^0\.[4-6]' \
	"$(got A '554 5\.5\.1 Protocol error: talking before the greeting')"
assert_eq "A's dialogue still ran when B's connection ended" yes \
	"$(awk -v a="$(got A end)" -v b="$(got B end)" 'BEGIN { print (a == "" || a + 0 > b + 1 ? "yes" : "no") }')"
assert_match "B logged a pass" 'delay=1\.000 result=pass waited=1\.' "$(line_for 127.0.0.3)"
finish
