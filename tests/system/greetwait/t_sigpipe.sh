#!/bin/sh
# Descriptor 1 a pipe whose reader has gone: greetwait's 554, 421 or -b
# line cannot be written, and greetwait must not die of SIGPIPE for it: it
# logs its line and exits 0 (or runs the server, for a patient client,
# with SIGPIPE as greetwait found it: not ignored).
. "$(dirname "$0")/../lib.sh"
need_greetwait
# run MODE GREETWAIT-ARGS...: greetwait with fd 0 a socket (whose peer
# talks at once if MODE is early) and fd 1 a pipe with no reader; prints
# its exit status (negative: the signal that killed it); log in $T/err.
# MODE ignored: patient, and greetwait starts with SIGPIPE ignored.
run() {
	$PY - "$@" 2>"$T/err" <<-'PY'
	import os, socket, subprocess, sys
	mode, args = sys.argv[1], sys.argv[2:]
	a, b = socket.socketpair()
	if mode == "early":
	    a.sendall(b"HELO x\r\n")
	r, w = os.pipe()
	os.close(r)
	# python ignores SIGPIPE; by default its children get it back
	p = subprocess.Popen(args, stdin=b, stdout=w, restore_signals=mode != "ignored")
	b.close()
	os.close(w)
	try:
	    print(p.wait(timeout=10))
	except subprocess.TimeoutExpired:
	    p.kill()
	    print("timeout")
	PY
}
export TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=mail.example.org
rc=$(run early "$GW" -s 0.2 -T 1 true)
assert_eq "early talker, 554 into a closed pipe: exit code" 0 "$rc"
assert_match "early talker: logged" ' result=pregreet waited=0\.[0-9]{3} data="HELO x" kind=smtp$' "$(cat "$T/err")"
rc=$(TCPREMOTEHOST= run patient "$GW" -n tempfail -s 0.2 -T 1 true)
assert_eq "no PTR, 421 into a closed pipe: exit code" 0 "$rc"
assert_match "no PTR: logged" ' why=noptr delay=0\.000 result=tempfail ' "$(cat "$T/err")"
rc=$(run patient "$GW" -b teaser -s 0.2 -T 1 sh -c 'grep "^SigIgn:" /proc/$$/status >&2')
assert_eq "-b line into a closed pipe: exit code (of the server)" 0 "$rc"
assert_match "-b line into a closed pipe: logged" ' result=pass ' "$(cat "$T/err")"
mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' "$T/err")
if [ -n "$mask" ] && [ $((0x$mask & 0x1000)) = 0 ]; then
	pass "the server runs with SIGPIPE not ignored (SigIgn $mask)"
else
	fail "the server runs with SIGPIPE ignored or unknown (SigIgn ${mask:-none})"
fi
# greetwait leaves no trace: a launcher's SIG_IGN is what the server gets
rc=$(run ignored "$GW" -s 0.2 -T 1 sh -c 'grep "^SigIgn:" /proc/$$/status >&2')
mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' "$T/err")
if [ -n "$mask" ] && [ $((0x$mask & 0x1000)) != 0 ]; then
	pass "started with SIGPIPE ignored, the server runs so (SigIgn $mask)"
else
	fail "started with SIGPIPE ignored, the server runs otherwise (SigIgn ${mask:-none})"
fi
finish
