#!/bin/sh
# A PTR name that does not fit (over 255 bytes) or holds escapes: tcpserver
# -p writes every byte outside [a-z0-9_-.] of a forward-confirmed name as
# \ooo, so an attacker's PTR name can run to 1000 characters, and cut to
# 255 it can end in any domain the attacker likes.  Such a name is never
# matched against the whitelist's names or the patterns: the long delay,
# why=badptr, whatever -n says; the client's address still counts.
. "$(dirname "$0")/../lib.sh"
need_greetwait
esc=$(printf '\\001%.0s' $(seq 60))          # 240 characters of escapes
plain=$(printf 'xxxxxxxxx.%.0s' $(seq 24))   # 240 characters, no escapes
rules \
	"127.0.0.20:allow,TCPREMOTEHOST=\"${esc}abc.example.org.attacker.net\"" \
	"127.0.0.21:allow,TCPREMOTEHOST=\"mail\\032x.example.org\"" \
	"127.0.0.22:allow,TCPREMOTEHOST=\"${plain}abc.example.org.attacker.net\"" \
	"127.0.0.23:allow,TCPREMOTEHOST=\"dsl\\0551.example.net\"" \
	"127.0.0.24:allow,TCPREMOTEHOST=\"${esc}abc.example.org.attacker.net\"" \
	'127.0.0.25:allow,TCPREMOTEHOST="mx.example.org"'
printf '*dsl*  dynamic\n*pool*  pool  0.1\n' | patterns_cdb
printf '.example.org\n127.0.0.24\n' | whitelist_cdb
start_tcpserver "$GW" -p "$T/patterns.cdb" -w "$T/whitelist.cdb" -n reject -s 0.1 -l 0.5 -T 1 true
n=0
for ip in 127.0.0.20 127.0.0.21 127.0.0.22 127.0.0.23 127.0.0.24 127.0.0.25; do
	bg $CLIENT hangup --port "$PORT" --src "$ip" --after 2 >/dev/null 2>&1
	n=$((n + 1))
done
wait_ended $n
long='why=badptr delay=0\.500 result=pass waited=0\.5[0-9]{2}'
# the host field: the whole name as tcpserver gave it, escaped for the log
assert_line 127.0.0.20 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.20 host=\"(\\\\\\\\001){60}abc\\.example\\.org\\.attacker\\.net\" $long"
assert_line 127.0.0.21 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.21 host=\"mail\\\\\\\\032x\\.example\\.org\" $long"
assert_line 127.0.0.22 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.22 host=\"(x{9}\\.){24}abc\\.example\\.org\\.attacker\\.net\" $long"
assert_line 127.0.0.23 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.23 host=\"dsl\\\\\\\\0551\\.example\\.net\" $long"
# the address whitelist still counts; a name that fits still counts
assert_line 127.0.0.24 'greetwait: pid=[0-9]+ ip=127\.0\.0\.24 host="[^"]*" why=whitelist:127\.0\.0\.24 delay=0\.000 result=pass waited=0\.0[0-9]{2}'
assert_line 127.0.0.25 'greetwait: pid=[0-9]+ ip=127\.0\.0\.25 host="mx\.example\.org" why=whitelist:\.example\.org delay=0\.000 result=pass waited=0\.0[0-9]{2}'
finish
