#!/bin/sh
# Overrides from the tcprules environment come first: GREETWAIT (its value
# is the delay; empty or 0 means at once), then RELAYCLIENT (at once),
# both before the whitelist and the patterns.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules \
	'127.0.0.5:allow,GREETWAIT="0",TCPREMOTEHOST="dsl-127-0-0-5.example.net"' \
	'127.0.0.6:allow,GREETWAIT="0.3",TCPREMOTEHOST="dsl-127-0-0-6.example.net"' \
	'127.0.0.7:allow,GREETWAIT="",TCPREMOTEHOST="dsl-127-0-0-7.example.net"' \
	'127.0.0.8:allow,RELAYCLIENT="",TCPREMOTEHOST="dsl-127-0-0-8.example.net"' \
	'127.0.0.9:allow,GREETWAIT="0.2",RELAYCLIENT="",TCPREMOTEHOST="dsl-127-0-0-9.example.net"' \
	'127.0.0.10:allow,RELAYCLIENT="",TCPREMOTEHOST="mail.example.org"' \
	'127.0.0.11:allow,GREETWAIT="0"'
printf '*dsl*  dynamic\n' | patterns_cdb
printf '127.0.0.10  0.4\n' | whitelist_cdb
start_tcpserver "$GW" -p "$T/patterns.cdb" -w "$T/whitelist.cdb" -n reject -s 1 -l 2 -T 1 $CLIENT fakesmtp
printf 'QUIT\n' >"$T/quit"
printf '220 fake.example ESMTP ready\r\n221 2.0.0 Bye\r\n' >"$T/want"
n=0
for i in 5 6 7 8 9 10 11; do
	bg $CLIENT session --port "$PORT" --src 127.0.0.$i --script "$T/quit" >"$T/got.$i" 2>/dev/null
	n=$((n + 1))
done
wait_ended $n
for i in 5 6 7 8 9 10 11; do
	assert_bytes "127.0.0.$i reached the server" "$T/want" "$T/got.$i"
	assert_status 127.0.0.$i 0
done
assert_line 127.0.0.5 'greetwait: pid=[0-9]+ ip=127\.0\.0\.5 host="dsl-127-0-0-5\.example\.net" why=env delay=0\.000 result=pass waited=0\.0[0-9]{2}'
assert_line 127.0.0.6 'greetwait: pid=[0-9]+ ip=127\.0\.0\.6 host="dsl-127-0-0-6\.example\.net" why=env delay=0\.300 result=pass waited=0\.3[0-9]{2}'
assert_line 127.0.0.7 'greetwait: pid=[0-9]+ ip=127\.0\.0\.7 host="dsl-127-0-0-7\.example\.net" why=env delay=0\.000 result=pass waited=0\.0[0-9]{2}'
assert_line 127.0.0.8 'greetwait: pid=[0-9]+ ip=127\.0\.0\.8 host="dsl-127-0-0-8\.example\.net" why=relayclient delay=0\.000 result=pass waited=0\.0[0-9]{2}'
assert_line 127.0.0.9 'greetwait: pid=[0-9]+ ip=127\.0\.0\.9 host="dsl-127-0-0-9\.example\.net" why=env delay=0\.200 result=pass waited=0\.2[0-9]{2}'
assert_line 127.0.0.10 'greetwait: pid=[0-9]+ ip=127\.0\.0\.10 host="mail\.example\.org" why=relayclient delay=0\.000 result=pass waited=0\.0[0-9]{2}'
# No PTR and -n reject, but GREETWAIT="0" comes first.
assert_line 127.0.0.11 'greetwait: pid=[0-9]+ ip=127\.0\.0\.11 host="" why=env delay=0\.000 result=pass waited=0\.0[0-9]{2}'
finish
