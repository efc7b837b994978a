#!/bin/sh
# A client that hangs up during the wait is logged with result=hangup and
# the time it waited: within 50 ms of the client's own clock, which starts
# when greetwait begins its wait (client.py --from-wait: the connect comes
# before tcpserver forks greetwait, and a sanitizer build starts tens of ms
# later still). greetwait writes nothing to it, never runs the server,
# and exits 0.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
printf '*dsl*  dynamic\n' | patterns_cdb
start_tcpserver "$GW" -p "$T/patterns.cdb" -s 3 -l 5 $CLIENT fakesmtp --record "$T/server-read"
$CLIENT hangup --port "$PORT" --src 127.0.0.2 --after 0.4 --from-wait >"$T/got2" 2>"$T/client2" &
c2=$!
$CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 0.7 --from-wait >"$T/got3" 2>"$T/client3"
wait $c2
wait_ended 2
held2=$(field held " $(cat "$T/client2")")
held3=$(field held " $(cat "$T/client3")")
assert_eq "the clients saw greetwait begin its wait" "yes yes" \
	"$(field wait_seen " $(cat "$T/client2")") $(field wait_seen " $(cat "$T/client3")")"
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=3\.000 result=hangup waited=0\.[0-9]{3}'
assert_near "short delay: logged waited= is the client's time" "$held2" "$(field waited "$(line_for 127.0.0.2)")" 0.050
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=5\.000 result=hangup waited=0\.[0-9]{3}'
assert_near "long delay: logged waited= is the client's time" "$held3" "$(field waited "$(line_for 127.0.0.3)")" 0.050
assert_eq "nothing written to the client that hung up" 0 "$(cat "$T/got2" "$T/got3" | wc -c)"
assert_status 127.0.0.2 0
assert_status 127.0.0.3 0
if [ -e "$T/server-read" ]; then fail "the server behind ran"; else pass "the server behind never ran"; fi
finish
