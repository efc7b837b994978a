#!/usr/bin/python3
"""dnsslow.py [--nxdomain] IP SECONDS [LOG]: a slow DNS server on IP port
53 (UDP): every question answered 127.0.0.2 (type A), or with
--nxdomain NXDOMAIN, after SECONDS, each on its own timer, so that
questions asked together are answered together; LOG (if given) gets
"monotonic-time length" for each question as it arrives.  Prints "ready"
once it listens."""
import socket
import sys
import threading
import time

args = sys.argv[1:]
nxdomain = args[:1] == ["--nxdomain"]
if nxdomain:
    args = args[1:]
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.bind((args[0], 53))
delay = float(args[1])
log = open(args[2], "a") if len(args) > 2 else None
print("ready", flush=True)


def answer(query, peer):
    end = 12
    while end < len(query) and query[end]:
        end += 1 + query[end]
    question = query[12:end + 5]
    if nxdomain:
        u.sendto(query[:2] + bytes([0x81 | (query[2] & 1), 0x83]) + b"\x00\x01\x00\x00\x00\x00\x00\x00"
                 + question, peer)
        return
    a = b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\x7f\x00\x00\x02"
    u.sendto(query[:2] + bytes([0x81 | (query[2] & 1), 0x80]) + b"\x00\x01\x00\x01\x00\x00\x00\x00"
             + question + a, peer)


while True:
    query, peer = u.recvfrom(512)
    if len(query) < 17:
        continue
    if log:
        log.write("%.3f %d\n" % (time.monotonic(), len(query)))
        log.flush()
    threading.Timer(delay, answer, (query, peer)).start()
