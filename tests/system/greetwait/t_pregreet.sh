#!/bin/sh
# An early talker (HELO 1.2.3.4 sent at once) gets the 554 and the 503s,
# the line is logged with data="HELO 1.2.3.4", greetwait exits 0 within
# the -T limit, and the server behind never runs.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -s 2 -l 5 -T 1 $CLIENT fakesmtp --record "$T/server-read"
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --data 'HELO 1.2.3.4\r\n' >"$T/got" 2>"$T/client"
printf '554 5.5.1 Protocol error: talking before the greeting\r\n503 5.5.1 No SMTP service here\r\n' >"$T/want"
head -c "$(wc -c <"$T/want")" "$T/got" >"$T/got-head"
assert_bytes "554 at once, then 503 to the HELO" "$T/want" "$T/got-head"
tail -c +"$(($(wc -c <"$T/want") + 1))" "$T/got" >"$T/got-tail"
assert_match "then nothing, or a 421 at the time limit" '^(|421 .*)$' "$(tr -d '\r' <"$T/got-tail")"
assert_match "the client saw the connection closed" 'eof=yes' "$(cat "$T/client")"
assert_near "closed at the -T limit" 1.0 "$(field elapsed " $(cat "$T/client")")" 0.2
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=2\.000 result=pregreet waited=0\.0[0-9]{2} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"'
assert_status 127.0.0.2 0
if [ -e "$T/server-read" ]; then fail "the server behind ran for an early talker"; else pass "the server behind never ran"; fi
finish
