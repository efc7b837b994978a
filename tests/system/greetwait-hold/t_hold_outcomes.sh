#!/bin/sh
# Handed over (greetwait -W) and held by greetwait-hold, each kind of
# client meets greetwait's own outcome: a patient one (swaks) delivers to
# exim4 -bs after the long delay, the teaser first; an early talker gets
# the teased 220 and the dialogue; one that hangs up is logged with
# waited= within 50 ms of its own clock. The log lines are greetwait's,
# pid= greetwait's own (tcpserver's "pid N from IP"), written once.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
setup_mta
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
start_tcpserver "$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 1 -T 1 -b mx.test $MTA_CMD
start_holder
out=$(swaks --server 127.0.0.1:"$PORT" --local-interface 127.0.0.3 \
	--from a@example.org --to b@example.net --body "held-by-the-holder-$$" --timeout 5 2>&1)
assert_swaks_sent "through the holder" "$out"
assert_match "swaks saw the teaser first" '^<-  220-mx\.test' "$out"
if mta_delivered "held-by-the-holder-$$"; then
	pass "message is in the mailbox"
else
	fail "message 'held-by-the-holder-$$' not in the mailbox"
fi
wait_ended 1
l=$(line_for 127.0.0.3)
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=1\.000 result=pass waited=1\.[0-9]{3}'
assert_near "waited the long delay" 1.000 "$(field waited "$l")" 0.050
pid=$(grep '^tcpserver: pid [0-9]* from 127.0.0.3$' "$LOG" | awk '{print $3}')
assert_eq "pid= is greetwait's" "$pid" "$(field pid "$l")"
assert_eq "greetwait exited 0 at once, the holder logged" 0 "$(status_for 127.0.0.3)"
assert_eq "one line for the connection" 1 "$(gwlog | grep -c ' ip=127\.0\.0\.3 ')"

# an early talker and one that hangs up, at once
$CROWD "$PORT" early:127.0.0.3:1 >"$T/early" &
c1=$!
$CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 0.4 >"$T/got-hangup" 2>"$T/client-hangup"
wait $c1
waitfor 3 lines_at_least 3 ' ip=127\.0\.0\.3 .*result=' "$LOG"
assert_match "the early talker got the teased 220 and the dialogue" \
	'^early 127\.0\.0\.3 .* line="220 No SMTP service here: you talked before the greeting" eof=yes' \
	"$(cat "$T/early")"
assert_log_has 'ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=1\.000 result=pregreet waited=0\.[0-9]{3} data="EHLO bot" kind=smtp helo="bot"$'
hl=$(gwlog | grep 'result=hangup')
assert_match "the hangup is logged" 'ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=1\.000 result=hangup waited=0\.[0-9]{3}$' "$hl"
# waited= counts from greetwait's start, after the connect: a sanitizer
# build starts tens of ms later, which the client's clock counts too
held=$(field held " $(cat "$T/client-hangup")")
lag=0
[ "$GW_BUILD" = build ] || lag=0.1
assert_near "the hangup's waited= is the client's time" \
	"$(awk -v h="$held" -v l="$lag" 'BEGIN { printf "%.3f", h - l / 2 }')" \
	"$(field waited "$hl")" "$(awk -v l="$lag" 'BEGIN { print 0.05 + l / 2 }')"
assert_eq "nothing written to the one that hung up but the teaser" "220-mx.test" \
	"$(tr -d '\r' <"$T/got-hangup")"
assert_eq "no handoff failed" "" "$(gwlog | grep 'error=')"
finish
