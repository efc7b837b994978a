#!/usr/bin/python3
"""dnsfake.py IP servfail|silent|badptr: a broken DNS server on IP port 53
(UDP and TCP).  servfail answers every query with SERVFAIL; silent reads
queries and never answers; badptr answers a PTR question with a name whose
first labels hold 60 bytes 0x01 (each written \\001 in text), 243
characters up to .example.org, 268 with .attacker.net; anything else
with NXDOMAIN."""
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


BADPTR = b"".join(bytes([len(l)]) + l for l in
                  [b"\x01" * 40, b"\x01" * 20 + b"ab", b"example", b"org", b"attacker", b"net", b""])


def badptr(query):
    """The reply to query: the PTR above, or NXDOMAIN."""
    end = 12
    while end < len(query) and query[end]:
        end += 1 + query[end]
    question = query[12:end + 5]
    flags = bytes([0x80 | (query[2] & 0x01), 0x80])
    if query[end + 1:end + 3] != b"\x00\x0c":
        return query[:2] + bytes([flags[0], 0x83]) + b"\x00\x01\x00\x00\x00\x00\x00\x00" + question
    answer = b"\xc0\x0c\x00\x0c\x00\x01\x00\x00\x00\x3c" + len(BADPTR).to_bytes(2, "big") + BADPTR
    return query[:2] + flags + b"\x00\x01\x00\x01\x00\x00\x00\x00" + question + answer


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
    if mode == "badptr" and len(query) >= 17:
        u.sendto(badptr(query), peer)
