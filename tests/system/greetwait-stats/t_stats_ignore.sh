#!/bin/sh
# A trial with -e ignore tells the truth: real greetwait under real
# tcpserver lets early talkers through (result=pass would=pregreet), and
# greetwait-stats counts them as would have been turned away, apart from
# the turned-away, and counts every kind= of early data.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
start_tcpserver "$GW" -e ignore -s 0.3 -T 1 /bin/cat
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --data 'EHLO x\r\n' --shut >/dev/null 2>&1
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 --data 'GET / HTTP/1.0\r\n' --shut >/dev/null 2>&1
$CLIENT pregreet --port "$PORT" --src 127.0.0.3 --data 'QUIT\r\n' --shut >/dev/null 2>&1
$CLIENT hangup --port "$PORT" --src 127.0.0.5 --after 0.05 >/dev/null 2>&1
wait_ended 4
stop_tcpserver
LOG2=$T/reject.log
LOG=$LOG2 start_tcpserver "$GW" -s 0.3 -T 1 /bin/cat
$CLIENT pregreet --port "$PORT" --src 127.0.0.3 --data 'EHLO y\r\n' >/dev/null 2>&1
LOG=$LOG2 wait_ended 1
stop_tcpserver
cat "$T/log" "$LOG2" | grep '^greetwait:' >"$T/all"
out=$("$GWSTATS" -t summary "$T/all")
assert_eq "passes: the ignored three" "pass 3 2" \
	"$(printf '%s\n' "$out" | awk '$1 == "pass" { print $1, $2, $3 }')"
assert_eq "turned away: the one refused" "pregreet 1 1" \
	"$(printf '%s\n' "$out" | awk '$1 == "pregreet" { print $1, $2, $3 }')"
assert_eq "would have been turned away, apart" "3 2" \
	"$(printf '%s\n' "$out" | sed -n 's/^ *would have been turned away *\([0-9]*\) *\([0-9]*\)$/\1 \2/p')"
assert_eq "kinds: smtp from two hosts" "2 2" \
	"$(printf '%s\n' "$out" | sed -n 's/^ *early data, kind=smtp *\([0-9]*\) *\([0-9]*\)$/\1 \2/p')"
assert_eq "kinds: http" "1 1" \
	"$(printf '%s\n' "$out" | sed -n 's/^ *early data, kind=http *\([0-9]*\) *\([0-9]*\)$/\1 \2/p')"
assert_eq "kinds: quit" "1 1" \
	"$(printf '%s\n' "$out" | sed -n 's/^ *early data, kind=quit *\([0-9]*\) *\([0-9]*\)$/\1 \2/p')"
assert_match "the summary's turned away leaves them out" 'In all, 2 connections from 2 hosts were turned away' \
	"$(printf '%s\n' "$out" | tr '\n' ' ' | tr -s ' ')"
"$GWSTATS" -t summary --csv "$T/all" >"$T/csv"
assert_has_line "CSV: would have been turned away" "$T/csv" "would have been turned away,3,2"
assert_has_line "CSV: a kind" "$T/csv" '"early data, kind=http",1,1'
finish
