#!/bin/sh
# A client without a PTR name (TCPREMOTEHOST empty: 127.0.0.4, or unset:
# 127.0.0.5) meets the -n action: reject (554 5.7.25 and the dialogue),
# tempfail (421 4.7.25 and close), accept (the usual short delay), delay
# (the long delay, the default).
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
for mode in reject tempfail accept delay; do
	LOG=$T/log.$mode
	start_tcpserver "$GW" -n "$mode" -s 0.1 -l 0.4 -T 1 $CLIENT fakesmtp
	for ip in 127.0.0.4 127.0.0.5; do
		case $mode in
		reject)
			$CLIENT dialogue --port "$PORT" --src "$ip" --wait-first 'QUIT' >"$T/got"
			printf 'S: 554 5.7.25 Client host has no PTR record\nC: QUIT\nS: 221 2.0.0 Bye\nEOF\n' >"$T/want"
			assert_bytes "-n reject from $ip: 554 5.7.25, 221 to QUIT" "$T/want" "$T/got"
			want="why=noptr delay=[0-9.]+ result=reject waited=[0-9.]+" ;;
		tempfail)
			$CLIENT hangup --port "$PORT" --src "$ip" --after 2 >"$T/got" 2>"$T/client"
			printf '421 4.7.25 Client host has no PTR record, try again later\r\n' >"$T/want"
			assert_bytes "-n tempfail from $ip: 421 4.7.25" "$T/want" "$T/got"
			assert_match "-n tempfail from $ip: closed at once" 'held=0\.[0-4].* eof=yes' "$(cat "$T/client")"
			want="why=noptr delay=[0-9.]+ result=tempfail waited=[0-9.]+" ;;
		accept)
			printf 'QUIT\n' >"$T/quit"
			$CLIENT session --port "$PORT" --src "$ip" --script "$T/quit" >"$T/got" 2>/dev/null
			printf '220 fake.example ESMTP ready\r\n221 2.0.0 Bye\r\n' >"$T/want"
			assert_bytes "-n accept from $ip: the server behind" "$T/want" "$T/got"
			want="why=default delay=0\\.100 result=pass waited=0\\.1[0-9]{2}" ;;
		delay)
			printf 'QUIT\n' >"$T/quit"
			$CLIENT session --port "$PORT" --src "$ip" --script "$T/quit" >"$T/got" 2>"$T/client"
			printf '220 fake.example ESMTP ready\r\n221 2.0.0 Bye\r\n' >"$T/want"
			assert_bytes "-n delay from $ip: the server behind" "$T/want" "$T/got"
			want="why=noptr delay=0\\.400 result=pass waited=0\\.4[0-9]{2}" ;;
		esac
		wait_ended "$(grep -c "^tcpserver: pid .* from $ip\$" "$LOG")"
		assert_line "$ip" "greetwait: pid=[0-9]+ ip=${ip%.*}\\.${ip##*.} host=\"\" $want"
		assert_status "$ip" 0
	done
	stop_tcpserver
done
finish
