#!/bin/sh
# An honest log of the turned-away, under real tcpserver: a bot that
# pipelines HELO, MAIL, RCPT and DATA before the greeting is logged, when
# its dialogue ends, with what it said of its mail (helo= from= rcpt=),
# waited= still the time until it talked; each kind of early data gets
# its kind= (an SMTP command, a lone QUIT, HTTP, a TLS ClientHello, other
# binary, other text); -e ignore logs result=pass would=pregreet.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -s 0.5 -T 1 /bin/echo "220 ready"

# a bot: all of it at once, three recipients of four kept, parameters left out
bot='HELO 203.0.113.9\r\nMAIL FROM:<offers@bulk.example> SIZE=2000\r\nRCPT TO:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nRCPT TO:<d@example.org>\r\nDATA\r\nSubject: hi\r\n\r\nbuy\r\n.\r\nQUIT\r\n'
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --data "$bot" >"$T/bot.out" 2>/dev/null
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.500 result=pregreet waited=0\.0[0-9]{2} data="HELO 203\.0\.113\.9" kind=smtp helo="203\.0\.113\.9" from="<offers@bulk\.example>" rcpt="<a@example\.org>,<b@example\.org>,<c@example\.org>"'
assert_match "the bot got the 554 and 503s, then 221" '^554 5\.5\.1 .*503 .*221 ' "$(tr -d '\r' <"$T/bot.out" | tr '\n' ' ')"

# a patient-looking client that talked once and hung on: no envelope
# beyond its HELO; the line is written when -T ends the dialogue
$CLIENT pregreet --port "$PORT" --src 127.0.0.3 --data 'EHLO laptop.example\r\n' --timeout 3 >/dev/null 2>&1
wait_ended 2
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=default delay=0\.500 result=pregreet waited=0\.0[0-9]{2} data="EHLO laptop\.example" kind=smtp helo="laptop\.example"'

# kinds: what each early talker's first line looks like
tls=16030100a5010000a10303$(printf '%064d' 0)
$CLIENT pregreet --port "$PORT" --src 127.0.0.4 --data 'QUIT\r\n' >/dev/null 2>&1
$CLIENT pregreet --port "$PORT" --src 127.0.0.5 --data 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' >/dev/null 2>&1
$CLIENT pregreet --port "$PORT" --src 127.0.0.6 --hex "$tls" >/dev/null 2>&1
$CLIENT pregreet --port "$PORT" --src 127.0.0.7 --hex fffb1ffffb20 >/dev/null 2>&1
$CLIENT pregreet --port "$PORT" --src 127.0.0.8 --data 'hello?\r\n' >/dev/null 2>&1
wait_ended 7
for c in 4:quit 5:http 6:tls 7:binary 8:other; do
	assert_eq "kind for 127.0.0.${c%%:*}" "${c#*:}" "$(field kind "$(line_for 127.0.0.${c%%:*})")"
done
assert_eq "a lone QUIT: no helo=" "" "$(field helo "$(line_for 127.0.0.4)")"
stop_tcpserver

# -e ignore: let through, and said so
LOG=$T/ignore.log
start_tcpserver "$GW" -e ignore -s 0.5 -T 1 /bin/cat
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --data 'EHLO x\r\n' --shut >/dev/null 2>&1
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.500 result=pass would=pregreet waited=0\.0[0-9]{2} data="EHLO x" kind=smtp'
finish
