#!/bin/sh
# The harness itself: swaks -> tcpserver -> exim4 -bs delivers a message
# into the test mailbox, without greetwait. If this fails, every test that
# uses the MTA would fail for a reason that is not greetwait's.
. "$(dirname "$0")/../lib.sh"
setup_mta
start_tcpserver $MTA_CMD
out=$(swaks --server 127.0.0.1:"$PORT" --from a@example.org --to b@example.net \
	--body "direct-$$" --timeout 5 2>&1)
assert_swaks_sent "without greetwait" "$out"
if mta_delivered "direct-$$"; then pass "message is in the mailbox"; else fail "message not in $MAILBOX"; fi
wait_ended 1
assert_status 127.0.0.1 0
finish
