#!/bin/sh
# Text from outside cannot forge log keys: a PTR name with a quote, a
# backslash and a fake key is escaped (and, holding a backslash, is no
# usable name: why=badptr); a malformed TCPREMOTEIP is reported
# with error= and the socket's address is used instead; a very long
# command line in the dialogue gets one 503, not one per buffer.
. "$(dirname "$0")/../lib.sh"
need_greetwait
LOG=$T/log
bg $CLIENT inetd --listen 127.0.0.1 --port-file "$T/port" --count 1 --timeout 5 \
	--setenv 'TCPREMOTEHOST=evil" why=whitelist:x\' --setenv TCPREMOTEIP=not-an-ip -- \
	"$GW" -s 0.1 -l 0.2 -T 1 true 2>>"$LOG"
waitfor 5 test -s "$T/port"
$CLIENT hangup --port "$(cat "$T/port")" --src 127.0.0.2 --after 2 >/dev/null 2>&1
waitfor 5 lines_at_least 1 '^inetd: pid=' "$LOG"
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="evil\\" why=whitelist:x\\\\" why=badptr delay=0\.200 result=pass waited=0\.[0-9]{3} error="[^"]*TCPREMOTEIP[^"]*"'

rules
start_tcpserver "$GW" -s 2 -T 1 true
long="HELO $(printf '%05000d' 0 | tr 0 x)"
$CLIENT dialogue --port "$PORT" --src 127.0.0.3 "$long" 'QUIT' | grep -v '^C: ' >"$T/got"
printf 'S: 554 5.5.1 Protocol error: talking before the greeting\nS: 503 5.5.1 No SMTP service here\nS: 221 2.0.0 Bye\nEOF\n' >"$T/want"
assert_bytes "a 5000-byte command gets one 503" "$T/want" "$T/got"
finish
