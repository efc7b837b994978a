#!/usr/bin/python3
"""dnsfake.py IP servfail|silent: a broken DNS server on IP port 53 (UDP
and TCP).  servfail answers every query with SERVFAIL; silent reads
queries and never answers."""
import socket
import sys
import threading

ip, mode = sys.argv[1], sys.argv[2]


def tcp():
    t = socket.socket()
    t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    t.bind((ip, 53))
    t.listen(64)
    held = []
    while True:
        c, _ = t.accept()
        held.append(c)  # never answer over TCP either


u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind((ip, 53))
threading.Thread(target=tcp, daemon=True).start()
print("ready", flush=True)
while True:
    query, peer = u.recvfrom(512)
    if mode == "servfail" and len(query) >= 12:
        # the query back as a response: QR set, opcode kept, RA set, rcode 2
        reply = query[:2] + bytes([query[2] | 0x80, 0x80 | 2]) + query[4:]
        u.sendto(reply, peer)
