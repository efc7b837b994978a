#!/bin/sh
# dnsbl_query (greetwait -d) against real DNS servers on loopback, through
# the driver dnsbl_ask: dnsmasq on 127.83.43.1 port 53 serves a block list
# (bl.test), a second one weighed 3 with a filter (bl2.test) and an allow
# list (wl.test), IPv4 and IPv6 entries, and forwards fail.test to a
# server that answers SERVFAIL, mute.test to one that never answers, and
# slow1..3.test to one that answers after 400 ms.  Checked: each list's
# outcome, the score, the dnsbl= and error= values, a zone given twice
# asked once, and that all lists are asked at once (three slow lists take
# one slow answer's time, not three).
. "$(dirname "$0")/../lib.sh"
ASK=$BUILD/dnsbl_ask
[ -x "$ASK" ] || { fail "$ASK is not built (make $ASK)"; finish; }
. "$SYS/greetwait/dnslists.sh"

# ask IP SPEC...: run the driver with DNSCACHEIP=$DNS; sets OUT, TOOK.
ask() {
	OUT=$(DNSCACHEIP=$DNS "$ASK" -t 1000 "$@" 2>&1)
	TOOK=$(printf '%s\n' "$OUT" | sed -n 's/^took=//p')
}

# line WHAT ZONE EXPECTED: the driver's line for ZONE.
line() {
	assert_eq "$1" "$3" "$(printf '%s\n' "$OUT" | grep "^$2 ")"
}

# value WHAT KEY EXPECTED: the driver's KEY=... line.
value() {
	assert_eq "$1" "$2=$3" "$(printf '%s\n' "$OUT" | grep "^$2=")"
}

# took_within WHAT LO HI: the driver took LO..HI ms.
took_within() {
	if [ -n "$TOOK" ] && [ "$TOOK" -ge "$2" ] && [ "$TOOK" -le "$3" ]; then pass "$1: $TOOK ms"
	else fail "$1: took ${TOOK:-?} ms, not within $2..$3"; echo "$OUT" | sed 's/^/    /'; fi
}

LISTS="bl.test bl2.test=127.0.0.[2..3]*3 wl.test*-2"

# listed by both block lists, bl.test with two addresses; the allow list
# says NXDOMAIN; a server failure and a silent list fail, not listed
ask 127.0.0.5 $LISTS fail.test mute.test
line "two A records: both kept" bl.test "bl.test listed 127.0.0.2,127.0.0.10"
line "second list, filter takes 127.0.0.3" bl2.test "bl2.test listed 127.0.0.3"
line "NXDOMAIN: not listed" wl.test "wl.test not-listed"
line "SERVFAIL: failed" fail.test "fail.test failed unable to look up fail.test: server failure"
line "no answer: failed at the limit" mute.test \
	"mute.test failed unable to look up mute.test: no answer within the time limit"
value "score: 1 + 3" score 4
value "dnsbl=: the matches" dnsbl '"bl.test:127.0.0.2,bl.test:127.0.0.10,bl2.test:127.0.0.3"'
value "error=: both failures" error \
	'"unable to look up fail.test: server failure; unable to look up mute.test: no answer within the time limit"'
took_within "a silent list is awaited up to the limit, no longer" 950 1300

# the second list's answer is one its filter does not take; no silent
# list: done when the last answer is in
ask 127.0.0.4 $LISTS fail.test
line "bl.test listed" bl.test "bl.test listed 127.0.0.2"
line "filter refuses 127.0.0.4" bl2.test "bl2.test not-listed"
value "score: bl.test alone" score 1
value "dnsbl=: bl.test alone" dnsbl '"bl.test:127.0.0.2"'
took_within "SERVFAIL ends its question at once" 0 400

# the allow list alone
ask 127.0.0.6 $LISTS
line "allow list: listed" wl.test "wl.test listed 127.0.10.1"
line "not on the block list" bl.test "bl.test not-listed"
value "allow list: negative score" score -2
value "no error" error '""'

# IPv6: 32 nibbles under each zone
ask ::5 $LISTS
line "IPv6 block list" bl.test "bl.test listed 127.0.0.3"
line "IPv6 second list" bl2.test "bl2.test listed 127.0.0.2"
line "IPv6 allow list" wl.test "wl.test listed 127.0.10.1"
value "IPv6 score: 1 + 3 - 2" score 2
grep -q "query\[A\] $V6.bl.test from" "$T/dnsmasq.log" && pass "IPv6 nibble name asked" ||
	fail "no A query for $V6.bl.test in dnsmasq's log"
ask 2001:db8::1 $LISTS
value "IPv6 not listed" score 0

# a zone given twice: asked once, each entry weighed on its own
before=$(grep -c 'query\[A\] 5.0.0.127.bl.test from' "$T/dnsmasq.log")
ask 127.0.0.5 'bl.test=127.0.0.2*2' 'bl.test=127.0.0.10*5' 'bl.test=127.0.0.11*100'
value "one zone, two entries match" score 7
line "one zone, one line" bl.test "bl.test listed 127.0.0.2,127.0.0.10"
after=$(grep -c 'query\[A\] 5.0.0.127.bl.test from' "$T/dnsmasq.log")
assert_eq "one zone, one question" 1 $((after - before))

# all at once: three lists answering after 400 ms take 400 ms, not 1200,
# and their questions leave together
: >"$T/slow.log"
ask 127.0.0.7 slow1.test slow2.test*2 slow3.test*-1 bl.test
line "slow list 1" slow1.test "slow1.test listed 127.0.0.2"
line "slow list 3" slow3.test "slow3.test listed 127.0.0.2"
value "slow lists' score" score 2
took_within "three slow lists: one round trip" 380 1100
spread=$(awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%d %d", NR, (hi - lo) * 1000 }' "$T/slow.log")
case $spread in
"3 "*) [ "${spread#3 }" -le 200 ] && pass "the three questions left within ${spread#3 } ms" ||
	fail "the questions left ${spread#3 } ms apart" ;;
*) fail "the slow server saw: $spread (count, ms)"; cat "$T/slow.log" ;;
esac

# bad input: exit 100 and why
OUT=$("$ASK" 127.0.0.5 'bl.test=127.0.0.[3..2]' 2>&1)
assert_eq "bad filter: exit 100" 100 $?
assert_eq "bad filter: why" "dnsbl_ask: bad -d bl.test=127.0.0.[3..2]: filter: a range is lo..hi, lo <= hi <= 255" "$OUT"
finish
