#!/bin/sh
# greetwait-helo's bogus-sld rule against a real DNS server on loopback.
# dnsmasq answers for a TLD with name servers (test) holding an SLD with
# them (good.test), one that exists without NS records (nodata.test,
# which passes: fanf's less strict check) and one that does not exist
# (bogus.test), and for a TLD without name servers (notld); it refuses
# everything else (a server failure).  A UDP socket
# that never answers gives the timeout.  libowfat's dns always uses port
# 53 and reads DNSCACHEIP, hence unusual loopback addresses and root.
. "$(dirname "$0")/../lib.sh"
DNS=127.53.77.1 MUTE=127.53.77.2
[ "$(id -u)" = 0 ] || { echo "t_helo_dns: needs root to listen on port 53: skipped"; exit 0; }

ns=$(printf '\002ns\004test\000' | od -An -tx1 | tr -d ' \n')
bg dnsmasq --keep-in-foreground --no-resolv --no-hosts --port 53 --listen-address=$DNS --bind-interfaces \
	--pid-file --log-queries --log-facility="$T/dnsmasq.log" \
	--local=/test/ --local=/notld/ --dns-rr=test,2,$ns --dns-rr=good.test,2,$ns \
	--host-record=nodata.test,192.0.2.1
bg $PY -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
sys.stdout.write("ready\n"); sys.stdout.flush()
while True:
	s.recv(512)
' $MUTE > "$T/mute.out"
for i in $(seq 50); do
	[ "$(DNSCACHEIP=$DNS "$GWHELO" -t 1 mail.good.test)" = ok ] && grep -q ready "$T/mute.out" && break
	sleep 0.1
done

# expect: want-stdout want-exit name [option ...]
expect() {
	want=$1 code=$2 name=$3
	shift 3
	got=$(DNSCACHEIP=$DNS "$GWHELO" -t 2 "$@" "$name")
	rc=$?
	[ "$got" = "$want" ] && [ $rc = "$code" ] || fail "$name $*: got '$got' exit $rc, want '$want' exit $code"
}
expect ok 0 mail.good.test
expect ok 0 good.test
expect bogus-sld 1 mail.bogus.test
expect bogus-sld 1 MAIL.Bogus.Test.
expect ok 0 relay.nodata.test
expect ok 0 host.notld
expect ok 0 mail.bogus.test -d bogus-sld
grep -q 'query\[NS\] bogus.test' "$T/dnsmasq.log" || fail "no NS query for bogus.test reached dnsmasq"
grep -q 'query\[NS\] notld' "$T/dnsmasq.log" || fail "no NS query for notld reached dnsmasq"
grep -q 'query\[NS\] nodata.test' "$T/dnsmasq.log" || fail "no NS query for nodata.test reached dnsmasq"
grep -q 'query\[NS\] good.test' "$T/dnsmasq.log" && grep -q 'query\[NS\] test' "$T/dnsmasq.log" ||
	fail "good.test was not asked about"
! grep -q 'query\[NS\] 2.7' "$T/dnsmasq.log" || fail "an address was looked up"
expect ok 0 '[192.0.2.7]'

# A server failure (REFUSED for org) is no answer: the name passes, at
# once rather than after the time limit.
start=$(date +%s%N)
out=$(DNSCACHEIP=$DNS SMTPHELOHOST=mail.example.org TCPREMOTEIP=192.0.2.7 "$GWHELO" -q -t 5 2>"$T/err")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ -z "$out" ] || fail "server failure: plugin said '$out'"
[ "$ms" -lt 2500 ] || fail "server failure: took $ms ms, not at once"
grep -q 'why=ok result=pass error="unable to look up NS: server failure"' "$T/err" ||
	fail "server failure: log: $(cat "$T/err")"

# A server that never answers: the name passes, within the time limit.
start=$(date +%s%N)
out=$(DNSCACHEIP=$MUTE SMTPHELOHOST=mail.bogus.test TCPREMOTEIP=192.0.2.7 "$GWHELO" -q -t 1 2>"$T/err")
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ -z "$out" ] || fail "timeout: plugin said '$out'"
grep -q '^greetwait-helo: pid=[0-9]* ip=192.0.2.7 helo="mail.bogus.test" why=ok result=pass error="DNS query timed out"$' "$T/err" ||
	fail "timeout: log: $(cat "$T/err")"
[ "$took" -ge 900 ] && [ "$took" -lt 2500 ] || fail "timeout: took ${took} ms for -t 1"
got=$(DNSCACHEIP=$MUTE "$GWHELO" -t 0.3 mail.bogus.test)
[ "$got" = ok ] || fail "timeout in command mode: '$got'"

# The same through the plugin: the refusal, and the log line.
out=$(DNSCACHEIP=$DNS SMTPHELOHOST=mail.bogus.test TCPREMOTEIP=192.0.2.7 "$GWHELO" -q 2>"$T/err")
[ "$out" = "E550 5.7.1 Bogus HELO name (bogus-sld)" ] || fail "plugin: '$out'"
grep -q 'helo="mail.bogus.test" why=bogus-sld result=reject$' "$T/err" || fail "plugin log: $(cat "$T/err")"
finish
