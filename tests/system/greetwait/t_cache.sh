#!/bin/sh
# The pass cache through the real tcpserver: a long pass is recorded, the
# next connection gets the short delay (why=cache), an aged record counts
# no more; short passes record nothing; -k keys by network; a missing or
# unusable cache directory is logged and mail flows as if it were empty.
. "$(dirname "$0")/../lib.sh"
need_greetwait
patterns
serve_rules '127.0.0.5:allow,TCPREMOTEHOST="dsl-127-0-0-5.example.net"' \
	'127.0.0.7:allow,TCPREMOTEHOST="dsl-127-0-0-7.example.net"' \
	'127.0.0.6:allow,TCPREMOTEHOST="mail.example.org"' ':allow'
mkdir "$T/cache"
serve gw -p "$T/patterns.cdb" -s 0.1 -l 0.5 -c "$T/cache" -t 1h /bin/echo "220 ready"

# one connection from $1; check why, delay, result, the greeting; $2 $3
check() {
	out=$(greetings "$PORT" "$1")
	line=$(logline gw "$1")
	assert_eq "$4: greeting" "220 ready" "$(echo "$out" | cut -d' ' -f3-)"
	assert_eq "$4: why" "$2" "$(field why "$line")"
	assert_eq "$4: delay" "$3" "$(field delay "$line")"
	assert_eq "$4: result" pass "$(field result "$line")"
	case "$line" in *error=*) fail "$4: error in $line" ;; esac
	: >"$T/gw.log"
}

check 127.0.0.5 pattern:dynamic 0.500 "first connection"
record=$(find "$T/cache" -type f -name 127.0.0.5)
[ -n "$record" ] && [ ! -s "$record" ] && pass "record is an empty file $record" ||
	fail "no record for 127.0.0.5: $(find "$T/cache")"
case "$record" in "$T"/cache/[0-9a-f][0-9a-f]/127.0.0.5) pass "record path" ;;
*) fail "record path $record" ;; esac
check 127.0.0.5 cache 0.100 "second connection"
elapsed=$(greetings "$PORT" 127.0.0.5 | cut -d' ' -f2)
awk "BEGIN { exit !($elapsed < 0.45) }" && pass "cached client waited $elapsed s" ||
	fail "cached client waited $elapsed s"
: >"$T/gw.log"
touch -d '2 hours ago' "$record"
check 127.0.0.5 pattern:dynamic 0.500 "after the TTL"
[ "$(find "$record" -mmin -1)" ] && pass "long pass renewed the record" || fail "record not renewed"

# The TTL on the clock: -t 2 s (records keep whole seconds, so with -t 1 a
# pass at x.9 s is already stale at x+1.1 s).
mkdir "$T/ttlcache"
serve ttl -p "$T/patterns.cdb" -s 0.1 -l 0.3 -c "$T/ttlcache" -t 2 /bin/echo "220 ready"
greetings "$PORT" 127.0.0.5 >/dev/null
greetings "$PORT" 127.0.0.5 >/dev/null
assert_eq "-t 2: within the TTL" cache "$(field why "$(logline ttl 127.0.0.5)")"
sleep 3
: >"$T/ttl.log"
greetings "$PORT" 127.0.0.5 >/dev/null
assert_eq "-t 2: after the TTL" pattern:dynamic "$(field why "$(logline ttl 127.0.0.5)")"
serve gw -p "$T/patterns.cdb" -s 0.1 -l 0.5 -c "$T/cache" -t 1h /bin/echo "220 ready"

check 127.0.0.6 default 0.100 "short delay"
[ -z "$(find "$T/cache" -name 127.0.0.6)" ] && pass "short pass recorded nothing" ||
	fail "short pass was recorded"
check 127.0.0.7 pattern:dynamic 0.500 "other address, keyed by address"

# -k 24/64: one record for 127.0.0.0/24.
mkdir "$T/netcache"
serve net -p "$T/patterns.cdb" -s 0.1 -l 0.5 -c "$T/netcache" -k 24/64 /bin/echo "220 ready"
greetings "$PORT" 127.0.0.5 >/dev/null
assert_eq "-k 24/64 record" 127.0.0.0_24 "$(find "$T/netcache" -type f -printf '%f\n')"
greetings "$PORT" 127.0.0.7 >/dev/null
assert_eq "-k 24/64: a neighbour is cached" cache "$(field why "$(logline net 127.0.0.7)")"

# A missing directory: logged, mail flows, nothing created.
serve missing -p "$T/patterns.cdb" -s 0.1 -l 0.5 -c "$T/nonexistent" /bin/echo "220 ready"
out=$(greetings "$PORT" 127.0.0.5)
line=$(logline missing 127.0.0.5)
assert_eq "missing dir: greeting" "220 ready" "$(echo "$out" | cut -d' ' -f3-)"
assert_eq "missing dir: result" pass "$(field result "$line")"
case "$line" in
*'error="unable to use cache '"$T"'/nonexistent: file does not exist; unable to record pass in cache '"$T"'/nonexistent: file does not exist"') pass "missing dir logged" ;;
*) fail "missing dir: $line" ;;
esac
[ ! -e "$T/nonexistent" ] && pass "missing dir not created" || fail "missing dir created"

# An unwritable directory: as root, greetwait runs as nobody (as under
# tcpserver -u); as anyone else, the directory is made read-only.
chmod 755 "$T"
mkdir "$T/rocache"
as=""
if [ "$(id -u)" = 0 ]; then as="-u 65534 -g 65534"; else chmod 555 "$T/rocache"; fi
rm -f "$T/ro.port"
tcpserver -1 -H -R -l localhost $as -x "$T/rules.cdb" 127.0.0.1 0 "$GW" -p "$T/patterns.cdb" \
	-s 0.1 -l 0.5 -c "$T/rocache" /bin/echo "220 ready" >"$T/ro.port" 2>"$T/ro.log" &
BG_PIDS="$BG_PIDS $!"
for i in $(seq 100); do [ -s "$T/ro.port" ] && break; sleep 0.02; done
PORT=$(cat "$T/ro.port")
out=$(greetings "$PORT" 127.0.0.5)
line=$(logline ro 127.0.0.5)
assert_eq "unwritable dir: greeting" "220 ready" "$(echo "$out" | cut -d' ' -f3-)"
case "$line" in
*'why=pattern:dynamic'*'result=pass'*'error="unable to use cache '"$T"'/rocache: Permission denied; unable to record pass in cache '"$T"'/rocache: Permission denied"') pass "unwritable dir logged" ;;
*) fail "unwritable dir: $line" ;;
esac
finish
