#!/bin/sh
# greetwait-helo -p spoken to as Postfix's spawn(8) does: one socket as
# stdin, stdout and stderr, several requests on one stream, malformed
# attributes, an endless line; then over plain pipes, where the log goes
# to stderr.  DNS is off (-d bogus-sld) and pointed at a dead loopback
# address, so nothing leaves the machine.
. "$(dirname "$0")/../lib.sh"
export DNSCACHEIP=127.53.78.9

$PY - "$GWHELO" <<'PY' || fail "the policy server over one socket (above)"
import os, resource, socket, subprocess, sys, time

prog = sys.argv[1]

def req(helo=None, client="192.0.2.7", extra=""):
	s = "request=smtpd_access_policy\nprotocol_state=EHLO\nprotocol_name=ESMTP\n"
	if client is not None:
		s += "client_address=%s\nclient_name=unknown\n" % client
	if helo is not None:
		s += "helo_name=%s\n" % helo
	return (s + extra + "instance=1a2b.5f3e.1\n\n").encode()

def spawn(args):
	"""Start prog as spawn(8) does: fds 0, 1 and 2 are one socket."""
	ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
	pid = os.fork()
	if pid == 0:
		for fd in (0, 1, 2):
			os.dup2(theirs.fileno(), fd)
		os.execv(prog, [prog, "-p"] + args)
	theirs.close()
	ours.settimeout(5)
	return pid, ours

def answer(sock):
	"""One answer: bytes up to and including the empty line."""
	data = b""
	while not data.endswith(b"\n\n"):
		chunk = sock.recv(1)
		if not chunk:
			raise SystemExit("FAIL: stream closed after %r" % data)
		data += chunk
	return data.decode()

def finish(pid, sock):
	sock.shutdown(socket.SHUT_WR)
	rest = sock.recv(65536)
	_, status, usage = os.wait4(pid, 0)
	return rest, os.waitstatus_to_exitcode(status), usage

fails = 0
def check(what, got, want):
	global fails
	if got != want:
		print("FAIL: %s: got %r, want %r" % (what, got, want))
		fails += 1

fanf1 = "Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.comlouiskoo.comjpopmail.comtw60.186.213.104"
fanf2 = "cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com"

# Several requests on one connection, each answered before the next is sent.
pid, s = spawn(["-d", "bogus-sld"])
for helo, want in [
	("mail-wr1-f41.google.com", "action=DUNNO\n\n"),
	("a..b.example.com", "action=REJECT 5.7.1 Bogus HELO name (double-dot)\n\n"),
	("192.0.2.7", "action=REJECT 5.7.1 Bogus HELO name (bare-ip)\n\n"),
	("[192.0.2.99]", "action=DUNNO\n\n"),
	(fanf1, "action=REJECT 5.7.1 Bogus HELO name (too-long)\n\n"),
	("NAM12-DM6-obe.outbound.protection.outlook.com", "action=DUNNO\n\n"),
]:
	s.sendall(req(helo))
	check("answer for " + helo, answer(s), want)
# Requests written back to back in one piece are all answered, in order.
s.sendall(req("x..y") + req("a8-30.smtp-out.amazonses.com") + req("10.0.0.1"))
check("pipelined 1", answer(s), "action=REJECT 5.7.1 Bogus HELO name (double-dot)\n\n")
check("pipelined 2", answer(s), "action=DUNNO\n\n")
check("pipelined 3", answer(s), "action=REJECT 5.7.1 Bogus HELO name (bare-ip)\n\n")
# Malformed attributes are skipped; the rest of the request still counts.
s.sendall(req("p..q", extra="this line has no equals sign\n=value without a name\n"))
check("malformed, with a bad helo", answer(s), "action=REJECT 5.7.1 Bogus HELO name (double-dot)\n\n")
s.sendall(b"garbage\n\n")
check("nothing but garbage", answer(s), "action=DUNNO\n\n")
s.sendall(req(None))
check("no helo_name", answer(s), "action=DUNNO\n\n")
# A line far longer than any Postfix sends, in the middle of a request.
s.sendall(b"request=smtpd_access_policy\nsasl_username=" + b"u" * 3000000 + b"\n" + req("r..s")[28:])
check("after a 3 MB line", answer(s), "action=REJECT 5.7.1 Bogus HELO name (double-dot)\n\n")
# A helo_name too long to keep is a malformed line, not a HELO name.
s.sendall(req("h" * 1500))
check("1500-byte helo_name", answer(s), "action=DUNNO\n\n")
s.sendall(req("still.alive.example.net"))
check("after all that", answer(s), "action=DUNNO\n\n")
rest, code, usage = finish(pid, s)
check("bytes after the last answer (a log line on the socket?)", rest, b"")
check("exit code", code, 0)
if usage.ru_maxrss > 16384:
	print("FAIL: memory: %d KiB" % usage.ru_maxrss); fails += 1

