#!/bin/sh
# greetwait-helo's bogus-sld rule against a real DNS server on loopback.
# dnsmasq answers for a TLD with name servers (test) holding an SLD with
# them (good.test), one that exists without NS records (nodata.test,
# which passes: fanf's less strict check) and one that does not exist
# (bogus.test), and for a TLD without name servers (notld); it refuses
# everything else (a server failure).  A UDP socket
# that never answers gives the timeout.  libowfat's dns always uses port
# 53 and reads DNSCACHEIP, hence unusual loopback addresses and root.
cd "$(dirname "$0")/../../.." || exit 111
B=$PWD/${GW_BUILD:-build}/greetwait-helo
DNS=127.53.77.1 MUTE=127.53.77.2
[ "$(id -u)" = 0 ] || { echo "t_helo_dns: needs root to listen on port 53: skipped"; exit 0; }
t=$(mktemp -d) || exit 111
fail=0
cleanup() {
	[ -f "$t/dnsmasq.pid" ] && kill "$(cat "$t/dnsmasq.pid")" 2>/dev/null
	[ -n "$mute" ] && kill "$mute" 2>/dev/null
	rm -rf "$t"
}
trap cleanup EXIT
no() { echo "FAIL: $*"; fail=1; }

ns=$(printf '\002ns\004test\000' | od -An -tx1 | tr -d ' \n')
dnsmasq --no-resolv --no-hosts --port 53 --listen-address=$DNS --bind-interfaces \
	--pid-file="$t/dnsmasq.pid" --log-queries --log-facility="$t/dnsmasq.log" \
	--local=/test/ --local=/notld/ --dns-rr=test,2,$ns --dns-rr=good.test,2,$ns \
	--host-record=nodata.test,192.0.2.1 || { echo "FAIL: dnsmasq did not start"; exit 1; }
python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 53))
sys.stdout.write("ready\n"); sys.stdout.flush()
while True:
	s.recv(512)
' $MUTE > "$t/mute.out" &
mute=$!
for i in $(seq 50); do
	[ "$(DNSCACHEIP=$DNS "$B" -t 1 mail.good.test)" = ok ] && grep -q ready "$t/mute.out" && break
	sleep 0.1
done

# expect: want-stdout want-exit name [option ...]
expect() {
	want=$1 code=$2 name=$3
	shift 3
	got=$(DNSCACHEIP=$DNS "$B" -t 2 "$@" "$name")
	rc=$?
	[ "$got" = "$want" ] && [ $rc = "$code" ] || no "$name $*: got '$got' exit $rc, want '$want' exit $code"
}
expect ok 0 mail.good.test
expect ok 0 good.test
expect bogus-sld 1 mail.bogus.test
expect bogus-sld 1 MAIL.Bogus.Test.
expect ok 0 relay.nodata.test
expect ok 0 host.notld
expect ok 0 mail.bogus.test -d bogus-sld
grep -q 'query\[NS\] bogus.test' "$t/dnsmasq.log" || no "no NS query for bogus.test reached dnsmasq"
grep -q 'query\[NS\] notld' "$t/dnsmasq.log" || no "no NS query for notld reached dnsmasq"
grep -q 'query\[NS\] nodata.test' "$t/dnsmasq.log" || no "no NS query for nodata.test reached dnsmasq"
grep -q 'query\[NS\] good.test' "$t/dnsmasq.log" && grep -q 'query\[NS\] test' "$t/dnsmasq.log" ||
	no "good.test was not asked about"
! grep -q 'query\[NS\] 2.7' "$t/dnsmasq.log" || no "an address was looked up"
expect ok 0 '[192.0.2.7]'

# A server failure (REFUSED for org) is no answer: the name passes, at
# once rather than after the time limit.
start=$(date +%s%N)
out=$(DNSCACHEIP=$DNS SMTPHELOHOST=mail.example.org TCPREMOTEIP=192.0.2.7 "$B" -q -t 5 2>"$t/err")
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ -z "$out" ] || no "server failure: plugin said '$out'"
[ "$ms" -lt 2500 ] || no "server failure: took $ms ms, not at once"
grep -q 'why=ok result=pass error="unable to look up NS: server failure"' "$t/err" ||
	no "server failure: log: $(cat "$t/err")"

# A server that never answers: the name passes, within the time limit.
start=$(date +%s%N)
out=$(DNSCACHEIP=$MUTE SMTPHELOHOST=mail.bogus.test TCPREMOTEIP=192.0.2.7 "$B" -q -t 1 2>"$t/err")
took=$(( ($(date +%s%N) - start) / 1000000 ))
[ -z "$out" ] || no "timeout: plugin said '$out'"
grep -q '^greetwait-helo: pid=[0-9]* ip=192.0.2.7 helo="mail.bogus.test" why=ok result=pass error="DNS query timed out"$' "$t/err" ||
	no "timeout: log: $(cat "$t/err")"
[ "$took" -ge 900 ] && [ "$took" -lt 2500 ] || no "timeout: took ${took} ms for -t 1"
got=$(DNSCACHEIP=$MUTE "$B" -t 0.3 mail.bogus.test)
[ "$got" = ok ] || no "timeout in command mode: '$got'"

# The same through the plugin: the refusal, and the log line.
out=$(DNSCACHEIP=$DNS SMTPHELOHOST=mail.bogus.test TCPREMOTEIP=192.0.2.7 "$B" -q 2>"$t/err")
[ "$out" = "E550 5.7.1 Bogus HELO name (bogus-sld)" ] || no "plugin: '$out'"
grep -q 'helo="mail.bogus.test" why=bogus-sld result=reject$' "$t/err" || no "plugin log: $(cat "$t/err")"
exit $fail
