#!/usr/bin/python3
"""A crowd of clients at once, for greetwait-hold's tests.

crowd.py PORT KIND:SRC:N ... [--after S] [--talk T] [--deadline D] [--quit]

Opens every connection at once (N from source address SRC for each
KIND), then plays each: patient ones read until a line that does not
begin "220-" (a teaser) and, with --quit, say QUIT and read to the end;
early ones send "EHLO bot" at once (with --talk, T seconds after their
connect), answer nothing more and read to the end; hangup ones close after S seconds from their connect. Prints a line
per connection:

  KIND SRC held=SECONDS line="FIRST NON-TEASER LINE" eof=yes|no

and ends by the deadline D (seconds from the start) whatever happens.
The sockets are watched by epoll (selectors), not select(), so that a
crowd may hold more than 1,024 descriptors; give it the ulimit -n."""
import argparse
import collections
import selectors
import socket
import time

p = argparse.ArgumentParser()
p.add_argument("port", type=int)
p.add_argument("crowd", nargs="+")
p.add_argument("--after", type=float, default=0.4)
p.add_argument("--talk", type=float, default=0)
p.add_argument("--deadline", type=float, default=20)
p.add_argument("--quit", action="store_true")
a = p.parse_args()
start = time.monotonic()
sel = selectors.DefaultSelector()
conns = []
hangups = collections.deque()  # in the order of their connects, so of their hangups
talkers = collections.deque()  # early ones waiting for --talk, the same way
for spec in a.crowd:
    kind, src, n = spec.split(":")
    for _ in range(int(n)):
        s = socket.socket()
        s.bind((src, 0))
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", a.port))
        c = {"kind": kind, "src": src, "s": s, "t0": time.monotonic(), "buf": b"",
             "line": None, "eof": False, "sent": False, "held": None, "open": True}
        conns.append(c)
        want = selectors.EVENT_READ
        if kind == "early" and a.talk:
            talkers.append(c)
        elif kind == "early":
            want |= selectors.EVENT_WRITE
        sel.register(s, want, c)
        if kind == "hangup":
            hangups.append(c)
live = len(conns)


def close(c, now, eof=False):
    """Stop playing connection c: closed by us, or by the other end (eof)."""
    global live
    sel.unregister(c["s"])
    c["s"].close()
    c["open"] = False
    c["eof"] = eof
    c["held"] = now - c["t0"]
    live -= 1


def readable(c):
    """Read what came on c; the first non-teaser line ends a patient one."""
    s = c["s"]
    try:
        chunk = s.recv(4096)
    except OSError:
        chunk = b""
    if not chunk:
        close(c, time.monotonic(), eof=True)
        return
    c["buf"] += chunk
    while c["line"] is None and b"\n" in c["buf"]:
        line, c["buf"] = c["buf"].split(b"\n", 1)
        line = line.rstrip(b"\r")
        if not line.startswith(b"220-"):
            c["line"] = line
            c["held"] = time.monotonic() - c["t0"]
            if c["kind"] == "patient" and a.quit:
                s.send(b"QUIT\r\n")
            elif c["kind"] == "patient":
                close(c, time.monotonic())


while live and time.monotonic() - start < a.deadline:
    now = time.monotonic()
    while hangups and now - hangups[0]["t0"] >= a.after:
        c = hangups.popleft()
        if c["open"]:
            close(c, now)
    while talkers and now - talkers[0]["t0"] >= a.talk:
        c = talkers.popleft()
        if c["open"]:
            sel.modify(c["s"], selectors.EVENT_READ | selectors.EVENT_WRITE, c)
    wait = a.deadline - (now - start)
    if hangups:
        wait = min(wait, hangups[0]["t0"] + a.after - now)
    if talkers:
        wait = min(wait, talkers[0]["t0"] + a.talk - now)
    for key, events in sel.select(timeout=max(0.0, min(wait, 0.5))):
        c = key.data
        if not c["open"]:
            continue
        if events & selectors.EVENT_WRITE and not c["sent"]:
            try:
                c["s"].send(b"EHLO bot\r\n")
                c["sent"] = True
                sel.modify(c["s"], selectors.EVENT_READ, c)
            except OSError:
                pass
        if events & selectors.EVENT_READ:
            readable(c)
for c in conns:
    line = (c["line"] or b"").decode("latin-1").replace('"', "'")
    held = c["held"] if c["held"] is not None else time.monotonic() - c["t0"]
    print('%s %s held=%.3f line="%s" eof=%s' % (c["kind"], c["src"], held, line,
                                               "yes" if c["eof"] else "no"))
