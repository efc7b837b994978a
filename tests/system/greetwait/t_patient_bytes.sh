#!/bin/sh
# A patient client's whole session is byte for byte the same with and
# without greetwait in front, in every -e mode: what the client receives
# and what the server reads. The server is deterministic (fakesmtp).
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
cat >"$T/script" <<'SCRIPT'
EHLO client.example.org
MAIL FROM:<a@example.org>
RCPT TO:<b@example.net>
DATA
Subject: bytes

a line with trailing spaces   
..a dot-stuffed line
8bit: caf@E9@
.
NOOP
QUIT
SCRIPT
sed -i 's/@E9@/\xe9/' "$T/script"  # one byte 0xe9 (GNU sed)
session() { # session NAME: run the script against $PORT, keep what each side saw
	$CLIENT session --port "$PORT" --src 127.0.0.2 --script "$T/script" >"$T/client.$1" 2>"$T/summary.$1"
	wait_ended 1
	stop_tcpserver
}
LOG=$T/log.direct
start_tcpserver $CLIENT fakesmtp --record "$T/server.direct"
session direct
assert_match "direct session ended with 221" '221 2.0.0 Bye' "$(cat "$T/client.direct")"
for mode in reject drop ignore; do
	LOG=$T/log.$mode
	start_tcpserver "$GW" -e "$mode" -s 0.2 -T 1 $CLIENT fakesmtp --record "$T/server.$mode"
	session "$mode"
	assert_bytes "-e $mode: client received the same bytes" "$T/client.direct" "$T/client.$mode"
	assert_bytes "-e $mode: server read the same bytes" "$T/server.direct" "$T/server.$mode"
	assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.200 result=pass waited=0\.2[0-9]{2}'
done
finish
