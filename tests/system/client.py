#!/usr/bin/env python3
"""SMTP clients and helpers for greetwait's system tests (stdlib only).

Clients (connect from --src to --host:--port; every wait is bounded by
--timeout; bytes received go raw to stdout unless said otherwise; one
summary line "client: key=value ..." goes to stderr):

  pregreet   send data at once, before any greeting; read until EOF
  hangup     say nothing, close after --after seconds (or at EOF);
             --repeat N connects N times in a row; --from-wait counts
             --after and held= from when greetwait began its wait
  noread     send data (and optionally a flood of commands), never read,
             hold the connection open for --hold seconds
  dialogue   send the first line at once (or, with --wait-first, once the
             first line from the server came), then each next line once
             the replies to the previous one have settled; print a
             transcript ("C: " sent, "S: " received, then EOF or OPEN)
  session    a patient client: wait for the greeting, send each line and
             read its complete reply, then read until EOF

Servers (run as the program behind greetwait, on fd 0 and 1):

  fakesmtp   a deterministic SMTP server; records what it read in a file

Launchers:

  inetd      listen on an address (IPv4 or IPv6), run a command per
             accepted connection with the socket as fd 0 and 1, as inetd
             or systemd Accept=yes do; print "inetd: pid=N exit=N"
"""
import argparse
import errno
import os
import select
import socket
import sys
import time


def connect(args, rcvbuf=None):
    """Return a socket connected from args.src to args.host:args.port."""
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    s = socket.socket(family, socket.SOCK_STREAM)
    if rcvbuf:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    if args.src:
        s.bind((args.src, 0))
    s.settimeout(args.timeout)
    s.connect((args.host, args.port))
    s.setblocking(False)
    return s


def summary(**kv):
    """Print the one summary line on stderr."""
    parts = []
    for k, v in kv.items():
        if isinstance(v, float):
            v = "%.3f" % v
        elif isinstance(v, bool):
            v = "yes" if v else "no"
        parts.append("%s=%s" % (k, v))
    sys.stderr.write("client: " + " ".join(parts) + "\n")
    sys.stderr.flush()


def payload(args):
    """The bytes to send, from --data (with \\r \\n escapes), --hex or --size."""
    if args.hex is not None:
        return bytes.fromhex(args.hex)
    if args.size:
        head = b"HELO "
        return head + b"x" * (args.size - len(head) - 2) + b"\r\n"
    return args.data.encode("latin-1").decode("unicode_escape").encode("latin-1")


def pump(s, out, deadline, send=b"", shut=False, stop_on_eof=True):
    """Send what is left of send while reading into out, until EOF or the
    deadline. Returns (bytes sent, eof seen, error name or "")."""
    sent = 0
    eof = False
    err = ""
    while time.monotonic() < deadline:
        want_w = [s] if sent < len(send) else []
        r, w, _ = select.select([s], want_w, [], max(0.0, deadline - time.monotonic()))
        if w:
            try:
                sent += s.send(send[sent:sent + 65536])
            except OSError as e:
                err = errno.errorcode.get(e.errno, str(e.errno))
                send = b""
            if sent == len(send) and shut and not err:
                s.shutdown(socket.SHUT_WR)
        if r:
            try:
                chunk = s.recv(65536)
            except OSError as e:
                err = errno.errorcode.get(e.errno, str(e.errno))
                eof = True
                break
            if not chunk:
                eof = True
                if stop_on_eof:
                    break
            out.extend(chunk)
        if eof and sent >= len(send):
            break
    return sent, eof, err


def do_pregreet(args):
    data = payload(args)
    t0 = time.monotonic()
    s = connect(args)
    out = bytearray()
    if args.shut and not data:
        s.shutdown(socket.SHUT_WR)
    sent, eof, err = pump(s, out, t0 + args.timeout, data, args.shut)
    elapsed = time.monotonic() - t0
    s.close()
    sys.stdout.buffer.write(out)
    summary(sent=sent, received=len(out), eof=eof, error=err or "none", elapsed=elapsed)


def pids():
    """The pids of the processes now running."""
    return {int(p) for p in os.listdir("/proc") if p.isdigit()}


def greetwait_pid(s, older):
    """The pid (not in older) of the greetwait serving socket s, or None:
    the process named greetwait whose TCPREMOTEIP and TCPREMOTEPORT
    (tcpserver sets them) are s's own address and port."""
    ip, port = s.getsockname()[:2]
    want = {b"TCPREMOTEIP=" + ip.encode(), b"TCPREMOTEPORT=%d" % port}
    for pid in pids() - older:
        try:
            with open("/proc/%s/comm" % pid, "rb") as f:
                if f.read() != b"greetwait\n":
                    continue
            with open("/proc/%s/environ" % pid, "rb") as f:
                if want <= set(f.read().split(b"\0")):
                    return int(pid)
        except (OSError, ValueError):
            continue
    return None


