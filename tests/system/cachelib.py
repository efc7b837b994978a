#!/usr/bin/python3
"""Clients for the cache, DNS and memcache system tests.

cachelib.py PORT IP [IP ...]: connect to 127.0.0.1:PORT from each source
IP at once, read the greeting line, close; print "IP SECONDS LINE" per
client, in the order given ("-" for no line). Gives up after 20 seconds."""
import errno
import selectors
import socket
import sys
import time


def main():
    port = int(sys.argv[1])
    ips = sys.argv[2:]
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    lines = [b""] * len(ips)
    took = [None] * len(ips)
    for k, ip in enumerate(ips):
        s = socket.socket()
        s.setblocking(False)
        s.bind((ip, 0))
        err = s.connect_ex(("127.0.0.1", port))
        if err not in (0, errno.EINPROGRESS):
            lines[k] = b"error:" + errno.errorcode[err].encode()
            took[k] = 0.0
            s.close()
            continue
        sel.register(s, selectors.EVENT_READ, k)
    left = sum(1 for t in took if t is None)
    while left and time.monotonic() - start < 20:
        for key, _ in sel.select(timeout=1):
            k = key.data
            try:
                b = key.fileobj.recv(512)
            except OSError as e:
                b = b""
                lines[k] = b"error:" + str(e).encode()
            lines[k] += b
            if not b or b"\n" in lines[k]:
                took[k] = time.monotonic() - start
                sel.unregister(key.fileobj)
                key.fileobj.close()
                left -= 1
    for k, ip in enumerate(ips):
        line = lines[k].split(b"\n")[0].decode("ascii", "replace").strip() or "-"
        print("%s %.3f %s" % (ip, took[k] if took[k] is not None else -1, line))


main()
