#!/bin/sh
# -e drop: an early talker is cut off without a word; the line is logged
# as a pregreet and greetwait exits 0.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -e drop -s 2 -T 1 $CLIENT fakesmtp --record "$T/server-read"
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 >"$T/got" 2>"$T/client"
assert_eq "nothing written to the early talker" 0 "$(wc -c <"$T/got")"
assert_match "connection closed at once" 'eof=yes .*elapsed=0\.[0-4]' "$(cat "$T/client")"
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=2\.000 result=pregreet waited=0\.[0-9]{3} data="HELO 1\.2\.3\.4" kind=smtp'
assert_status 127.0.0.2 0
if [ -e "$T/server-read" ]; then fail "the server behind ran"; else pass "the server behind never ran"; fi
finish