def wait_began(s, older, deadline):
    """When the greetwait serving s began its wait: the first time it is
    seen asleep (state S), polled every millisecond; None if not by the
    deadline. Its first sleep is the wait's poll on fd 0 when it has no
    -r and no memcached. It was forked after the connect, so only pids
    not in older (those before the connect) are looked at. The connect
    returns before tcpserver has even forked greetwait, and a sanitizer
    build takes tens of ms more to start: counting from the connect
    would charge that to greetwait's own clock."""
    pid = None
    while time.monotonic() < deadline:
        if pid is None:
            pid = greetwait_pid(s, older)
        if pid is not None:
            try:
                with open("/proc/%d/stat" % pid, "rb") as f:
                    state = f.read().rsplit(b")", 1)[1].split()[0]
            except OSError:
                return None
            if state == b"S":
                return time.monotonic()
        time.sleep(0.001)
    return None


def do_hangup(args):
    for _ in range(args.repeat):
        older = pids() if args.from_wait else set()
        s = connect(args)
        t0 = connected = time.monotonic()
        began = None
        if args.from_wait:
            began = wait_began(s, older, connected + args.timeout)
            t0 = began or connected
        out = bytearray()
        _, eof, _ = pump(s, out, t0 + args.after)
        s.close()
        held = time.monotonic() - t0
        sys.stdout.buffer.write(out)
        extra = {}
        if args.from_wait:
            extra = dict(wait_seen=began is not None, start_lag=t0 - connected)
        summary(held=held, received=len(out), eof=eof, **extra)


