#!/usr/bin/python3
"""A crowd of clients at once, for greetwait-hold's tests.

crowd.py PORT KIND:SRC:N ... [--after S] [--deadline D] [--quit]

Opens every connection at once (N from source address SRC for each
KIND), then plays each: patient ones read until a line that does not
begin "220-" (a teaser) and, with --quit, say QUIT and read to the end;
early ones send "EHLO bot" at once, answer nothing more and read to the
end; hangup ones close after S seconds from their connect. Prints a line
per connection:

  KIND SRC held=SECONDS line="FIRST NON-TEASER LINE" eof=yes|no

and ends by the deadline D (seconds from the start) whatever happens."""
import argparse
import select
import socket
import time

p = argparse.ArgumentParser()
p.add_argument("port", type=int)
p.add_argument("crowd", nargs="+")
p.add_argument("--after", type=float, default=0.4)
p.add_argument("--deadline", type=float, default=20)
p.add_argument("--quit", action="store_true")
a = p.parse_args()
start = time.monotonic()
conns = []
for spec in a.crowd:
    kind, src, n = spec.split(":")
    for _ in range(int(n)):
        s = socket.socket()
        s.bind((src, 0))
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", a.port))
        conns.append({"kind": kind, "src": src, "s": s, "t0": time.monotonic(), "buf": b"",
                      "line": None, "eof": False, "sent": False, "held": None, "open": True})
while time.monotonic() - start < a.deadline:
    now = time.monotonic()
    live = [c for c in conns if c["open"]]
    if not live:
        break
    for c in live:
        if c["kind"] == "hangup" and now - c["t0"] >= a.after:
            c["s"].close()
            c["open"] = False
            c["held"] = now - c["t0"]
    live = [c for c in conns if c["open"]]
    want_w = [c["s"] for c in live if c["kind"] == "early" and not c["sent"]]
    r, w, _ = select.select([c["s"] for c in live], want_w, [], 0.005)
    for c in live:
        s = c["s"]
        if s in w:
            try:
                s.send(b"EHLO bot\r\n")
                c["sent"] = True
            except OSError:
                pass
        if s not in r:
            continue
        try:
            chunk = s.recv(4096)
        except OSError:
            chunk = b""
        if not chunk:
            c["eof"] = True
            c["open"] = False
            c["held"] = time.monotonic() - c["t0"]
            s.close()
            continue
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
                    s.close()
                    c["open"] = False
for c in conns:
    line = (c["line"] or b"").decode("latin-1").replace('"', "'")
    held = c["held"] if c["held"] is not None else time.monotonic() - c["t0"]
    print('%s %s held=%.3f line="%s" eof=%s' % (c["kind"], c["src"], held, line,
                                               "yes" if c["eof"] else "no"))