# The switches reach the policy server too.
pid, s = spawn(["-d", "bogus-sld", "-d", "too-long", "-d", "double-dot"])
s.sendall(req(fanf2))
check("concatenated alone", answer(s), "action=REJECT 5.7.1 Bogus HELO name (concatenated)\n\n")
s.sendall(req("a..b"))
check("double-dot off", answer(s), "action=DUNNO\n\n")
s.sendall(req("[192.0.2.8]", client="192.0.2.7"))
check("literal-mismatch off by default", answer(s), "action=DUNNO\n\n")
finish(pid, s)
pid, s = spawn(["-d", "bogus-sld", "-e", "literal-mismatch", "-l", "100"])
s.sendall(req("[192.0.2.8]", client="192.0.2.7"))
check("literal-mismatch on", answer(s), "action=REJECT 5.7.1 Bogus HELO name (literal-mismatch)\n\n")
s.sendall(req("[IPv6:2001:db8::7]", client="2001:DB8:0::7"))
check("literal of the client", answer(s), "action=DUNNO\n\n")
s.sendall(req(fanf1))
check("-l 100", answer(s), "action=REJECT 5.7.1 Bogus HELO name (concatenated)\n\n")
finish(pid, s)

# An endless line and then the end of the stream: no answer, no blow-up.
pid, s = spawn(["-d", "bogus-sld"])
start = time.monotonic()
chunk = b"x" * 65536
for _ in range(160):
	s.sendall(chunk)
rest, code, usage = finish(pid, s)
check("endless line: output", rest, b"")
check("endless line: exit code", code, 0)
if usage.ru_maxrss > 16384:
	print("FAIL: endless line: memory: %d KiB" % usage.ru_maxrss); fails += 1
if time.monotonic() - start > 5:
	print("FAIL: endless line: too slow"); fails += 1
sys.exit(1 if fails else 0)
PY

# Over pipes, as a script would: the log line is on stderr, one per request.
printf 'request=smtpd_access_policy\nhelo_name=a..b\nclient_address=::ffff:192.0.2.7\n\nrequest=smtpd_access_policy\nhelo_name=mx.example.org\nclient_address=2001:db8::7\nbad line\n\n' |
	"$GWHELO" -p -d bogus-sld >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 0 ] || fail "pipes: exit $rc"
printf 'action=REJECT 5.7.1 Bogus HELO name (double-dot)\n\naction=DUNNO\n\n' | cmp -s - "$T/out" ||
	fail "pipes: answers: $(cat "$T/out")"
grep -q '^greetwait-helo: pid=[0-9]* ip=192.0.2.7 helo="a..b" why=double-dot result=reject$' "$T/err" ||
	fail "pipes: first log line: $(cat "$T/err")"
grep -q '^greetwait-helo: pid=[0-9]* ip=2001:db8::7 helo="mx.example.org" why=ok result=pass error="1 malformed line"$' "$T/err" ||
	fail "pipes: second log line: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" = 2 ] || fail "pipes: not one log line per request"
# A request cut short by the end of the stream gets no answer.
printf 'request=smtpd_access_policy\nhelo_name=a..b\n' | "$GWHELO" -p >"$T/out" 2>/dev/null
[ $? = 0 ] && [ ! -s "$T/out" ] || fail "cut-short request answered: $(cat "$T/out")"
# -m and a name make no sense with -p.
"$GWHELO" -p -m </dev/null >/dev/null 2>&1; [ $? = 100 ] || fail "-p -m: not a usage error"
"$GWHELO" -p name </dev/null >/dev/null 2>&1; [ $? = 100 ] || fail "-p name: not a usage error"
finish
