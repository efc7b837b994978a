#!/bin/sh
# -H: with it, a short wait of at least that long is handed over too;
# below it, greetwait keeps the wait. -v's status=waiting line of a
# handed-over long wait is written once, by the holder. -e drop and
# -e ignore act in the holder as in greetwait.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
need_greetwait
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
start_tcpserver "$GW" -W "$SOCK" -H 0.5 -v -p "$T/patterns.cdb" -s 0.8 -l 1 -e drop sh -c 'echo "220 served"'
start_holder
$CROWD "$PORT" patient:127.0.0.2:1 >"$T/short" &
crowd=$!
waitfor 2 held_is 1 && pass "the short wait of 0.8 s is held by the holder" || fail "not handed over"
wait $crowd
assert_match "and served after it" '^patient 127\.0\.0\.2 held=0\.8[0-9]* line="220 served"' "$(cat "$T/short")"
$CROWD "$PORT" early:127.0.0.3:1 >"$T/drop"
assert_match "-e drop: closed in silence" '^early .* line="" eof=yes' "$(cat "$T/drop")"
waitfor 2 lines_at_least 2 'result=' "$LOG"
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.800 result=pass waited=0\.8[0-9]{2}'
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=1\.000 result=pregreet waited=0\.[0-9]{3} data="EHLO bot" kind=smtp'
assert_eq "-v: one status=waiting line, the long wait's" 1 "$(gwlog | grep -c 'ip=127\.0\.0\.3 .*delay=1\.000 status=waiting$')"
stop_tcpserver

start_tcpserver "$GW" -W "$SOCK" -H 0.5 -p "$T/patterns.cdb" -s 0.3 -l 1 -e ignore sh -c 'echo "220 served"; cat'
$CROWD "$PORT" patient:127.0.0.2:1 early:127.0.0.3:1 >"$T/ignore"
assert_match "below -H: served by greetwait" '^patient 127\.0\.0\.2 held=0\.3' "$(cat "$T/ignore")"
assert_match "-e ignore: the server gets the early bytes" '^early .* line="220 served"' "$(cat "$T/ignore")"
waitfor 2 lines_at_least 2 'result=' "$LOG"
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=1\.000 result=pass would=pregreet waited=0\.[0-9]{3} data="EHLO bot" kind=smtp'
assert_eq "no handoff failed" 0 "$(gwlog | grep -c "error=")"
finish
