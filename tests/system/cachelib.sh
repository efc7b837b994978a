# Helpers for the pass cache, DNS and memcache system tests (t_cache*.sh,
# t_dns*.sh, t_memcache*.sh): a temporary directory, servers started with
# the real tcpserver on 127.0.0.1, clients from chosen 127.x addresses.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GW=$ROOT/build/greetwait
GWRULES=$ROOT/build/greetwait-rules
GWEXPIRE=$ROOT/build/greetwait-expire
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
CLIENT="$PY $ROOT/tests/system/cachelib.py"
TEST=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/greetwait-$TEST.XXXXXX") || exit 111
PIDS=""
FAILURES=0

cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fail() { FAILURES=$((FAILURES + 1)); echo "FAIL: $*"; }
pass() { echo "ok: $*"; }
finish() {
	[ "$FAILURES" = 0 ] && { echo "$TEST: all assertions passed"; exit 0; }
	echo "$TEST: $FAILURES assertion(s) failed"; exit 1
}

# expect WHAT GOT WANT: compare two strings.
expect() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

# rules LINE...: compile tcprules lines into $T/rules.cdb.
rules() {
	printf '%s\n' "$@" | tcprules "$T/rules.cdb" "$T/rules.tmp" || exit 111
}

# serve NAME ARGS...: start tcpserver on 127.0.0.1 (no DNS of its own: -H -l,
# rules from $T/rules.cdb) running greetwait ARGS, logging to $T/NAME.log;
# sets PORT.
serve() {
	name=$1
	shift
	rm -f "$T/$name.port"
	tcpserver -1 -H -R -l localhost -c 400 -b 400 -x "$T/rules.cdb" 127.0.0.1 0 "$GW" "$@" \
		>"$T/$name.port" 2>>"$T/$name.log" &
	PIDS="$PIDS $!"
	for i in $(seq 100); do
		[ -s "$T/$name.port" ] && break
		sleep 0.02
	done
	PORT=$(head -1 "$T/$name.port")
	[ -n "$PORT" ] || { fail "tcpserver did not start"; finish; }
}

# logline NAME IP: the last log line of IP in $T/NAME.log, after a moment
# for it to arrive.
logline() {
	for i in $(seq 50); do
		grep -q " ip=$2 .*result=" "$T/$1.log" 2>/dev/null && break
		sleep 0.02
	done
	grep " ip=$2 .*result=" "$T/$1.log" | tail -1
}

# field KEY LINE: the value of KEY= in a log line.
field() {
	echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -1
}

# patterns: a patterns table calling *dsl* names dynamic.
patterns() {
	printf '*dsl*\tdynamic\n' | "$GWRULES" -p "$T/patterns.cdb" || exit 111
}

for p in "$GW" "$GWRULES"; do
	[ -x "$p" ] || { fail "$p is not built (run make)"; finish; }
done

# free_port: a TCP port on 127.0.0.1 that nobody listens on now.
free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
