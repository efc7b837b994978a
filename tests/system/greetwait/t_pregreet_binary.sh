#!/bin/sh
# Hostile early data: binary bytes and a 1 MB line. The log line escapes
# every byte (\" \\ \xHH), keeps at most 100 bytes of the first line, and
# greetwait answers 554 and exits within the -T limit instead of hanging.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -s 2 -T 1 $CLIENT fakesmtp --record "$T/server-read"

# NUL, SOH, ESC [31m, quote, backslash, TAB, 0xff 0xfe, then CR LF.
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --hex 00011b5b33316d225c09fffe0d0a >"$T/got1" 2>"$T/client1"
assert_eq "binary: first reply" "554 5.5.1 Protocol error: talking before the greeting" "$(head -n 1 "$T/got1" | tr -d '\r')"
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=2\.000 result=pregreet waited=0\.[0-9]{3} data="\\x00\\x01\\x1b\[31m\\"\\\\\\x09\\xff\\xfe" kind=binary'
assert_status 127.0.0.2 0

# 1 MB: "HELO " and x's on one line. greetwait reads at most 64 KiB.
$CLIENT pregreet --port "$PORT" --src 127.0.0.3 --size 1048576 --timeout 8 >"$T/got2" 2>"$T/client2"
assert_eq "1 MB: first reply" "554 5.5.1 Protocol error: talking before the greeting" "$(head -n 1 "$T/got2" | tr -d '\r')"
assert_match "1 MB: greetwait closed the connection" 'eof=yes' "$(cat "$T/client2")"
assert_match "1 MB: closed within the -T limit" '^[0-2]\.' "$(field elapsed " $(cat "$T/client2")")"
wait_ended 2
x95=$(printf '%095d' 0 | tr 0 x)
assert_line 127.0.0.3 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.3 host=\"dsl-127-0-0-3\\.example\\.net\" why=default delay=2\\.000 result=pregreet waited=0\\.[0-9]{3} data=\"HELO $x95\" kind=smtp"
assert_match "1 MB: the log line is bounded" '^[0-9]{3}$' "$(line_for 127.0.0.3 | wc -c)"
assert_status 127.0.0.3 0
assert_eq "one log line per connection" 2 "$(gwlog | wc -l)"
if [ -e "$T/server-read" ]; then fail "the server behind ran"; else pass "the server behind never ran"; fi
finish
