#!/bin/sh
# Patterns on PTR names (given by tcprules): {ip} in its usual forms, #,
# ?, *, any case; the class in the log, the long delay or the pattern's
# own; names that do not match get the short delay. -v logs the start of
# each long wait.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules \
	'127.0.0.20:allow,TCPREMOTEHOST="host-127-0-0-20.example.net"' \
	'127.0.0.21:allow,TCPREMOTEHOST="21.0.0.127.rev.example.net"' \
	'127.0.0.22:allow,TCPREMOTEHOST="c127000000022.example.net"' \
	'127.0.0.23:allow,TCPREMOTEHOST="ip7f000017.example.net"' \
	'127.0.0.24:allow,TCPREMOTEHOST="HOST-127-0-0-24.EXAMPLE.NET"' \
	'127.0.0.25:allow,TCPREMOTEHOST="adsl-line.example.net"' \
	'127.0.0.26:allow,TCPREMOTEHOST="cust-12-34-56-78.pool.example.net"' \
	'127.0.0.27:allow,TCPREMOTEHOST="mx1.rand.example"' \
	'127.0.0.28:allow,TCPREMOTEHOST="mx12.rand.example"' \
	'127.0.0.29:allow,TCPREMOTEHOST="host-127-0-0-30.example.net"' \
	'127.0.0.30:allow,TCPREMOTEHOST="smtp.example.org"' \
	'127.0.0.31:allow,TCPREMOTEHOST="cust-12-34-56.pool.example.net"'
patterns_cdb <<'PAT'
# test patterns
*{ip}*                       ipname
*dsl*                        dynamic
*-#-#-#-#.pool.example.net   pool    0.3
mx?.rand.example             single  0.25
PAT
start_tcpserver "$GW" -v -p "$T/patterns.cdb" -s 0.1 -l 0.5 true
n=0
for i in 20 21 22 23 24 25 26 27 28 29 30 31; do
	bg $CLIENT hangup --port "$PORT" --src 127.0.0.$i --after 3 >/dev/null 2>&1
	n=$((n + 1))
done
wait_ended $n
line() { # line IP HOST WHY DELAY
	assert_line "$1" "greetwait: pid=[0-9]+ ip=$(echo "$1" | sed 's/\./\\./g') host=\"$(echo "$2" | sed 's/\./\\./g')\" why=$3 delay=$(echo "$4" | sed 's/\./\\./') result=pass waited=${4%??}[0-9]{2}"
}
line 127.0.0.20 host-127-0-0-20.example.net pattern:ipname 0.500
line 127.0.0.21 21.0.0.127.rev.example.net pattern:ipname 0.500
line 127.0.0.22 c127000000022.example.net pattern:ipname 0.500
line 127.0.0.23 ip7f000017.example.net pattern:ipname 0.500
line 127.0.0.24 HOST-127-0-0-24.EXAMPLE.NET pattern:ipname 0.500
line 127.0.0.25 adsl-line.example.net pattern:dynamic 0.500
line 127.0.0.26 cust-12-34-56-78.pool.example.net pattern:pool 0.300
line 127.0.0.27 mx1.rand.example pattern:single 0.250
line 127.0.0.28 mx12.rand.example default 0.100
line 127.0.0.29 host-127-0-0-30.example.net default 0.100
line 127.0.0.30 smtp.example.org default 0.100
line 127.0.0.31 cust-12-34-56.pool.example.net default 0.100
assert_log_has '^greetwait: pid=[0-9]+ ip=127\.0\.0\.20 host="host-127-0-0-20\.example\.net" why=pattern:ipname delay=0\.500 status=waiting$'
assert_eq "no waiting line for a short delay" "" "$(gwlog | grep ' ip=127\.0\.0\.30 .*status=waiting')"
finish
