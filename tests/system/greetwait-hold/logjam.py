#!/usr/bin/python3
"""A stalled logger, for greetwait-hold's log tests.

logjam.py FIFO GO OUT [--deadline D]

Opens the fifo FIFO for reading (a writer may then open it), fills its
pipe to the brim with lines of its own ("logjam filler"), creates
FIFO.ready, and reads nothing until the file GO appears: a writer's
non-blocking write then finds no room, a blocking one waits. Once GO is
there it reads everything, and writes every line but its own filler to
OUT as it comes, until end of file (all writers gone) or D seconds from
its start (default 30)."""
import argparse
import errno
import os
import select
import time

p = argparse.ArgumentParser()
p.add_argument("fifo")
p.add_argument("go")
p.add_argument("out")
p.add_argument("--deadline", type=float, default=30)
a = p.parse_args()
start = time.monotonic()
r = os.open(a.fifo, os.O_RDONLY | os.O_NONBLOCK)
w = os.open(a.fifo, os.O_WRONLY | os.O_NONBLOCK)
filler = b"logjam filler\n"
while True:
    try:
        os.write(w, filler)
    except OSError as e:
        if e.errno != errno.EAGAIN:
            raise
        break
os.close(w)
out = open(a.out, "wb", buffering=0)
open(a.fifo + ".ready", "w").close()
while not os.path.exists(a.go) and time.monotonic() - start < a.deadline:
    time.sleep(0.02)
pending = b""
with out:
    while time.monotonic() - start < a.deadline:
        ready, _, _ = select.select([r], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(r, 65536)
        except BlockingIOError:
            continue
        if not chunk:
            break
        pending += chunk
        lines = pending.split(b"\n")
        pending = lines.pop()
        out.write(b"".join(l + b"\n" for l in lines if l + b"\n" != filler))
    if pending:
        out.write(pending)
