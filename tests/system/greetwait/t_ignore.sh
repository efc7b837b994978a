#!/bin/sh
# -e ignore (observe only): an early talker is logged, then the server
# behind runs and reads every byte the client sent, binary or large, in
# order: greetwait only peeked.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
# The server behind records its whole input in a file named for the client.
start_tcpserver "$GW" -e ignore -s 2 -T 1 sh -c 'cat >"$0.$TCPREMOTEIP"' "$T/server-read"
hex=48454c4f20010203000d0a1b5bff225c0d0a4d41494c2046524f4d3a3c3e0d0a
bg $CLIENT pregreet --port "$PORT" --src 127.0.0.2 --hex "$hex" --shut >/dev/null 2>"$T/client2"
c2=$!
$CLIENT pregreet --port "$PORT" --src 127.0.0.3 --size 300000 --shut --timeout 8 >/dev/null 2>"$T/client3"
wait "$c2"
wait_ended 2
$PY -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$hex'))" >"$T/want2"
$PY -c "import sys; sys.stdout.buffer.write(b'HELO ' + b'x' * (300000 - 7) + b'\r\n')" >"$T/want3"
assert_bytes "binary early data reached the server intact" "$T/want2" "$T/server-read.127.0.0.2"
if cmp -s "$T/want3" "$T/server-read.127.0.0.3"; then
	pass "300 kB of early data reached the server intact"
else
	fail "300 kB of early data: server read $(wc -c <"$T/server-read.127.0.0.3" 2>/dev/null || echo no) bytes, expected 300000 identical"
fi
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=2\.000 result=pass would=pregreet waited=0\.[0-9]{3} data="HELO \\x01\\x02\\x03\\x00" kind=binary'
assert_match "300 kB: logged as let through" 'result=pass would=pregreet' "$(line_for 127.0.0.3)"
assert_status 127.0.0.2 0
assert_status 127.0.0.3 0
finish
