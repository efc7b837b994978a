#!/bin/sh
# IPv6. Debian's tcpserver (ucspi-tcp) has no IPv6, and ucspi-tcp-ipv6
# conflicts with it, so: (1) tcprules sets TCPREMOTEIP the way an IPv6
# tcpserver or s6-tcpserver writes it (v6, upper case, v4-mapped dotted and
# hex) over loopback connections; (2) a real connection over ::1 under the
# inetd harness, with TCPREMOTEIP=::1 and without it (getpeername).
. "$(dirname "$0")/../lib.sh"
need_greetwait
rev=$($PY -c 'import ipaddress; print(".".join(reversed(ipaddress.ip_address("2001:db9::1:3").exploded.replace(":", ""))))')
rules \
	'127.0.0.40:allow,TCPREMOTEIP="2001:DB8:0:0:0:0:0:A",TCPREMOTEHOST="mail6.example.org"' \
	'127.0.0.41:allow,TCPREMOTEIP="::ffff:127.0.0.41",TCPREMOTEHOST="mail.example.org"' \
	'127.0.0.42:allow,TCPREMOTEIP="::FFFF:7f00:002a",TCPREMOTEHOST="mail.example.org"' \
	'127.0.0.43:allow,TCPREMOTEIP="2001:db9::1:2",TCPREMOTEHOST="v6-20010db9000000000000000000010002.example.net"' \
	"127.0.0.44:allow,TCPREMOTEIP=\"2001:db9::1:3\",TCPREMOTEHOST=\"$rev.rev.example.net\"" \
	'127.0.0.45:allow,TCPREMOTEIP="2001:db9::1:4",TCPREMOTEHOST="v6-20010db9000000000000000000010002.example.net"' \
	'127.0.0.46:allow,TCPREMOTEIP="2001:db9::66",TCPREMOTEHOST=""'
printf '*{ip}*  ipname\n' | patterns_cdb
printf '2001:db8::/32\n127.0.0.41\n127.0.0.42 0.2\n::1 0.2\n' | whitelist_cdb
start_tcpserver "$GW" -p "$T/patterns.cdb" -w "$T/whitelist.cdb" -n accept -s 0.1 -l 0.4 -T 1 true
n=0
for i in 40 41 42 43 44 45; do
	bg $CLIENT hangup --port "$PORT" --src 127.0.0.$i --after 3 >/dev/null 2>&1
	n=$((n + 1))
done
$CLIENT pregreet --port "$PORT" --src 127.0.0.46 >"$T/got46" 2>/dev/null
wait_ended $((n + 1))
assert_line 2001:db8::a 'greetwait: pid=[0-9]+ ip=2001:db8::a host="mail6\.example\.org" why=whitelist:2001:db8::/32 delay=0\.000 result=pass waited=0\.0[0-9]{2}'
assert_line 127.0.0.41 'greetwait: pid=[0-9]+ ip=127\.0\.0\.41 host="mail\.example\.org" why=whitelist:127\.0\.0\.41 delay=0\.000 result=pass waited=0\.0[0-9]{2}'
assert_line 127.0.0.42 'greetwait: pid=[0-9]+ ip=127\.0\.0\.42 host="mail\.example\.org" why=whitelist:127\.0\.0\.42 delay=0\.200 result=pass waited=0\.2[0-9]{2}'
assert_line 2001:db9::1:2 'greetwait: pid=[0-9]+ ip=2001:db9::1:2 host="v6-20010db9000000000000000000010002\.example\.net" why=pattern:ipname delay=0\.400 result=pass waited=0\.4[0-9]{2}'
assert_line 2001:db9::1:3 "greetwait: pid=[0-9]+ ip=2001:db9::1:3 host=\"$(echo "$rev" | sed 's/\./\\./g')\\.rev\\.example\\.net\" why=pattern:ipname delay=0\\.400 result=pass waited=0\\.4[0-9]{2}"
# Another address's nibbles are not this client's.
assert_line 2001:db9::1:4 'greetwait: pid=[0-9]+ ip=2001:db9::1:4 host="v6-20010db9000000000000000000010002\.example\.net" why=default delay=0\.100 result=pass waited=0\.1[0-9]{2}'
assert_line 2001:db9::66 'greetwait: pid=[0-9]+ ip=2001:db9::66 host="" why=default delay=0\.100 result=pregreet waited=0\.0[0-9]{2} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"'
assert_eq "v6 early talker rejected" "554 5.5.1 Protocol error: talking before the greeting" "$(head -n 1 "$T/got46" | tr -d '\r')"

# Real IPv6 sockets over ::1, launched as inetd would.
if ! $PY -c 'import socket; socket.socket(socket.AF_INET6).bind(("::1", 0))' 2>/dev/null; then
	fail "no ::1 on this machine: cannot test a real IPv6 connection"
	finish
fi
for how in env peer; do
	LOG=$T/log6.$how
	: >"$LOG"
	if [ $how = env ]; then set -- --setenv TCPREMOTEIP=::1; else set -- --unsetenv TCPREMOTEIP; fi
	bg $CLIENT inetd --listen ::1 --port-file "$T/port6.$how" --count 2 --timeout 5 "$@" \
		--setenv TCPREMOTEHOST=localhost -- \
		"$GW" -w "$T/whitelist.cdb" -s 0.1 -T 1 $CLIENT fakesmtp 2>>"$LOG"
	waitfor 5 test -s "$T/port6.$how"
	port6=$(cat "$T/port6.$how")
	printf 'QUIT\n' >"$T/quit"
	$CLIENT session --host ::1 --src ::1 --port "$port6" --script "$T/quit" >"$T/got6" 2>/dev/null
	printf '220 fake.example ESMTP ready\r\n221 2.0.0 Bye\r\n' >"$T/want6"
	assert_bytes "::1 ($how): patient client reaches the server" "$T/want6" "$T/got6"
	$CLIENT pregreet --host ::1 --src ::1 --port "$port6" >"$T/got6p" 2>/dev/null
	assert_eq "::1 ($how): early talker rejected" "554 5.5.1 Protocol error: talking before the greeting" "$(head -n 1 "$T/got6p" | tr -d '\r')"
	waitfor 5 lines_at_least 2 '^inetd: pid=' "$LOG"
	assert_log_has '^greetwait: pid=[0-9]+ ip=::1 host="localhost" why=whitelist:::1 delay=0\.200 result=pass waited=0\.2[0-9]{2}$'
	assert_log_has '^greetwait: pid=[0-9]+ ip=::1 host="localhost" why=whitelist:::1 delay=0\.200 result=pregreet waited=0\.0[0-9]{2} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"$'
	assert_eq "::1 ($how): exit codes" "exit=0 exit=0" "$(grep '^inetd: pid=' "$LOG" | awk '{print $3}' | xargs)"
done
finish
