# Helpers for the pass cache, DNS and memcache system tests (t_cache*.sh,
# t_dns*.sh, t_memcache*.sh): a temporary directory, servers started with
# the real tcpserver on 127.0.0.1, clients from chosen 127.x addresses.
. "$(dirname "$0")/../lib.sh"
CLIENT="$PY $ROOT/tests/system/cachelib.py"
need_greetwait

# expect WHAT GOT WANT: compare two strings.
expect() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$2', want '$3'"; fi
}

# serve_rules LINE...: compile just these tcprules lines into $T/rules.cdb
# (lib.sh's rules adds the standard loopback names, which these tests
# must not have).
serve_rules() {
	printf '%s\n' "$@" | tcprules "$T/rules.cdb" "$T/rules.tmp" || exit 111
}

# serve NAME ARGS...: start tcpserver on 127.0.0.1 (no DNS of its own: -H -l,
# rules from $T/rules.cdb, see serve_rules) running greetwait ARGS, logging to $T/NAME.log;
# sets PORT.
serve() {
	name=$1
	shift
	rm -f "$T/$name.port"
	tcpserver -1 -H -R -l localhost -c 400 -b 400 -x "$T/rules.cdb" 127.0.0.1 0 "$GW" "$@" \
		>"$T/$name.port" 2>>"$T/$name.log" &
	BG_PIDS="$BG_PIDS $!"
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

# patterns: a patterns table calling *dsl* names dynamic.
patterns() {
	printf '*dsl*\tdynamic\n' | "$GWRULES" -p "$T/patterns.cdb" || exit 111
}
