"""hold.py PORT N SOURCE LIMIT: say "ready", and at the first line on
stdin open N connections to 127.0.0.1:PORT from SOURCE, say "held N",
and hold them open until stdin says more or closes, or LIMIT seconds
pass. The ready-then-go lets make bench read the kernel's counters after
this interpreter's own memory is in place and before the connections."""
import select
import socket
import sys
import time

port, n, source, limit = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
print("ready", flush=True)
deadline = time.time() + limit
if select.select([sys.stdin], [], [], limit)[0] and sys.stdin.readline():
    held = []
    for _ in range(n):
        s = socket.socket()
        s.bind((source, 0))
        s.connect(("127.0.0.1", port))
        held.append(s)
    print("held", len(held), flush=True)
    select.select([sys.stdin], [], [], max(0, deadline - time.time()))
