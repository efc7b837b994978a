#!/bin/sh
# A pass waiting for a server slot (-s 1, the slot held by a slow
# server) is watched for a hangup: one that hangs up while queued is
# logged result=hangup at that moment, with its own waited=, and leaves
# the queue, so the next in line gets the slot when it frees; one that
# talks while queued keeps its bytes for its server, and the holder does
# not spin on them meanwhile.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules '127.0.0.5:allow,TCPREMOTEHOST="dsl-127-0-0-5.example.net"' \
	'127.0.0.6:allow,TCPREMOTEHOST="dsl-127-0-0-6.example.net"'
printf '*dsl*\tdynamic\n' | patterns_cdb
# the server answers the first line it reads, and ends
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 1 -T 1 \
	sh -c 'echo "220 served"; IFS= read -r l; echo "250 got $l"'
start_holder -s 1 -w 5
lag=0
[ "$GW_BUILD" = build ] || lag=0.1
tol=$(awk -v l="$lag" 'BEGIN { print 0.05 + l }')
# what a client sees also counts greetwait's and its server's start
ctol=$(awk -v l="$lag" 'BEGIN { print 0.15 + l }')

# A takes the slot at 1 s and keeps it until it speaks at 2.3 s; B passes
# at 1 s, queued, and hangs up at 1.5 s; C passes at 1 s, queued behind B,
# says NOOP at 1.3 s. At 1.4 s and 1.9 s the holder's CPU time (its own
# loop, not its children's), at 1.9 s its -q status.
$PY - "$PORT" "$HOLD" "$SOCK" "$HOLDER_PID" "$LOG" >"$T/out" <<'EOF'
import socket, subprocess, sys, time
port, hold, sock, holder, log = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
start = time.monotonic()
def at(t):
    time.sleep(max(0, start + t - time.monotonic()))
def cpu():
    with open("/proc/%s/stat" % holder) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])
conns = {}
for name, src in (("A", "127.0.0.3"), ("B", "127.0.0.5"), ("C", "127.0.0.6")):
    s = socket.socket()
    s.bind((src, 0))
    s.connect(("127.0.0.1", port))
    s.setblocking(False)
    conns[name] = [s, b"", 0]
    time.sleep(0.05)
def read_all():
    for name, c in conns.items():
        try:
            d = c[0].recv(4096)
        except (BlockingIOError, OSError):
            continue
        c[1] += d
        while b"\n" in c[1]:
            line, c[1] = c[1].split(b"\n", 1)
            print("%s %.3f %s" % (name, time.monotonic() - start, line.decode().rstrip("\r")))
def run_until(t):
    while time.monotonic() - start < t:
        read_all()
        time.sleep(0.005)
run_until(1.3)
conns["C"][0].send(b"NOOP\r\n")
run_until(1.4)
before = cpu()
run_until(1.5)
conns["B"][0].close()
del conns["B"]
run_until(1.9)
print("cpu-ticks %d" % (cpu() - before))
print("status " + subprocess.run([hold, "-q", sock], capture_output=True, text=True).stdout.strip())
with open(log) as f:
    print("b-logged %d" % sum(" ip=127.0.0.5 " in l and " result=hangup " in l for l in f))
run_until(2.3)
conns["A"][0].send(b"QUIT\r\n")
run_until(3.5)
EOF
status=$(sed -n 's/^status //p' "$T/out")
got() { sed -n "s/^$1 \([0-9.]*\) $2\$/\1/p" "$T/out"; }
assert_match "-q at 1.9 s: C queued, none held" ' held=0 .* queued=1 ' " $status "
assert_eq "B logged when it hung up, before the slot freed (2.3 s)" 1 \
	"$(sed -n 's/^b-logged //p' "$T/out")"
bl=$(line_for 127.0.0.5)
assert_match "B: result=hangup" ' why=pattern:dynamic delay=1\.000 result=hangup waited=1\.[0-9]{3}$' "$bl"
assert_near "B: waited= its own time, to the hangup" 1.45 "$(field waited "$bl")" "$tol"
assert_eq "B never served" 0 "$(gwlog | grep -c 'ip=127\.0\.0\.5 .*result=pass')"
assert_eq "the holder idle while C's bytes wait (CPU ticks in 0.5 s)" yes \
	"$(awk -v t="$(sed -n 's/^cpu-ticks //p' "$T/out")" 'BEGIN { print (t != "" && t <= 5 ? "yes" : "no") }')"
assert_near "A served after the long delay" 1 "$(got A '220 served')" "$ctol"
assert_near "A's server ended when it spoke" 2.3 "$(got A '250 got QUIT')" "$ctol"
assert_near "C served when A's slot freed" 2.3 "$(got C '220 served')" "$ctol"
assert_match "C's bytes sent while queued reached its server" '^[0-9.]+$' "$(got C '250 got NOOP')"
finish