def do_noread(args):
    line = args.flood_line.encode("latin-1").decode("unicode_escape").encode("latin-1")
    data = payload(args) + line * (args.flood // len(line))
    s = connect(args, rcvbuf=4096)
    t0 = time.monotonic()
    sent = 0
    err = ""
    while time.monotonic() < t0 + args.hold:
        if sent < len(data):
            _, w, _ = select.select([], [s], [], 0.05)
            if w:
                try:
                    sent += s.send(data[sent:sent + 4096])
                except OSError as e:
                    err = errno.errorcode.get(e.errno, str(e.errno))
                    data = data[:sent]
        else:
            time.sleep(0.05)
    s.close()
    summary(sent=sent, error=err or "none", held=time.monotonic() - t0)


def read_settled(s, out, deadline, idle):
    """Read into out until nothing came for idle seconds, EOF, or deadline.
    Returns True at EOF."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        r, _, _ = select.select([s], [], [], min(idle, left))
        if not r:
            return False
        try:
            chunk = s.recv(65536)
        except OSError:
            return True
        if not chunk:
            return True
        out.extend(chunk)


def show_lines(prefix, data):
    """Print data line by line, marking any line not ended by CR LF."""
    rest = bytes(data)
    while rest:
        i = rest.find(b"\n")
        if i < 0:
            line, term, rest = rest, "[no EOL]", b""
        else:
            line, rest = rest[:i], rest[i + 1:]
            term = ""
            if line.endswith(b"\r"):
                line = line[:-1]
            else:
                term = "[LF only]"
        text = line.decode("latin-1").encode("unicode_escape").decode("ascii")
        print(prefix + text + term)


def do_dialogue(args):
    s = connect(args)
    deadline = time.monotonic() + args.timeout
    eof = False
    if args.wait_first:
        out = bytearray()
        while b"\n" not in out and not eof and time.monotonic() < deadline:
            eof = read_settled(s, out, deadline, 0.1)
        show_lines("S: ", out)
    for line in args.lines:
        print("C: " + line)
        try:
            s.sendall(line.encode("latin-1") + b"\r\n")
        except OSError as e:
            print("SEND-ERROR: " + errno.errorcode.get(e.errno, str(e.errno)))
            eof = True
            break
        out = bytearray()
        eof = read_settled(s, out, deadline, args.idle)
        show_lines("S: ", out)
        if eof:
            break
    if not eof:
        out = bytearray()
        eof = read_settled(s, out, deadline, args.timeout)
        show_lines("S: ", out)
    print("EOF" if eof else "OPEN")
    s.close()
    sys.stdout.flush()


def read_reply(s, out, deadline):
    """Read into out up to and including a final reply line ("NNN text")."""
    start = len(out)
    while time.monotonic() < deadline:
        lines = bytes(out[start:]).split(b"\r\n")
        if any(len(l) >= 4 and l[3:4] == b" " for l in lines[:-1]):
            return True
        r, _, _ = select.select([s], [], [], deadline - time.monotonic())
        if not r:
            break
        chunk = s.recv(65536)
        if not chunk:
            return False
        out.extend(chunk)
    return False


def do_session(args):
    s = connect(args)
    t0 = time.monotonic()
    deadline = t0 + args.timeout
    out = bytearray()
    ok = read_reply(s, out, deadline)
    greeting = time.monotonic() - t0
    lines = []
    if args.script:
        with open(args.script, "rb") as f:
            lines = f.read().split(b"\n")
            if lines and lines[-1] == b"":
                lines.pop()
    i = 0
    while ok and i < len(lines):
        line = lines[i].rstrip(b"\r") + b"\r\n"
        s.setblocking(True)
        s.sendall(line)
        s.setblocking(False)
        i += 1
        if line.upper() == b"DATA\r\n":
            ok = read_reply(s, out, deadline)
            while ok and i < len(lines):
                body = lines[i].rstrip(b"\r") + b"\r\n"
                s.setblocking(True)
                s.sendall(body)
                s.setblocking(False)
                i += 1
                if body == b".\r\n":
                    break
        ok = read_reply(s, out, deadline)
    eof = read_settled(s, out, deadline, args.timeout)
    s.close()
    sys.stdout.buffer.write(out)
    summary(greeting=greeting, received=len(out), eof=eof)


def do_fakesmtp(args):
    """A deterministic SMTP server on fd 0/1; appends what it reads to --record."""
    rec = open(args.record, "ab", buffering=0) if args.record else None

    def say(text):
        os.write(1, text)

    say(b"220 fake.example ESMTP ready\r\n")
    buf = b""
    in_data = False
    while True:
        chunk = os.read(0, 65536)
        if not chunk:
            break
        if rec:
            rec.write(chunk)
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            line = line.rstrip(b"\r")
            if in_data:
                if line == b".":
                    in_data = False
                    say(b"250 2.0.0 Ok: queued as FAKE1\r\n")
                continue
            verb = line.split(b" ", 1)[0].upper()
            if verb == b"EHLO":
                say(b"250-fake.example\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                in_data = True
                say(b"354 End data with <CR><LF>.<CR><LF>\r\n")
            elif verb == b"QUIT":
                say(b"221 2.0.0 Bye\r\n")
                return
            else:
                say(b"250 2.0.0 Ok: " + line[:60] + b"\r\n")


def do_inetd(args):
    family = socket.AF_INET6 if ":" in args.listen else socket.AF_INET
    ls = socket.socket(family, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((args.listen, 0))
    ls.listen(16)
    with open(args.port_file + ".tmp", "w") as f:
        f.write("%d\n" % ls.getsockname()[1])
    os.rename(args.port_file + ".tmp", args.port_file)
    env = dict(os.environ)
    for k in args.unsetenv:
        env.pop(k, None)
    for kv in args.setenv:
        k, v = kv.split("=", 1)
        env[k] = v
    ls.settimeout(args.timeout)
    children = []
    for _ in range(args.count):
        try:
            conn, _ = ls.accept()
        except socket.timeout:
            sys.stderr.write("inetd: no connection within %.1fs\n" % args.timeout)
            break
        pid = os.fork()
        if pid == 0:
            os.dup2(conn.fileno(), 0)
            os.dup2(conn.fileno(), 1)
            os.execvpe(args.command[0], args.command, env)
        conn.close()
        children.append(pid)
    for pid in children:
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        sys.stderr.write("inetd: pid=%d exit=%d\n" % (pid, code))
        sys.stderr.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="mode", required=True)

    def client(name):
        c = sub.add_parser(name)
        c.add_argument("--host", default="127.0.0.1")
        c.add_argument("--port", type=int, required=True)
        c.add_argument("--src", default="")
        c.add_argument("--timeout", type=float, default=5.0)
        return c

    def with_data(c):
        c.add_argument("--data", default="HELO 1.2.3.4\\r\\n")
        c.add_argument("--hex")
        c.add_argument("--size", type=int, default=0)

    c = client("pregreet")
    with_data(c)
    c.add_argument("--shut", action="store_true", help="shut down the write side after sending")
    c.set_defaults(func=do_pregreet)
    c = client("hangup")
    c.add_argument("--after", type=float, required=True)
    c.add_argument("--repeat", type=int, default=1, help="connect this many times, one after another")
    c.add_argument("--from-wait", action="store_true",
                   help="count from when greetwait (started by tcpserver, no -r, no memcached) began its wait")
    c.set_defaults(func=do_hangup)
    c = client("noread")
    with_data(c)
    c.add_argument("--flood", type=int, default=0, help="also send this many bytes of --flood-line lines")
    c.add_argument("--flood-line", default="NOOP\\r\\n")
    c.add_argument("--hold", type=float, required=True)
    c.set_defaults(func=do_noread)
    c = client("dialogue")
    c.add_argument("--idle", type=float, default=0.25)
    c.add_argument("--wait-first", action="store_true",
                   help="read the first line the server sends before talking (a bot answering a teaser)")
    c.add_argument("lines", nargs="+")
    c.set_defaults(func=do_dialogue)
    c = client("session")
    c.add_argument("--script", help="file of lines to send, one a line")
    c.set_defaults(func=do_session)
    c = sub.add_parser("fakesmtp")
    c.add_argument("--record")
    c.set_defaults(func=do_fakesmtp)
    c = sub.add_parser("inetd")
    c.add_argument("--listen", default="127.0.0.1")
    c.add_argument("--port-file", required=True)
    c.add_argument("--count", type=int, default=1)
    c.add_argument("--timeout", type=float, default=10.0)
    c.add_argument("--setenv", action="append", default=[])
    c.add_argument("--unsetenv", action="append", default=[])
    c.add_argument("command", nargs="+")
    c.set_defaults(func=do_inetd)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
