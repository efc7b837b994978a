#!/bin/sh
# What the pass cache adds to greetwait's start-up per connection, side by
# side in one run: no cache, the directory backend (a cache hit, among
# BENCH_RECORDS records), memcached over greetwait's own text-protocol
# client, and over libmemcached (dynamically linked: Debian ships no
# static libmemcached), each also with memcached dead.  Every run is
# greetwait -s 0 -l 0 for a client whose PTR name matches a pattern (the
# only case in which greetwait consults the cache), exec'ing /bin/true on
# a socket pair, BENCH_N times each, the variants taking turns.
cd "$(dirname "$0")/../.." || exit 111
N=${BENCH_N:-500}
RECORDS=${BENCH_RECORDS:-100000}
B=build/bench
mkdir -p $B
make -s all >/dev/null || exit 111
CFLAGS="-O2 -Wall -std=c99 -D_GNU_SOURCE -Isrc/lib -Isrc/greetwait"
cc $CFLAGS -o $B/spawn tests/bench/spawn.c || exit 111
# a dynamically linked greetwait, to tell the cost of dynamic linking from
# the cost of the library
make -s build/greetwait-dynamic >/dev/null && cp build/greetwait-dynamic $B/ || exit 111
have_libmemcached=0
if [ -f /usr/include/libmemcached/memcached.h ]; then
	cc $CFLAGS -c -o $B/memcache_libmemcached.o tests/bench/memcache_libmemcached.c &&
	# greetwait's own modules, but its memcache client replaced by this one
	objs=$(make -s modules-greetwait | tr ' ' '\n' | grep -vx greetwait/memcache | sed 's#.*#build/obj/&.o#')
	cc -o $B/greetwait-libmemcached $objs $B/memcache_libmemcached.o \
		-lmemcached -lowfat && have_libmemcached=1
else
	echo "(libmemcached-dev is not installed: apt-get install --no-remove libmemcached-dev)"
fi

T=$(mktemp -d "${TMPDIR:-/tmp}/greetwait-bench.XXXXXX") || exit 111
MP=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
DEAD=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
memcached -l 127.0.0.1 -p "$MP" -U 0 -u nobody -m 64 &
MPID=$!
trap 'kill $MPID 2>/dev/null; rm -rf "$T"' EXIT
printf '*dsl*\tdynamic\n' | build/greetwait-rules -p "$T/patterns.cdb" || exit 111
mkdir "$T/cache"
# fill the directory: RECORDS records spread as greetwait spreads them
python3 - "$T/cache" "$RECORDS" <<'PY'
import os, sys, zlib
d, n = sys.argv[1], int(sys.argv[2])
def cdb_hash(b):
    h = 5381
    for c in b:
        h = ((h << 5) + h ^ c) & 0xffffffff
    return h
for i in range(n):
    key = "10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)
    sub = os.path.join(d, "%02x" % (cdb_hash(key.encode()) & 255))
    try:
        fd = os.open(os.path.join(sub, key), os.O_CREAT | os.O_WRONLY, 0o644)
    except FileNotFoundError:
        os.mkdir(sub)
        fd = os.open(os.path.join(sub, key), os.O_CREAT | os.O_WRONLY, 0o644)
    os.close(fd)
PY
export TCPREMOTEIP=127.0.0.5 TCPREMOTEHOST=dsl-127-0-0-5.example.net
G="-p $T/patterns.cdb -s 0 -l 0"
for i in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $MP))" 2>/dev/null && break; sleep 0.1; done
# one long pass each records the client: every measured run is a cache hit
build/greetwait $G -c "$T/cache" /bin/true </dev/null 2>/dev/null
build/greetwait $G -c "memcache:127.0.0.1:$MP" /bin/true </dev/null 2>/dev/null
check() {
	line=$("$@" 2>&1 >/dev/null </dev/null)
	case "$line" in *why=cache*) ;; *) echo "not a cache hit: $line"; exit 1 ;; esac
}
check build/greetwait $G -c "$T/cache" /bin/true
check build/greetwait $G -c "memcache:127.0.0.1:$MP" /bin/true
[ $have_libmemcached = 1 ] && check $B/greetwait-libmemcached $G -c "memcache:127.0.0.1:$MP" /bin/true

set -- \
	"exec /bin/true alone|/bin/true" \
	"greetwait, no cache|build/greetwait $G /bin/true" \
	"dir, hit ($RECORDS records)|build/greetwait $G -c $T/cache /bin/true" \
	"memcached text, hit|build/greetwait $G -c memcache:127.0.0.1:$MP /bin/true" \
	"memcached text, dead|build/greetwait $G -c memcache:127.0.0.1:$DEAD /bin/true" \
	"dynamic greetwait, no cache|$B/greetwait-dynamic $G /bin/true" \
	"dynamic, memcached text, hit|$B/greetwait-dynamic $G -c memcache:127.0.0.1:$MP /bin/true"
[ $have_libmemcached = 1 ] && set -- "$@" \
	"libmemcached, hit|$B/greetwait-libmemcached $G -c memcache:127.0.0.1:$MP /bin/true" \
	"libmemcached, dead|$B/greetwait-libmemcached $G -c memcache:127.0.0.1:$DEAD /bin/true"
args=""
for v in "$@"; do args="$args${args:+ -- }${v#*|}"; done
$B/spawn "$N" $args >"$T/results" || exit 1
echo "greetwait start-up per connection: median of $N runs each, the variants taking"
echo "turns; wall-clock and CPU (user + system, greetwait and /bin/true) microseconds"
printf '%-34s %9s %9s %9s %9s %6s\n' variant wall "+wall" cpu "+cpu" ratio
base=$(sed -n 2p "$T/results")
dbase=$(sed -n 6p "$T/results")
k=0
for v in "$@"; do
	k=$((k + 1))
	r=$(sed -n ${k}p "$T/results")
	# each variant against greetwait with no cache, linked the same way
	ref=$base
	case "${v%%|*}" in dynamic*|libmemcached*) ref=$dbase ;; esac
	[ $k = 1 ] && ref=$r
	echo "$r $ref $base" | awk -v n="${v%%|*}" '{ printf "%-34s %9.1f %+9.1f %9.1f %+9.1f %6.2f\n", n, $1, $1 - $3, $2, $2 - $4, $1 / $5 }'
done
echo "(+: over greetwait with no cache linked the same way, static or dynamic;"
echo " ratio: wall-clock over the static greetwait with no cache)"
# the expiry command over the whole directory (every record young: kept)
t0=$(date +%s.%N)
build/greetwait-expire -v -t 30d "$T/cache"
t1=$(date +%s.%N)
echo "$t0 $t1" | awk -v n="$RECORDS" '{ printf "greetwait-expire over %d records: %.2f s\n", n, $2 - $1 }'
