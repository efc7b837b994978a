#!/usr/bin/python3
"""Clients for the cache, DNS and memcache system tests.

cachelib.py PORT IP [IP ...]: connect to 127.0.0.1:PORT from each source
IP at once, read the greeting line, close; print "IP SECONDS LINE" per
client, in the order given ("-" for no line). Gives up after 20 seconds.

cachelib.py mc PORT get KEY | set KEY VALUE: talk to memcached on
127.0.0.1:PORT; print the value (or "-") or the reply line.

cachelib.py blackhole PORTFILE: listen on 127.0.0.1, write the port to
PORTFILE, accept connections and never answer (a hung memcached)."""
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


def memcached(port, op, key, value=None):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    if op == "get":
        s.sendall(b"get " + key.encode() + b"\r\n")
    else:
        s.sendall(b"set %s 0 0 %d\r\n%s\r\n" % (key.encode(), len(value), value.encode()))
    reply = b""
    while not (reply.endswith(b"END\r\n") or (op == "set" and reply.endswith(b"\r\n"))):
        b = s.recv(4096)
        if not b:
            break
        reply += b
    if op == "get":
        lines = reply.split(b"\r\n")
        print(lines[1].decode() if reply.startswith(b"VALUE ") else "-")
    else:
        print(reply.decode().strip())


def blackhole(portfile):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1000)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % s.getsockname()[1])
    import os
    os.rename(portfile + ".tmp", portfile)
    held = []
    while True:
        c, _ = s.accept()
        held.append(c)


if sys.argv[1] == "mc":
    memcached(int(sys.argv[2]), *sys.argv[3:])
elif sys.argv[1] == "blackhole":
    blackhole(sys.argv[2])
else:
    main()
