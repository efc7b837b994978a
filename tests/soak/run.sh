#!/bin/sh
# make soak: a bounded soak (SOAK_SECONDS, default 180) at the highest rate
# the machine sustains with SOAK_CLIENTS (default 500) connections open at
# once. The real tcpserver (-c twice that, at least 1024; -b 1024) runs greetwait from GW_BUILD
# (build, or build/asan) with the pass cache in a directory (-k 24/64),
# -s 0.1 -l 0.5, and a pattern that gives half the client addresses the
# long delay, in front of build/soak-sink, which greets and answers every
# byte with a count and a CRC-32. build/soak-load (tests/soak/load.c)
# drives patient clients, early talkers and hang-ups, one address each;
# tests/soak/judge.py then checks one log line per connection, each
# matching what its client did, and every patient client's bytes; prints
# the counts and exits 1 on any loss or mismatch.
. "$(dirname "$0")/../system/lib.sh"
need_greetwait
for p in soak-sink soak-load; do
	[ -x "$ROOT/build/$p" ] || { fail "build/$p is not built (make soak)"; finish; }
done
SECONDS_=${SOAK_SECONDS:-180}
CLIENTS=${SOAK_CLIENTS:-500}
LIMIT=$((CLIENTS * 2))
[ "$LIMIT" -ge 1024 ] || LIMIT=1024

# 127.a.: odd a a dsl name (the long delay), even a a mail server's name
a=2
while [ "$a" -le 253 ]; do
	if [ $((a % 2)) = 1 ]; then echo "127.$a.:allow,TCPREMOTEHOST=\"dsl-soak.example.net\""
	else echo "127.$a.:allow,TCPREMOTEHOST=\"mail.soak.example\""; fi
	a=$((a + 1))
done >"$T/tcp.rules"
echo ":allow" >>"$T/tcp.rules"
tcprules "$T/tcp.cdb" "$T/tcp.tmp" <"$T/tcp.rules" || { fail "tcprules failed"; finish; }
printf '*dsl*  dynamic\n' | patterns_cdb
mkdir "$T/cache"

LOG=$T/log
PORT=$(free_port)
bg tcpserver -v -R -H -l localhost -x "$T/tcp.cdb" -c "$LIMIT" -b 1024 127.0.0.1 "$PORT" \
	"$GW" -p "$T/patterns.cdb" -c "$T/cache" -k 24/64 -s 0.1 -l 0.5 -T 1 \
	"$ROOT/build/soak-sink" 2>"$LOG"
TCPSERVER_PID=$!
waitfor 5 grep -q '^tcpserver: status: 0/' "$LOG" || { fail "tcpserver did not start"; cat "$LOG"; finish; }

echo "soak: $SECONDS_ s, $CLIENTS clients at once, against $GW"
"$ROOT/build/soak-load" -p "$PORT" -t "$SECONDS_" -k "$CLIENTS" -o "$T/records" ||
	{ fail "soak-load failed"; finish; }
# every connection's processes done, so every log line written
started() { grep -c '^tcpserver: pid ' "$LOG"; }
all_ended() { [ "$(count_ended)" -ge "$(started)" ]; }
waitfor 30 all_ended || fail "$(started) connections began, $(count_ended) ended within 30 s"
stop_tcpserver
$PY "$ROOT/tests/soak/judge.py" "$T/records" "$LOG" "$SECONDS_" "$CLIENTS" ||
	fail "the soak found losses or mismatches (above)"
echo "  pass cache: $(find "$T/cache" -type f | wc -l) records"
finish
