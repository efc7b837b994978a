#!/bin/sh
# greetwait-rules stopped mid-build: SIGTERM, SIGINT or SIGHUP remove the
# temporary file and exit 111, the old table untouched; after a SIGKILL the
# next build of the same target removes the file the dead one left, but
# never a live build's file, nor one of a running process, nor another
# target's.
. "$(dirname "$0")/../lib.sh"
need_greetwait
printf '127.0.0.0/8\n' | whitelist_cdb "$T/whitelist.cdb"
cp "$T/whitelist.cdb" "$T/whitelist.old"
$PY -c '[print("10.%d.%d.0/24" % (i >> 8, i & 255)) for i in range(20000)]' >"$T/big"
mkfifo "$T/fifo"

tmpfiles() { ls -a "$T" | grep '^whitelist\.cdb\.tmp\.' ; }
has_tmp() { [ -f "$T/whitelist.cdb.tmp.$1" ]; }

# A shell starts background jobs with SIGINT ignored: run the build with
# the three signals as a terminal would give them, or with those named in
# $IGNORE ignored (as nohup does), through exec so that $! is its pid. The
# alarm, kept across exec, ends a build that hangs after 20 s.
SIGSET='import os, signal, sys
for s in ("TERM", "INT", "HUP"):
    signal.signal(getattr(signal, "SIG" + s), signal.SIG_IGN if s in os.environ["IGNORE"].split() else signal.SIG_DFL)
signal.alarm(20)
os.execv(sys.argv[1], sys.argv[1:])'
IGNORE=""
export IGNORE

# midbuild: start a build that reads the fifo, feed it half the source and
# keep the fifo open, so that it is mid-build; $BUILD is its pid.
midbuild() {
	$PY -c "$SIGSET" "$GWRULES" -w "$T/whitelist.cdb" "$T/fifo" 2>"$T/err" &
	BUILD=$!
	exec 3>"$T/fifo"
	head -n 10000 "$T/big" >&3
	waitfor 5 has_tmp "$BUILD" || fail "no temporary file appeared for build $BUILD"
}

# wait_build: wait for $BUILD (SIGALRM ends it after 20 s); $RC its exit code.
wait_build() {
	wait "$BUILD"
	RC=$?
}

for sig in TERM INT HUP; do
	midbuild
	kill -"$sig" "$BUILD"
	wait_build
	exec 3>&-
	assert_eq "SIG$sig mid-build: exit code" 111 "$RC"
	assert_eq "SIG$sig mid-build: says so" "greetwait-rules: fatal: stopped by a signal" "$(cat "$T/err")"
	assert_eq "SIG$sig mid-build: no temporary file left" "" "$(tmpfiles)"
	assert_bytes "SIG$sig mid-build: old table untouched" "$T/whitelist.old" "$T/whitelist.cdb"
done

# A signal ignored from the start (nohup) stays ignored: the build goes on.
IGNORE=HUP
midbuild
kill -HUP "$BUILD"
tail -n +10001 "$T/big" >&3
exec 3>&-
wait_build
IGNORE=""
assert_eq "SIGHUP under nohup: the build goes on, exit code" 0 "$RC"
assert_match "SIGHUP under nohup: the new table is in place" 'a10\.78\.31\.0/24' "$(cdb -d "$T/whitelist.cdb")"
cp "$T/whitelist.old" "$T/whitelist.cdb"

# SIGKILL cannot be caught: the file stays ...
midbuild
kill -KILL "$BUILD"
wait_build
exec 3>&-
DEAD=$BUILD
if has_tmp "$DEAD"; then pass "SIGKILL: the temporary file is left"; else fail "SIGKILL: no temporary file left behind"; fi
assert_bytes "SIGKILL: old table untouched" "$T/whitelist.old" "$T/whitelist.cdb"
# ... next to files that are not stale: pid 1 runs, another target's, not a pid.
: >"$T/whitelist.cdb.tmp.1"
cp "$T/whitelist.cdb.tmp.$DEAD" "$T/patterns.cdb.tmp.$DEAD"
: >"$T/whitelist.cdb.tmp.notapid"
# ... and a live build, held mid-build.
midbuild
LIVE=$BUILD
printf '192.0.2.0/24\n' >"$T/small"
"$GWRULES" -w "$T/whitelist.cdb" "$T/small"
assert_eq "the next build: exit code" 0 "$?"
if has_tmp "$DEAD"; then fail "the next build left the dead build's file"; else pass "the next build removed the dead build's file"; fi
if has_tmp "$LIVE"; then pass "the next build left the live build's file"; else fail "the next build removed the live build's file"; fi
for f in whitelist.cdb.tmp.1 patterns.cdb.tmp.$DEAD whitelist.cdb.tmp.notapid; do
	if [ -f "$T/$f" ]; then pass "$f is kept"; else fail "$f was removed"; fi
done
assert_match "the next build's table is in place" 'a192\.0\.2\.0/24' "$(cdb -d "$T/whitelist.cdb")"
# The live build, let go, finishes and its table replaces that one.
tail -n +10001 "$T/big" >&3
exec 3>&-
BUILD=$LIVE
wait_build
assert_eq "the live build: exit code" 0 "$RC"
assert_match "the live build's table is in place" 'a10\.78\.31\.0/24' "$(cdb -d "$T/whitelist.cdb")"
if has_tmp "$LIVE"; then fail "the live build left its file"; else pass "the live build's file is gone"; fi
finish
