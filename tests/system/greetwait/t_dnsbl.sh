#!/bin/sh
# greetwait -d under real tcpserver, against real DNS servers on loopback
# (dnslists.sh: dnsmasq's bl.test, bl2.test and wl.test, a SERVFAIL
# server, a silent one, a slow one): each threshold (-L, -B with 554 and
# with -X tempfail's 451, -A), the filter forms, weights adding up, the
# allow list beating a PTR pattern and -n reject, a block list beating the
# pass cache, IPv6, the fail-open paths with error=, the lists awaited up
# to -D past the delay and no longer, GREETWAIT, RELAYCLIENT and the
# whitelist asking no list, and the wall time of a patient unlisted client:
# the short delay, within 50 ms.
. "$(dirname "$0")/../lib.sh"
need_greetwait
. "$SYS/greetwait/dnslists.sh"

# Clients 127.0.0.2x (see dnslists.sh): .20 listed nowhere, .21 in bl.test,
# .22 in bl.test and bl2.test (127.0.0.3), .23 in wl.test, .24 in bl2.test
# with 127.0.0.4 (which the filter refuses), .25 in bl.test and wl.test;
# .26 talks as 2001:db9::25 (in bl.test), .27 as GREETWAIT, .28 as
# RELAYCLIENT, .29 is whitelisted.
serve_rules \
	'127.0.0.20:allow,TCPREMOTEHOST="mx.example.org"' \
	'127.0.0.21:allow,TCPREMOTEHOST="mx21.example.org"' \
	'127.0.0.22:allow,TCPREMOTEHOST="mx22.example.org"' \
	'127.0.0.23:allow,TCPREMOTEHOST="dsl-23.example.net"' \
	'127.0.0.24:allow,TCPREMOTEHOST="mx24.example.org"' \
	'127.0.0.25:allow,TCPREMOTEHOST="dsl-25.example.net"' \
	'127.0.0.26:allow,TCPREMOTEIP="2001:db9::25",TCPREMOTEHOST="mx26.example.org"' \
	'127.0.0.27:allow,GREETWAIT="",TCPREMOTEHOST="mx21.example.org"' \
	'127.0.0.28:allow,RELAYCLIENT="",TCPREMOTEHOST="mx21.example.org"' \
	':allow'
patterns
printf '127.0.0.29\n' | whitelist_cdb
LISTS="-d bl.test -d bl2.test=127.0.0.[2..3]*3 -d wl.test=127.0.[0..255].[1;2;3]*-5"
GWOPTS="-p $T/patterns.cdb -w $T/whitelist.cdb -s 0.3 -l 1 -T 1"

# fields WHAT EXPECTED KEY...: the values of KEYs in LINE, space-separated.
fields() {
	_what=$1 _want=$2
	shift 2
	_got=""
	for _k in "$@"; do _got="$_got${_got:+ }$(field "$_k" "$LINE")"; done
	assert_eq "$_what" "$_want" "$_got"
}

DNSCACHEIP=$DNS serve plain $GWOPTS $LISTS -B 4 -A -1 /bin/echo "220 ready"
try plain 127.0.0.20 127.0.0.20
assert_eq "unlisted: greeting" "220 ready" "$OUT"
fields "unlisted: default, empty dnsbl=, score 0" 'default 0.300 pass "" 0' \
	why delay result dnsbl score
within "unlisted: the short delay, lists answered within it" 0.3 0.35
try plain 127.0.0.21 127.0.0.21
fields "one list: the long delay" 'dnsbl 1.000 pass "bl.test:127.0.0.2" 1' \
	why delay result dnsbl score
within "one list: the long delay" 1 1.1
try plain 127.0.0.22 127.0.0.22
assert_eq "two lists, 1 + 3 at -B 4: 554 naming both" \
	"554 5.7.1 Service unavailable; client [127.0.0.22] blocked using bl.test, bl2.test" "$OUT"
fields "two lists: logged" 'dnsbl 0.000 reject "bl.test:127.0.0.2,bl2.test:127.0.0.3" 4' \
	why delay result dnsbl score
within "two lists: refused as soon as they answered" 0 0.2
try plain 127.0.0.23 127.0.0.23
assert_eq "allow list: greeting" "220 ready" "$OUT"
fields "allow list beats the *dsl* pattern" 'dnswl 0.000 pass "wl.test:127.0.10.1" -5' \
	why delay result dnsbl score
