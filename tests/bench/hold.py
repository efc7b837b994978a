"""Open N connections to 127.0.0.1:PORT from SOURCE and hold them open
until told to stop (a line on stdin) or LIMIT seconds pass."""
import socket, sys, time

port, n, source, limit = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
held = []
for _ in range(n):
    s = socket.socket()
    s.bind((source, 0))
    s.connect(("127.0.0.1", port))
    held.append(s)
print("held", len(held), flush=True)
deadline = time.time() + limit
import select
select.select([sys.stdin], [], [], max(0, deadline - time.time()))
