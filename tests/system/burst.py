#!/usr/bin/python3
"""A burst of connections against tcpserver's listen queue.

burst.py [-n N] [-c LIMIT] [-b BACKLOG] [--syn-retries K] [--deadline S]
         [--log FILE] -- PROG [ARG ...]

Starts tcpserver -c LIMIT -b BACKLOG on 127.0.0.1 (a port the kernel
picks) running PROG per connection, its stderr to FILE; opens N
connections to it at once, each giving up after K SYN retransmissions
(TCP_SYNCNT: 1 s, then 2 s more, ...), and reads each one's first line
until S seconds have passed. Then stops tcpserver and prints one line:

  burst: n=N greeted=G failed=F silent=S seconds=T overflows=O drops=D

greeted: a line came; failed: the connect or the read failed (the
kernel dropped its SYNs until the client gave up); silent: nothing by
the deadline; overflows, drops: the kernel's TcpExt ListenOverflows and
ListenDrops counters (/proc/net/netstat) over the run: connections a
full listen queue turned away. Run it in a network namespace of its own
(unshare -n) for counters that only it moves."""
import argparse
import errno
import os
import resource
import selectors
import signal
import socket
import subprocess
import sys
import time


def listen_counters():
    """ListenOverflows and ListenDrops from /proc/net/netstat."""
    with open("/proc/net/netstat") as f:
        lines = f.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            kv = dict(zip(names.split()[1:], map(int, values.split()[1:])))
            return kv.get("ListenOverflows", 0), kv.get("ListenDrops", 0)
    return 0, 0


def start_tcpserver(args):
    """tcpserver on 127.0.0.1:0; returns the process and its port."""
    log = open(args.log, "ab") if args.log else subprocess.DEVNULL
    cmd = ["tcpserver", "-1", "-R", "-H", "-l", "localhost", "-c", str(args.c),
           "-b", str(args.b), "127.0.0.1", "0"] + args.prog
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
    port = p.stdout.readline().strip()
    if not port:
        sys.exit("burst: tcpserver did not start")
    return p, int(port)


def burst(port, args):
    """Connect N times at once; count greeted, failed and silent ones."""
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    greeted = failed = 0
    for _ in range(args.n):
        s = socket.socket()
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, args.syn_retries)
        s.setblocking(False)
        err = s.connect_ex(("127.0.0.1", port))
        if err not in (0, errno.EINPROGRESS):
            failed += 1
            s.close()
            continue
        sel.register(s, selectors.EVENT_READ, b"")
    while sel.get_map() and time.monotonic() - start < args.deadline:
        for key, _ in sel.select(timeout=0.5):
            try:
                data = key.fileobj.recv(512)
            except OSError:
                data = None
            got = key.data + (data or b"")
            if data and b"\n" not in got:
                sel.modify(key.fileobj, selectors.EVENT_READ, got)
                continue
            if got:
                greeted += 1
            else:
                failed += 1
            sel.unregister(key.fileobj)
            key.fileobj.close()
    silent = len(sel.get_map())
    return greeted, failed, silent, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("-c", type=int, default=20)
    ap.add_argument("-b", type=int, default=20)
    ap.add_argument("--syn-retries", type=int, default=1)
    ap.add_argument("--deadline", type=float, default=20)
    ap.add_argument("--log")
    ap.add_argument("prog", nargs="+")
    args = ap.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = args.n + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(want, hard), hard))
    server, port = start_tcpserver(args)
    before = listen_counters()
    try:
        greeted, failed, silent, took = burst(port, args)
    finally:
        after = listen_counters()
        server.send_signal(signal.SIGTERM)
        server.wait()
    print("burst: n=%d greeted=%d failed=%d silent=%d seconds=%.1f overflows=%d drops=%d"
          % (args.n, greeted, failed, silent, took, after[0] - before[0], after[1] - before[1]))


main()
