#!/bin/sh
# A client that never reads what greetwait says cannot hold it: a quiet one
# is let go at the -T time limit, a flooding one after 64 KiB read, one
# whose replies fill the socket buffers when writing blocks past -T; all
# while the client still keeps its end open.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -s 2 -T 1 true
bg $CLIENT noread --port "$PORT" --src 127.0.0.2 --hold 5 2>"$T/client2"
if waitfor 3 ended_at_least 1; then
	pass "quiet non-reader: greetwait ended within the -T limit while the client held on"
else
	fail "quiet non-reader: greetwait still running 3 s after connect with -T 1"
fi
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=2\.000 result=pregreet waited=0\.[0-9]{3} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"'
assert_status 127.0.0.2 0
stop_tcpserver

# -T 10: now only the 64 KiB bound can end it quickly.
LOG=$T/log2
start_tcpserver "$GW" -s 2 -T 10 true
bg $CLIENT noread --port "$PORT" --src 127.0.0.3 --flood 1048576 --hold 5 2>"$T/client3"
if waitfor 3 ended_at_least 1; then
	pass "flooding non-reader: greetwait ended long before -T 10 (input bound)"
else
	fail "flooding non-reader: greetwait still running 3 s after connect (no 64 KiB bound, or blocked writing 503s)"
fi
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=default delay=2\.000 result=pregreet waited=0\.[0-9]{3} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"'
assert_status 127.0.0.3 0
stop_tcpserver

# 64 Ki empty lines: 64 Ki 503 replies, 2 MB, more than the socket buffers
# hold while the client reads nothing: writing must give up at -T 2.
LOG=$T/log3
start_tcpserver "$GW" -s 2 -T 2 true
bg $CLIENT noread --port "$PORT" --src 127.0.0.4 --data 'HELO x\r\n' --flood 65536 --flood-line '\n' --hold 8 2>"$T/client4"
if waitfor 4 ended_at_least 1; then
	pass "non-reader of 2 MB of replies: greetwait ended within the -T limit"
else
	fail "non-reader of 2 MB of replies: greetwait still running 4 s after connect with -T 2 (blocked writing?)"
fi
assert_status 127.0.0.4 0
finish
