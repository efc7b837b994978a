#!/bin/sh
# The rejection dialogue of RFC 5321 section 3.1, line by line: 554, then
# 503 to every command (also to the early HELO and to look-alikes of
# QUIT), 221 to QUIT in any case, then the connection closes.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -s 2 -T 3 true
$CLIENT dialogue --port "$PORT" --src 127.0.0.2 'HELO 1.2.3.4' 'MAIL FROM:<spam@example.com>' \
	'RCPT TO:<victim@example.org>' 'DATA' 'QUITTING' 'quit' >"$T/got"
cat >"$T/want" <<'WANT'
C: HELO 1.2.3.4
S: 554 5.5.1 Protocol error: talking before the greeting
S: 503 5.5.1 No SMTP service here
C: MAIL FROM:<spam@example.com>
S: 503 5.5.1 No SMTP service here
C: RCPT TO:<victim@example.org>
S: 503 5.5.1 No SMTP service here
C: DATA
S: 503 5.5.1 No SMTP service here
C: QUITTING
S: 503 5.5.1 No SMTP service here
C: quit
S: 221 2.0.0 Bye
EOF
WANT
assert_bytes "dialogue with QUIT" "$T/want" "$T/got"

$CLIENT dialogue --port "$PORT" --src 127.0.0.3 'EHLO bot' 'QUIT now' >"$T/got3"
cat >"$T/want3" <<'WANT'
C: EHLO bot
S: 554 5.5.1 Protocol error: talking before the greeting
S: 503 5.5.1 No SMTP service here
C: QUIT now
S: 221 2.0.0 Bye
EOF
WANT
assert_bytes "QUIT followed by a space and text" "$T/want3" "$T/got3"
wait_ended 2
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=2\.000 result=pregreet waited=0\.[0-9]{3} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4" from="<spam@example\.com>" rcpt="<victim@example\.org>"'
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=default delay=2\.000 result=pregreet waited=0\.[0-9]{3} data="EHLO bot" kind=smtp helo="bot"'
assert_status 127.0.0.2 0
assert_status 127.0.0.3 0
finish
