"""handoff_time.py RUNS GREETWAIT SOCKET: how long greetwait lives per
connection, median and 90th percentile over RUNS, the client a socket
pair's end on fd 0 (no PTR name: the long delay): handed over to the
holder at SOCKET (-W; it must be running), against deciding with no
delay and an exec that fails at once (/nonexistent: greetwait's life
without the wait nor a server), taking turns (A B A B). The first is
how long a long wait holds a tcpserver slot with the holder; the
difference is the handoff's own cost."""
import socket
import statistics
import subprocess
import sys
import time

runs, gw, sock = int(sys.argv[1]), sys.argv[2], sys.argv[3]
env = {"TCPREMOTEIP": "192.0.2.7", "PATH": "/usr/bin:/bin"}
kinds = {
    "handed over (-W, long delay)": [gw, "-W", sock, "-s", "1", "-l", "5", "/bin/true"],
    "no delay, nothing to exec": [gw, "-s", "0", "-l", "0", "-n", "accept", "/nonexistent"],
}
times = {k: [] for k in kinds}
keep = []
for _ in range(runs):
    for name, argv in kinds.items():
        a, b = socket.socketpair()
        t = time.monotonic()
        p = subprocess.Popen(argv, stdin=a, stdout=a, stderr=subprocess.DEVNULL, env=env)
        p.wait()
        times[name].append((time.monotonic() - t) * 1000)
        a.close()
        keep.append(b)  # the holder holds it; closed at the end
for name, t in times.items():
    t.sort()
    print("  %-30s median %6.2f ms  p90 %6.2f ms" % (name, statistics.median(t), t[len(t) * 9 // 10]))
d = statistics.median(times["handed over (-W, long delay)"]) - statistics.median(times["no delay, nothing to exec"])
print("  the handoff's own cost (median difference): %+.2f ms" % d)
