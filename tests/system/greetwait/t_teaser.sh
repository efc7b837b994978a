#!/bin/sh
# -b: "220-banner" goes out when the wait starts; the real server's "220 "
# completes a valid multi-line greeting that swaks accepts (and delivers
# through), while a bot that answers the first line is caught: since only
# a "220 " line may end a reply begun with "220-", its rejection is a 220
# line that says so (greetwait.8), then 503 to every command.
. "$(dirname "$0")/../lib.sh"
need_greetwait
setup_mta
rules
start_tcpserver "$GW" -b "mx.test.example greetwait" -s 0.3 -T 1 $MTA_CMD
out=$(swaks --server 127.0.0.1:"$PORT" --local-interface 127.0.0.2 \
	--from a@example.org --to b@example.net --body "teaser-$$" --timeout 5 2>&1)
assert_match "swaks saw the teaser line" '^<-  220-mx.test.example greetwait$' "$out"
assert_swaks_sent "after the teaser" "$out"
if mta_delivered "teaser-$$"; then pass "message is in the mailbox"; else fail "message 'teaser-$$' not in the mailbox"; fi

$CLIENT hangup --port "$PORT" --src 127.0.0.4 --after 0.15 >"$T/early" 2>/dev/null
printf '220-mx.test.example greetwait\r\n' >"$T/want-early"
assert_bytes "the teaser comes at once, alone" "$T/want-early" "$T/early"

$CLIENT dialogue --port "$PORT" --src 127.0.0.3 --wait-first 'HELO bot.example' 'QUIT' >"$T/bot"
cat >"$T/want-bot" <<'WANT'
S: 220-mx.test.example greetwait
C: HELO bot.example
S: 220 No SMTP service here: you talked before the greeting
S: 503 5.5.1 No SMTP service here
C: QUIT
S: 221 2.0.0 Bye
EOF
WANT
assert_bytes "a bot answering the teaser is rejected" "$T/want-bot" "$T/bot"
wait_ended 3
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.300 result=pass waited=0\.[0-9]{3}'
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=default delay=0\.300 result=pregreet waited=0\.[0-2][0-9]{2} data="HELO bot\.example" kind=smtp helo="bot\.example"'
assert_status 127.0.0.3 0
finish