within "allow list: no delay" 0 0.15
try plain 127.0.0.24 127.0.0.24
fields "filter [2..3] refuses 127.0.0.4" 'default "" 0' why dnsbl score
try plain 127.0.0.25 127.0.0.25
fields "weights add up: 1 - 5 = -4, allowed" 'dnswl "bl.test:127.0.0.2,wl.test:127.0.10.1" -4' \
	why dnsbl score
try plain 127.0.0.26 2001:db9::25
fields "IPv6: 32 nibbles under the zone" 'dnsbl "bl.test:127.0.0.2" 1' why dnsbl score
grep -q 'query\[A\] 5\.2\.0\.0\.[0-9.]*\.9\.b\.d\.0\.1\.0\.0\.2\.bl\.test from' "$T/dnsmasq.log" &&
	pass "IPv6: asked by nibbles" || fail "IPv6: no nibble question in dnsmasq's log"
for c in 27:env 28:relayclient 29:whitelist:127.0.0.29; do
	before=$(grep -c "query\[A\] ${c%%:*}\.0\.0\.127\." "$T/dnsmasq.log")
	try plain 127.0.0.${c%%:*} 127.0.0.${c%%:*}
	fields "${c#*:}: first, and logged with dnsbl=" "${c#*:} \"\" 0" why dnsbl score
	after=$(grep -c "query\[A\] ${c%%:*}\.0\.0\.127\." "$T/dnsmasq.log")
	assert_eq "${c#*:}: no list asked" 0 $((after - before))
done
stop_tcpserver

# -X tempfail: rblsmtpd's 220, 250 to EHLO, 451 naming the lists
DNSCACHEIP=$DNS serve later $GWOPTS $LISTS -B 4 -X tempfail /bin/echo "220 ready"
$CLIENT dialogue --port "$PORT" --src 127.0.0.22 --wait-first "EHLO x" "MAIL FROM:<a@b.example>" \
	QUIT >"$T/later.out" 2>/dev/null
assert_eq "tempfail: the dialogue" "S: 220 greetwait.local
C: EHLO x
S: 250 greetwait.local
C: MAIL FROM:<a@b.example>
S: 451 4.7.1 Service unavailable; client [127.0.0.22] blocked using bl.test, bl2.test, try again later
C: QUIT
S: 221 2.0.0 Bye
EOF" "$(tr -d '\r' <"$T/later.out")"
LINE=$(logline later 127.0.0.22)
fields "tempfail: logged" "dnsbl tempfail 4" why result score
stop_tcpserver

# -n reject: an allow list still lets in a client with no PTR name; a
# listed one is refused by -n (the block threshold is off)
serve_rules '127.0.0.23:allow,TCPREMOTEHOST=""' '127.0.0.21:allow,TCPREMOTEHOST=""' ':allow'
DNSCACHEIP=$DNS serve noptr $GWOPTS $LISTS -A -1 -n reject /bin/echo "220 ready"
try noptr 127.0.0.23 127.0.0.23
fields "no PTR, allow-listed: in" 'dnswl pass -5' why result score
try noptr 127.0.0.21 127.0.0.21
assert_eq "no PTR, listed: -n reject's 554" "554 5.7.25 Client host has no PTR record" "$OUT"
fields "no PTR, listed: logged" 'noptr reject 1' why result score
stop_tcpserver

# the pass cache: a pass after a list's long delay is remembered (the next
# connection gets the short delay), but the block threshold refuses even
# a client the cache knows
serve_rules '127.0.0.22:allow,TCPREMOTEHOST="mx22.example.org"' ':allow'
mkdir "$T/cache"
DNSCACHEIP=$DNS serve cache1 $GWOPTS $LISTS -c "$T/cache" /bin/echo "220 ready"
try cache1 127.0.0.22 127.0.0.22
fields "cache: listed, the long delay" 'dnsbl pass 4' why result score
try cache1 127.0.0.22 127.0.0.22
fields "cache: then a pass cache hit" 'cache 0.300 pass 4' why delay result score
stop_tcpserver
DNSCACHEIP=$DNS serve cache2 $GWOPTS $LISTS -c "$T/cache" -B 4 /bin/echo "220 ready"
try cache2 127.0.0.22 127.0.0.22
fields "cache: the block list outranks it" 'dnsbl reject 4' why result score
stop_tcpserver

