#!/bin/sh
# greetwait-stats on a log of greetwait -d (dnsbl= and score= fields) and
# of rblsmtpd (plain, multilog and syslog lines): a retry row per DNS list
# that turned clients away, one for rblsmtpd, and all, no PTR and each
# pattern class split into addresses in a DNS list and not in one; an
# rblsmtpd refusal after greetwait's pass of the same pid is that
# connection's end, not a new one.  Every count below is counted by hand
# from the log.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ

# at SECONDS: multilog's label for 2026-11-23 19:00:00 UTC plus SECONDS.
at() { printf '@%016x00000000' $((0x400000006b048d3a + $1)); }
g="greetwait: pid"
{
	# A: no PTR, then twice in zen (one line cut), the second also in bl.
	echo "$(at 0) $g=1 ip=192.0.2.1 host=\"\" why=noptr delay=90.000 result=hangup waited=3.000 dnsbl=\"\" score=0"
	echo "$(at 10) $g=2 ip=192.0.2.1 host=\"\" why=dnsbl delay=90.000 result=hangup waited=4.000 dnsbl=\"zen.example:127.0.0.2\" score=3"
	echo "$(at 20) $g=3 ip=192.0.2.1 host=\"\" why=dnsbl delay=0.000 result=reject waited=0.000 dnsbl=\"zen.example:127.0.0.2,zen.example:127.0.0.4,bl.example:127.0.0.4,...\" score=5"
	# B: dynamic twice, in no list.
	echo "$(at 0) $g=4 ip=192.0.2.2 host=\"dsl-2.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=5.000 dnsbl=\"\" score=0"
	echo "$(at 10) $g=5 ip=192.0.2.2 host=\"dsl-2.example.net\" why=pattern:dynamic delay=90.000 result=pregreet waited=0.100 dnsbl=\"\" score=0 data=\"EHLO x\""
	# C: dynamic once, then let in by an allow list (score below 0: in no DNS list).
	echo "$(at 0) $g=6 ip=192.0.2.3 host=\"dsl-3.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=6.000 dnsbl=\"\" score=0"
	echo "$(at 10) $g=7 ip=192.0.2.3 host=\"dsl-3.example.net\" why=dnswl delay=0.000 result=pass waited=0.000 dnsbl=\"dnswl.example:127.0.5.2\" score=-5"
	# D: dynamic in no list, later held by bl.
	echo "$(at 0) $g=8 ip=192.0.2.4 host=\"dsl-4.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=7.000 dnsbl=\"\" score=0"
	echo "$(at 10) $g=9 ip=192.0.2.4 host=\"dsl-4.example.net\" why=dnsbl delay=90.000 result=hangup waited=8.000 dnsbl=\"bl.example:127.0.0.4\" score=2"
	# E: rblsmtpd alone, in all three framings (the plain line has no time).
	echo "$(at 0) rblsmtpd: 192.0.2.5 pid 10: 451 http://www.spamhaus.org/query/bl?ip=192.0.2.5"
	echo "Nov 23 19:00:10 mx rblsmtpd[11]: 192.0.2.5 pid 11: 553 Blocked: listed in zen"
	echo "rblsmtpd: 192.0.2.5 pid 12: 451 http://www.spamhaus.org/query/bl?ip=192.0.2.5"
	# F: greetwait without -d runs rblsmtpd, which refuses the client.
	echo "$(at 0) $g=600 ip=192.0.2.6 host=\"h6.example.org\" why=default delay=1.000 result=pass waited=1.000"
	echo "$(at 1) rblsmtpd: 192.0.2.6 pid 600: 553 listed"
	echo "Nov 23 19:00:10 mx greetwait[601]: pid=601 ip=192.0.2.6 host=\"h6.example.org\" why=default delay=1.000 result=pass waited=1.000"
	echo "Nov 23 19:00:11 mx rblsmtpd[601]: rblsmtpd: 192.0.2.6 pid 601: 451 listed"
	# G: no PTR twice, lines without dnsbl= (no -d): neither in a list nor not.
	echo "$(at 0) $g=13 ip=192.0.2.7 host=\"\" why=noptr delay=90.000 result=hangup waited=9.000"
	echo "$(at 10) $g=14 ip=192.0.2.7 host=\"\" why=noptr delay=90.000 result=hangup waited=9.500"
	# H: came once: in no retry row.
	echo "$(at 0) $g=15 ip=192.0.2.8 host=\"\" why=dnsbl delay=0.000 result=tempfail waited=0.000 dnsbl=\"zen.example:127.0.0.2\" score=9"
	# Not connections: rblsmtpd's other lines; and malformed ones.
	echo "$(at 30) rblsmtpd: fatal: out of memory"
	echo "$(at 30) rblsmtpd: 192.0.2.9 pid 16: greetdelay: 10"
	echo "$(at 30) $g=17 ip=192.0.2.10 host=\"\" why=dnsbl delay=0.000 result=reject waited=0.000 dnsbl=\"zen.example:127.0.0.2\""
	echo "$(at 30) $g=18 ip=192.0.2.10 host=\"\" why=dnsbl delay=0.000 result=reject waited=0.000 dnsbl=\"zen.example\" score=1"
	echo "$(at 30) $g=19 ip=192.0.2.10 host=\"\" why=dnsbl delay=0.000 result=reject waited=0.000 dnsbl=\"zen.example:127.0.0.2,\" score=1"
	echo "$(at 30) $g=20 ip=192.0.2.10 host=\"\" why=dnsbl delay=0.000 result=reject waited=0.000 dnsbl=\"\" score=+1"
	echo "$(at 30) rblsmtpd: 192.0.2.x pid 21: 451 listed"
} >"$T/log"

