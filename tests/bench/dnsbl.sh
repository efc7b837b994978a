#!/bin/sh
# What -d's DNS lists cost a connection, side by side in one run: the
# wall time of greetwait with 4 lists against none, and of rblsmtpd
# asking the same 4 lists (one after another, as it does), for a client
# listed nowhere.  Two DNS setups on loopback: dnsmasq answering from its
# own data (a local rbldns), and the 4 zones forwarded by dnsmasq to a
# server that answers each question NXDOMAIN after BENCH_RTT seconds (a
# list far away).  With -s 0 nothing hides the lists' latency; with -s 0.1 the
# wait does, which is the point.  Each run is on a socket pair, exec'ing
# /bin/true, BENCH_N times each, the variants taking turns.  Needs root
# (port 53) and dnsmasq.
cd "$(dirname "$0")/../.." || exit 111
N=${BENCH_N:-100}
RTT=${BENCH_RTT:-0.025}
B=build/bench
mkdir -p $B
[ "$(id -u)" = 0 ] || { echo "dnsbl.sh needs root: its DNS servers listen on port 53"; exit 0; }
command -v dnsmasq >/dev/null || { echo "dnsbl.sh needs dnsmasq (tests/deps.sh)"; exit 0; }
make -s all >/dev/null || exit 111
cc -O2 -Wall -std=c99 -D_GNU_SOURCE -o $B/spawn tests/bench/spawn.c || exit 111
T=$(mktemp -d "${TMPDIR:-/tmp}/greetwait-bench.XXXXXX") || exit 111
DNS=127.83.45.1 FAR=127.83.45.2
# the lists list 127.0.0.7 (not the client, 127.0.0.5: NXDOMAIN for it)
for z in one two three four; do
	printf '127.0.0.2 7.0.0.127.%s.bench\n' $z
done >"$T/lists"
dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file --no-resolv --no-hosts \
	--listen-address=$DNS --bind-interfaces --port=53 --user=nobody --group=nogroup \
	--local=/bench/ --addn-hosts="$T/lists" --no-negcache \
	--server=/one.far/$FAR --server=/two.far/$FAR --server=/three.far/$FAR \
	--server=/four.far/$FAR 2>"$T/dnsmasq.err" &
DPID=$!
python3 tests/system/dnsslow.py --nxdomain $FAR "$RTT" >"$T/far.ready" &
FPID=$!
trap 'kill $DPID $FPID 2>/dev/null; rm -rf "$T"' EXIT
for i in $(seq 100); do
	[ -s "$T/far.ready" ] && python3 -c "
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
s.sendto(bytes.fromhex('1234010000010000000000000478787878056265' '6e636800' '00010001'), ('$DNS', 53))
s.recv(512)" 2>/dev/null && break
	sleep 0.05
done
export TCPREMOTEIP=127.0.0.5 TCPREMOTEHOST=mx.example.org DNSCACHEIP=$DNS
NEAR="-d one.bench -d two.bench -d three.bench -d four.bench"
FARL="-d one.far -d two.far -d three.far -d four.far"
RNEAR="-r one.bench -r two.bench -r three.bench -r four.bench"
RFAR="-r one.far -r two.far -r three.far -r four.far"
# every list is asked and answers (NXDOMAIN): the decision (and the wait)
# is as for none
check() {
	line=$("$@" 2>&1 >/dev/null </dev/null)
	case "$line" in *'why=default'*'dnsbl="" score=0') ;; *) echo "unexpected: $line"; exit 1 ;; esac
}
check build/greetwait -s 0 $NEAR /bin/true
check build/greetwait -s 0 $FARL /bin/true

set -- \
	"greetwait -s 0, no lists|build/greetwait -s 0 /bin/true" \
	"greetwait -s 0, 4 local lists|build/greetwait -s 0 $NEAR /bin/true" \
	"rblsmtpd, 4 local lists|/usr/bin/rblsmtpd $RNEAR /bin/true" \
	"greetwait -s 0, 4 lists ${RTT}s away|build/greetwait -s 0 $FARL /bin/true" \
	"rblsmtpd, 4 lists ${RTT}s away|/usr/bin/rblsmtpd $RFAR /bin/true" \
	"greetwait -s 0.1, no lists|build/greetwait -s 0.1 /bin/true" \
	"greetwait -s 0.1, 4 lists ${RTT}s away|build/greetwait -s 0.1 $FARL /bin/true"
args=""
for v in "$@"; do args="$args${args:+ -- }${v#*|}"; done
$B/spawn "$N" $args >"$T/results" || exit 1
echo "wall time of one connection for a client on no list: median of $N runs each,"
echo "the variants taking turns, microseconds"
printf '%-40s %10s %8s\n' variant wall ratio
base=$(sed -n 1p "$T/results" | cut -d' ' -f1)
k=0
for v in "$@"; do
	k=$((k + 1))
	w=$(sed -n ${k}p "$T/results" | cut -d' ' -f1)
	ref=$base
	[ $k -ge 6 ] && ref=$(sed -n 6p "$T/results" | cut -d' ' -f1)
	echo "$w $ref" | awk -v n="${v%%|*}" '{ printf "%-40s %10.1f %8.2f\n", n, $1, $1 / $2 }'
done
echo "(ratio: against greetwait with no lists and the same -s)"
