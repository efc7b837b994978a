#!/bin/sh
# Whitelist entries by address, CIDR prefix, name and .domain (strictly
# under it, any case), with their own delay (default 0); they come before
# the patterns and the no-PTR action.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules \
	'127.0.0.6:allow,TCPREMOTEHOST="dsl-127-0-0-6.example.net"' \
	'127.0.1.9:allow,TCPREMOTEHOST="dsl-127-0-1-9.example.net"' \
	'127.0.0.7:allow,TCPREMOTEHOST=""' \
	'127.0.0.8:allow,TCPREMOTEHOST="mx1.trusted.example"' \
	'127.0.0.9:allow,TCPREMOTEHOST="trusted.example"' \
	'127.0.0.10:allow,TCPREMOTEHOST="MX2.Trusted.EXAMPLE"' \
	'127.0.0.11:allow,TCPREMOTEHOST="mx1.untrusted.example"' \
	'127.0.2.1:allow,TCPREMOTEHOST="dsl-127-0-2-1.example.net"'
printf '*dsl*  dynamic\n' | patterns_cdb
whitelist_cdb <<'WL'
# addresses, prefixes, names, domains
127.0.0.6
127.0.0.7
127.0.1.0/24
mail.example.org   0.2
.trusted.example
WL
start_tcpserver "$GW" -p "$T/patterns.cdb" -w "$T/whitelist.cdb" -n reject -s 0.3 -l 0.6 -T 1 true
ips="127.0.0.2 127.0.0.6 127.0.0.7 127.0.1.9 127.0.0.8 127.0.0.9 127.0.0.10 127.0.0.11 127.0.2.1"
n=0
for ip in $ips; do
	bg $CLIENT hangup --port "$PORT" --src "$ip" --after 3 >/dev/null 2>&1
	n=$((n + 1))
done
wait_ended $n
w='waited=0\.0[0-9]{2}'
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=whitelist:mail\.example\.org delay=0\.200 result=pass waited=0\.2[0-9]{2}'
assert_line 127.0.0.6 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.6 host=\"dsl-127-0-0-6\\.example\\.net\" why=whitelist:127\\.0\\.0\\.6 delay=0\\.000 result=pass $w"
assert_line 127.0.0.7 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.7 host=\"\" why=whitelist:127\\.0\\.0\\.7 delay=0\\.000 result=pass $w"
assert_line 127.0.1.9 "greetwait: pid=[0-9]+ ip=127\\.0\\.1\\.9 host=\"dsl-127-0-1-9\\.example\\.net\" why=whitelist:127\\.0\\.1\\.0/24 delay=0\\.000 result=pass $w"
assert_line 127.0.0.8 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.8 host=\"mx1\\.trusted\\.example\" why=whitelist:\\.trusted\\.example delay=0\\.000 result=pass $w"
assert_line 127.0.0.10 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.10 host=\"MX2\\.Trusted\\.EXAMPLE\" why=whitelist:\\.trusted\\.example delay=0\\.000 result=pass $w"
# Not under the domain: the domain itself, a look-alike, an address outside the prefix.
assert_line 127.0.0.9 'greetwait: pid=[0-9]+ ip=127\.0\.0\.9 host="trusted\.example" why=default delay=0\.300 result=pass waited=0\.3[0-9]{2}'
assert_line 127.0.0.11 'greetwait: pid=[0-9]+ ip=127\.0\.0\.11 host="mx1\.untrusted\.example" why=default delay=0\.300 result=pass waited=0\.3[0-9]{2}'
assert_line 127.0.2.1 'greetwait: pid=[0-9]+ ip=127\.0\.2\.1 host="dsl-127-0-2-1\.example\.net" why=pattern:dynamic delay=0\.600 result=pass waited=0\.6[0-9]{2}'
finish