"$GWSTATS" --csv -y 2026 "$T/log" >"$T/csv"; rc=$?
assert_eq "exit code" 0 "$rc"
# all 7 retrying addresses turned away: C once; B, D, F, G twice; A, E 3 times
# in a DNS list: A, D (lines), E, F (rblsmtpd); not in one: B, C; G neither
# pattern:dynamic: B twice, C, D once; no PTR: A once, G twice
# rblsmtpd: E 3 times, F twice; zen: A twice (H came once); bl: A, D once
section "$T/csv" "# retries" >"$T/out"
cat >"$T/exp" <<'OUT'
What,Different IPs,1 try,2 tries,3 tries,4 tries,5-10 tries,more
all turned away,7,14,57,29,0,0,0
all turned away in a DNS list,4,0,50,50,0,0,0
all turned away not in a DNS list,2,50,50,0,0,0,0
pattern:dynamic,3,67,33,0,0,0,0
pattern:dynamic in a DNS list,1,100,0,0,0,0,0
pattern:dynamic not in a DNS list,2,50,50,0,0,0,0
no PTR,2,50,50,0,0,0,0
no PTR in a DNS list,1,100,0,0,0,0,0
no PTR not in a DNS list,0,0,0,0,0,0,0
rblsmtpd,2,0,50,50,0,0,0
dnsbl:bl.example,2,100,0,0,0,0,0
dnsbl:zen.example,1,0,100,0,0,0,0
OUT
assert_bytes "retries: per list, rblsmtpd, in and not in a DNS list" "$T/exp" "$T/out"

# 17 connections from 8 hosts (F's rblsmtpd lines end its 2 passes);
# rblsmtpd's own: E's 3; 5 malformed lines, 2 other lines.
for l in "all,17,8" "why:rblsmtpd,3,1" "why:default,2,1" "why:dnsbl,4,3" "why:dnswl,1,1" \
	"result:pass,1,1" "result:pregreet,1,1" "result:hangup,8,5" "result:reject,3,3" "result:tempfail,4,3" \
	"malformed lines,5,0" "other lines,2,0" "turned away,16,8"; do
	assert_has_line "summary: $l" "$T/csv" "$l"
done

# The text table names the rows alike.
"$GWSTATS" -t retries -y 2026 "$T/log" >"$T/text"
for l in "all turned away in a DNS list 4 0% 50% 50% 0% 0% 0%" \
	"no PTR not in a DNS list 0 0% 0% 0% 0% 0% 0%" "dnsbl:zen.example 1 0% 100% 0% 0% 0% 0%"; do
	section "$T/text" "Retries:" | grep -qxF -- "$l" && pass "text: $l" || fail "text: no row '$l'"
done

# A log without dnsbl= and rblsmtpd lines keeps the table it always had.
grep -v 'dnsbl=\|rblsmtpd' "$T/log" >"$T/plain"
"$GWSTATS" --csv -t retries "$T/plain" | grep -c 'DNS list' >"$T/n"
assert_eq "no split rows without DNS lists" 0 "$(cat "$T/n")"
finish
