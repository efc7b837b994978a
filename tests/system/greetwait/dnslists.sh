# Sourced by the DNS list tests (t_dnsbl_query, t_dnsbl): real DNS servers
# on loopback, port 53.  dnsmasq on $DNS serves a block list (bl.test), a
# second one (bl2.test) and an allow list (wl.test), IPv4 and IPv6
# entries, and forwards fail.test to $SERVFAIL (SERVFAIL to everything),
# mute.test to $SILENT (never answers) and slow1..3.test to $SLOW (every
# A question answered 127.0.0.2 after 400 ms; $T/slow.log says when each
# arrived).  Returns once all answer.
command -v dnsmasq >/dev/null || { fail "dnsmasq is not installed (tests/deps.sh)"; finish; }
# libowfat's dns always asks port 53, which only root may serve
[ "$(id -u)" = 0 ] || { fail "the DNS list tests need root: their servers listen on port 53"; finish; }
DNS=127.83.43.1 SERVFAIL=127.83.43.2 SILENT=127.83.43.3 SLOW=127.83.43.4

# the lists' entries: 127.0.0.5 twice in bl.test, ::5 (32 nibbles) too;
# 127.0.0.21 to .25 and 2001:db9::25 for greetwait's own test (t_dnsbl)
V6=5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0
V6G=5.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.9.b.d.0.1.0.0.2
cat >"$T/lists" <<EOF
127.0.0.2 4.0.0.127.bl.test
127.0.0.2 5.0.0.127.bl.test
127.0.0.10 5.0.0.127.bl.test
127.0.0.3 $V6.bl.test
127.0.0.4 4.0.0.127.bl2.test
127.0.0.3 5.0.0.127.bl2.test
127.0.0.2 $V6.bl2.test
127.0.10.1 6.0.0.127.wl.test
127.0.10.1 $V6.wl.test
127.0.0.2 21.0.0.127.bl.test
127.0.0.2 22.0.0.127.bl.test
127.0.0.3 22.0.0.127.bl2.test
127.0.10.1 23.0.0.127.wl.test
127.0.0.4 24.0.0.127.bl2.test
127.0.0.2 25.0.0.127.bl.test
127.0.10.1 25.0.0.127.wl.test
127.0.0.2 $V6G.bl.test
EOF
dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file --no-resolv --no-hosts \
	--listen-address=$DNS --bind-interfaces --port=53 --user=nobody --group=nogroup \
	--local=/test/ --addn-hosts="$T/lists" --log-queries --log-facility="$T/dnsmasq.log" \
	--server=/fail.test/$SERVFAIL --server=/mute.test/$SILENT --server=/in-addr.arpa/$SILENT \
	--server=/slow1.test/$SLOW --server=/slow2.test/$SLOW --server=/slow3.test/$SLOW \
	2>"$T/dnsmasq.err" &
BG_PIDS="$BG_PIDS $!"
for mode in servfail silent; do
	case $mode in servfail) at=$SERVFAIL ;; silent) at=$SILENT ;; esac
	$PY "$ROOT/tests/system/dnsfake.py" $at $mode >"$T/$mode.ready" &
	BG_PIDS="$BG_PIDS $!"
done
$PY "$SYS/dnsslow.py" $SLOW 0.4 "$T/slow.log" >"$T/slow.ready" &
BG_PIDS="$BG_PIDS $!"
for i in $(seq 100); do
	[ -s "$T/servfail.ready" ] && [ -s "$T/silent.ready" ] && [ -s "$T/slow.ready" ] &&
		$PY -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(0.2)
s.sendto(bytes.fromhex('123401000001000000000000047878787804746573740000010001'), ('$DNS', 53))
s.recv(512)" 2>/dev/null && break
	sleep 0.05
done

