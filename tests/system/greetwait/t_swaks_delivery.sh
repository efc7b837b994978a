#!/bin/sh
# A patient real client (swaks) delivers a message through greetwait to a
# real SMTP server (exim4 -bs): greetwait waits the short delay, logs a
# pass, and execs the server with nothing lost.
. "$(dirname "$0")/../lib.sh"
need_greetwait
setup_mta
rules
patterns_cdb </dev/null
start_tcpserver "$GW" -p "$T/patterns.cdb" -s 0.3 -l 5 -T 1 $MTA_CMD
out=$(swaks --server 127.0.0.1:"$PORT" --local-interface 127.0.0.2 \
	--from a@example.org --to b@example.net --body "through-greetwait-$$" --timeout 5 2>&1)
assert_swaks_sent "through greetwait" "$out"
if mta_delivered "through-greetwait-$$"; then
	pass "message is in the mailbox"
else
	fail "message 'through-greetwait-$$' not in the mailbox"
fi
wait_ended 1
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.300 result=pass waited=0\.[0-9]{3}'
assert_near "waited the short delay" 0.300 "$(field waited "$(line_for 127.0.0.2)")" 0.050
assert_status 127.0.0.2 0
finish