# failures fail open: SERVFAIL at once, a silent list at -D past the
# delay; the slow (400 ms) allow list still counts within -D
serve_rules '127.0.0.20:allow,TCPREMOTEHOST="mx.example.org"' \
	'127.0.0.21:allow,TCPREMOTEHOST="mx21.example.org"' ':allow'
DNSCACHEIP=$DNS serve broken $GWOPTS -A -1 -D 0.4 -d bl.test -d fail.test*5 \
	-d slow1.test*-5 /bin/echo "220 ready"
try broken 127.0.0.20 127.0.0.20
assert_eq "broken lists: greeting" "220 ready" "$OUT"
fields "slow allow list, late but within -D: in" 'dnswl pass -5' why result score
case "$LINE" in *'error="unable to look up fail.test: server failure"') pass "SERVFAIL logged" ;;
*) fail "SERVFAIL: $LINE" ;; esac
within "slow allow list: awaited past the 0.3 s delay" 0.4 0.5
stop_tcpserver
DNSCACHEIP=$DNS serve mute $GWOPTS -D 0.2 $LISTS -d mute.test*5 /bin/echo "220 ready"
try mute 127.0.0.20 127.0.0.20
fields "silent list: not listed" 'default pass 0' why result score
case "$LINE" in *'error="unable to look up mute.test: no answer within the time limit"') pass "silent list logged" ;;
*) fail "silent list: $LINE" ;; esac
within "silent list: awaited -D past the delay, no longer" 0.5 0.6
try mute 127.0.0.21 127.0.0.21
fields "silent list beside a listing: the long delay stands" 'dnsbl 1.000 1' why delay score
within "silent list within the long delay: no longer" 1 1.1
stop_tcpserver
DNSCACHEIP=127.83.43.9 serve nodns $GWOPTS -D 0.2 $LISTS /bin/echo "220 ready"
try nodns 127.0.0.21 127.0.0.21
fields "no DNS server at all: not listed" 'default pass 0' why result score
case "$LINE" in *'error="unable to look up bl.test:'*) pass "dead DNS logged" ;;
*) fail "dead DNS: $LINE" ;; esac
stop_tcpserver

# -r with a PTR lookup that never answers (dnsmasq sends in-addr.arpa to
# the silent server): an allow list lets the client in at once, and the
# lookup it no longer needs is dropped without an error
serve_rules ':allow'
DNSCACHEIP=$DNS serve ptr -r $GWOPTS $LISTS -A -1 /bin/echo "220 ready"
try ptr 127.0.0.23 127.0.0.23
fields "-r, allow-listed, PTR silent: in at once" 'dnswl 0.000 pass -5' why delay result score
within "-r, allow-listed: not held for the PTR" 0 0.15
case "$LINE" in *error=*) fail "-r, allow-listed: $LINE" ;; *) pass "-r, allow-listed: no error" ;; esac
try ptr 127.0.0.20 127.0.0.20
fields "-r, unlisted, PTR silent: dnswait, then the long delay" 'dnsfail 1.000 pass' why delay result
stop_tcpserver

# a client that talks while the lists are asked: pregreet, as ever
DNSCACHEIP=$DNS serve early $GWOPTS -d slow2.test /bin/echo "220 ready"
$CLIENT pregreet --port "$PORT" --src 127.0.0.20 >/dev/null 2>&1
LINE=$(logline early 127.0.0.20)
fields "early talker while asking: caught, no error" 'pregreet "" 0' result dnsbl score
case "$LINE" in *error=*) fail "early talker: $LINE" ;; *) pass "early talker: no error=" ;; esac

# bad -d: exit 100, what is wrong, and the usage line
OUT=$("$GW" -d 'bl.test=127.0.0.[3..2]' true 2>&1)
assert_eq "bad -d: exit 100" 100 $?
assert_eq "bad -d: why" "greetwait: -d bl.test=127.0.0.[3..2]: filter: a range is lo..hi, lo <= hi <= 255" \
	"$(printf '%s\n' "$OUT" | head -n 1)"
case "$(printf '%s\n' "$OUT" | sed -n 2p)" in "greetwait: usage: "*) pass "bad -d: usage" ;;
*) fail "bad -d: no usage line: $OUT" ;; esac
for bad in "-B x" "-A 1.5" "-L 999999" "-X maybe" "-D soon"; do
	# shellcheck disable=SC2086
	"$GW" $bad -d bl.test true 2>/dev/null
	assert_eq "bad $bad: exit 100" 100 $?
done
finish
