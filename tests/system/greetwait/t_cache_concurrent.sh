#!/bin/sh
# 200 clients pass a long delay at the same moment: 200 well-formed
# records (empty files named by canonical address, in their buckets), 200
# pass lines and not one error; then all 200 come back as why=cache.
. "$(dirname "$0")/../cachelib.sh"
patterns
serve_rules '127.0.1.:allow,TCPREMOTEHOST="dsl-pool.example.net"' ':allow'
mkdir "$T/cache"
serve gw -p "$T/patterns.cdb" -s 0.05 -l 0.3 -c "$T/cache" /bin/echo "220 ready"
ips=$(seq 1 200 | sed 's/^/127.0.1./')

$CLIENT "$PORT" $ips >"$T/out"
expect "200 greetings" "$(grep -c ' 220 ready$' "$T/out")" 200
sleep 0.2
expect "200 long passes" "$(grep -c 'why=pattern:dynamic delay=0.300 result=pass' "$T/gw.log")" 200
expect "no error lines" "$(grep -c 'error=' "$T/gw.log")" 0
expect "200 records" "$(find "$T/cache" -type f | wc -l)" 200
expect "records are empty" "$(find "$T/cache" -type f -size +0 | wc -l)" 0
expect "nothing but buckets and records" "$(find "$T/cache" -mindepth 1 ! -type f ! -type d | wc -l)" 0
# each record is named by a client's address and lies in its own bucket
expect "record names" "$(find "$T/cache" -type f -printf '%f\n' | sort)" "$(echo "$ips" | sort)"
expect "bucket names" "$(find "$T/cache" -mindepth 1 -maxdepth 1 ! -name '[0-9a-f][0-9a-f]' | wc -l)" 0
"$GWEXPIRE" -v -t 1h "$T/cache" >"$T/expire.out"
expect "greetwait-expire reads 200 records" "$(cat "$T/expire.out")" \
	"greetwait-expire: 200 records kept, 0 removed"

: >"$T/gw.log"
$CLIENT "$PORT" $ips >"$T/out"
expect "200 greetings again" "$(grep -c ' 220 ready$' "$T/out")" 200
sleep 0.2
expect "200 cache hits" "$(grep -c 'why=cache delay=0.050 result=pass' "$T/gw.log")" 200
expect "no error lines again" "$(grep -c 'error=' "$T/gw.log")" 0
finish
