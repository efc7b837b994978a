#!/bin/sh
# 200 clients pass a long delay at the same moment: 200 well-formed
# records (empty files named by canonical address, in their buckets), 200
# pass lines and not one error; then all 200 come back as why=cache.
. "$(dirname "$0")/../lib.sh"
need_greetwait
patterns
serve_rules '127.0.1.:allow,TCPREMOTEHOST="dsl-pool.example.net"' ':allow'
mkdir "$T/cache"
serve gw -p "$T/patterns.cdb" -s 0.05 -l 0.3 -c "$T/cache" /bin/echo "220 ready"
ips=$(seq 1 200 | sed 's/^/127.0.1./')

greetings "$PORT" $ips >"$T/out"
assert_eq "200 greetings" 200 "$(grep -c ' 220 ready$' "$T/out")"
sleep 0.2
assert_eq "200 long passes" 200 "$(grep -c 'why=pattern:dynamic delay=0.300 result=pass' "$T/gw.log")"
assert_eq "no error lines" 0 "$(grep -c 'error=' "$T/gw.log")"
assert_eq "200 records" 200 "$(find "$T/cache" -type f | wc -l)"
assert_eq "records are empty" 0 "$(find "$T/cache" -type f -size +0 | wc -l)"
assert_eq "nothing but buckets and records" 0 "$(find "$T/cache" -mindepth 1 ! -type f ! -type d | wc -l)"
# each record is named by a client's address and lies in its own bucket
assert_eq "record names" "$(echo "$ips" | sort)" "$(find "$T/cache" -type f -printf '%f\n' | sort)"
assert_eq "bucket names" 0 "$(find "$T/cache" -mindepth 1 -maxdepth 1 ! -name '[0-9a-f][0-9a-f]' | wc -l)"
"$GWEXPIRE" -v -t 1h "$T/cache" >"$T/expire.out"
assert_eq "greetwait-expire reads 200 records" "greetwait-expire: 200 records kept, 0 removed" \
	"$(cat "$T/expire.out")"

: >"$T/gw.log"
greetings "$PORT" $ips >"$T/out"
assert_eq "200 greetings again" 200 "$(grep -c ' 220 ready$' "$T/out")"
sleep 0.2
assert_eq "200 cache hits" 200 "$(grep -c 'why=cache delay=0.050 result=pass' "$T/gw.log")"
assert_eq "no error lines again" 0 "$(grep -c 'error=' "$T/gw.log")"
finish
