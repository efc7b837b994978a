#!/usr/bin/python3
"""The time to take in a burst, for make bench (tests/bench/hold.sh).

burst.py -n N -c LIMIT -b BACKLOG -l DELAY [--queue Q] [--hold PROG]
         [--deadline S] [--log FILE] GREETWAIT

Starts tcpserver -c LIMIT -b BACKLOG on 127.0.0.1 running GREETWAIT -s
DELAY -l DELAY -b burst (every client waits DELAY seconds, the teaser
line "220-burst" sent when the wait begins) in front of /bin/echo;
with --hold PROG, PROG (greetwait-hold) listens on a socket of its own
and greetwait -W hands it every wait. Then opens N connections at
once, or with --queue Q never more than Q not yet taken in (a burst
paced so that a listen queue of Q holds it), and records for each when
its teaser came, the moment its wait began: tcpserver had accepted it
and greetwait (or the holder) taken it in; and when the greeting came.
The log lines (greetwait's and the holder's) go to FILE. Prints one
line:

  burst: n=N taken=T greeted=G lost=L in_all=S greeted_all=S queued=Q
         overflows=O fallbacks=F holder_cpu=S

in_all: seconds from the first connect until the last one's teaser (all
N taken in); greeted_all: until the last greeting; queued: the most
connections at once that were connected and not yet taken in (waiting
in the listen queue); lost: connections that failed or were not greeted
by the deadline; overflows: the kernel's TcpExt ListenOverflows over
the run (0 unless the queue was too short: then the time measures SYN
retries, not intake); fallbacks: log lines with error= (a handoff that
failed, and greetwait waited itself); holder_cpu: the holder's own CPU
seconds over the run (0 without it)."""
import argparse
import os
import resource
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time


def overflows():
    """TcpExt ListenOverflows from /proc/net/netstat."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            kv = dict(zip(names.split()[1:], map(int, values.split()[1:])))
            return kv.get("ListenOverflows", 0)
    return 0


def holder_cpu(p):
    """The holder's own CPU seconds (user and system), from /proc."""
    with open("/proc/%d/stat" % p.pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(args, sock):
    """The holder (if any), then tcpserver; returns the processes and the port."""
    procs = []
    gw = [args.greetwait]
    log = open(args.log, "ab") if args.log else subprocess.DEVNULL
    if args.hold:
        h = subprocess.Popen([args.hold, "-n", str(args.n + 100), sock], stderr=log)
        procs.append(h)
        for _ in range(100):
            if subprocess.call([args.hold, "-q", sock], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL) == 0:
                break
            time.sleep(0.05)
        gw += ["-W", sock]
    d = str(args.l)
    cmd = ["tcpserver", "-1", "-R", "-H", "-l", "localhost", "-c", str(args.c), "-b", str(args.b),
           "127.0.0.1", "0"] + gw + ["-s", d, "-l", d, "-b", "burst", "/bin/echo", "220 ready"]
    t = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
    procs.insert(0, t)
    port = t.stdout.readline().strip()
    if not port:
        sys.exit("burst: tcpserver did not start")
    return procs, int(port)


def burst(port, args):
    """N connections, at once or Q at most not yet taken in; their times."""
    sel = selectors.DefaultSelector()
    t0 = time.monotonic()
    opened = taken = greeted = lost = 0
    waiting = queued = 0
    last_taken = last_greeted = t0
    while time.monotonic() - t0 < args.deadline:
        while opened < args.n and (not args.queue or waiting < args.queue):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            sel.register(s, selectors.EVENT_READ, [b"", False])
            opened += 1
            waiting += 1
        queued = max(queued, waiting)
        if opened == args.n and not sel.get_map():
            break
        for key, _ in sel.select(timeout=0.2):
            s, state = key.fileobj, key.data
            try:
                data = s.recv(512)
            except OSError:
                data = b""
            now = time.monotonic()
            if not data:
                lost += 1
                if not state[1]:
                    waiting -= 1
                sel.unregister(s)
                s.close()
                continue
            state[0] += data
            if not state[1] and state[0].startswith(b"220-"):
                state[1] = True
                taken += 1
                waiting -= 1
                last_taken = now
            if b"\n220 " in state[0] or state[0].startswith(b"220 "):
                greeted += 1
                last_greeted = now
                sel.unregister(s)
                s.close()
    lost += len(sel.get_map()) + args.n - opened
    return taken, greeted, lost, last_taken - t0, last_greeted - t0, queued


def stopped(signo, frame):
    """SIGTERM or SIGINT: leave by main's finally, which stops the servers."""
    sys.exit(130)


def main():
    signal.signal(signal.SIGTERM, stopped)
    signal.signal(signal.SIGINT, stopped)
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("-c", type=int, default=100)
    ap.add_argument("-b", type=int, default=4096)
    ap.add_argument("-l", type=float, default=0.5)
    ap.add_argument("--queue", type=int, default=0)
    ap.add_argument("--hold")
    ap.add_argument("--deadline", type=float, default=120)
    ap.add_argument("--log")
    ap.add_argument("greetwait")
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.n + 200:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(args.n + 200, hard), hard))
    tmp = tempfile.mkdtemp()
    sock = os.path.join(tmp, "hold.sock")
    procs, port = start(args, sock)
    before = overflows()
    try:
        taken, greeted, lost, in_all, greeted_all, queued = burst(port, args)
    finally:
        after = overflows()
        cpu = holder_cpu(procs[1]) if args.hold else 0
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            p.wait()
        if os.path.exists(sock):
            os.unlink(sock)
        os.rmdir(tmp)
    fallbacks = 0
    if args.log:
        time.sleep(0.2)  # the last lines written
        with open(args.log, "rb") as f:
            fallbacks = sum(1 for line in f if b" error=" in line)
    print("burst: n=%d taken=%d greeted=%d lost=%d in_all=%.2f greeted_all=%.2f queued=%d overflows=%d"
          " fallbacks=%d holder_cpu=%.2f" % (args.n, taken, greeted, lost, in_all, greeted_all, queued,
                                             after - before, fallbacks, cpu))


main()
