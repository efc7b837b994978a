#!/bin/sh
# greetwait held up past the delay before it first looks at the socket (a
# slow table open, a busy machine, memcached round trips): an early
# talker must still be caught, not passed to the server with its bytes
# waiting.  strace's fault injection makes the patterns table's open take
# 300 ms, longer than the 0.2 s delay.  A patient client still passes.
. "$(dirname "$0")/../lib.sh"
need_greetwait
command -v strace >/dev/null || { fail "strace is not installed (tests/deps.sh)"; finish; }
rules
printf '*dsl*  dynamic\n' | patterns_cdb
start_tcpserver strace -o /dev/null -P "$T/patterns.cdb" -e trace=openat \
	-e inject=openat:delay_exit=300000 \
	"$GW" -p "$T/patterns.cdb" -s 0.2 -l 5 -T 1 $CLIENT fakesmtp --record "$T/server-read"
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --data 'HELO 1.2.3.4\r\n' >"$T/got" 2>"$T/client"
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.200 result=pregreet waited=0\.[3-9][0-9]{2} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"'
assert_match "the early talker got the 554" '^554 5\.5\.1 ' "$(head -n 1 "$T/got")"
if [ -e "$T/server-read" ]; then fail "the server behind ran for an early talker"; else pass "the server behind never ran"; fi
$CLIENT hangup --port "$PORT" --src 127.0.0.1 --after 1 >"$T/patient" 2>/dev/null
wait_ended 2
assert_line 127.0.0.1 'greetwait: pid=[0-9]+ ip=127\.0\.0\.1 host="localhost" why=default delay=0\.200 result=pass waited=0\.[3-9][0-9]{2}'
assert_match "the patient client got the server's greeting" '^220 ' "$(head -n 1 "$T/patient")"
finish
