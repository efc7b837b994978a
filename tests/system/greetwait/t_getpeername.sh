#!/bin/sh
# Without TCPREMOTEIP (inetd, systemd Accept=yes), greetwait takes the
# client's address from getpeername() on fd 0: the log shows it and the
# whitelist and the no-PTR action apply to it.
. "$(dirname "$0")/../lib.sh"
need_greetwait
printf '127.0.0.7  0.2\n' | whitelist_cdb
LOG=$T/log
bg $CLIENT inetd --listen 127.0.0.1 --port-file "$T/port" --count 3 --timeout 5 \
	--unsetenv TCPREMOTEIP --unsetenv TCPREMOTEHOST -- \
	"$GW" -w "$T/whitelist.cdb" -n accept -s 0.3 -T 1 $CLIENT fakesmtp 2>>"$LOG"
waitfor 5 test -s "$T/port"
PORT=$(cat "$T/port")
printf 'QUIT\n' >"$T/quit"
printf '220 fake.example ESMTP ready\r\n221 2.0.0 Bye\r\n' >"$T/want"
$CLIENT session --port "$PORT" --src 127.0.0.7 --script "$T/quit" >"$T/got7" 2>/dev/null
assert_bytes "whitelisted by its socket address: reaches the server" "$T/want" "$T/got7"
$CLIENT session --port "$PORT" --src 127.0.0.8 --script "$T/quit" >"$T/got8" 2>/dev/null
assert_bytes "patient client reaches the server" "$T/want" "$T/got8"
$CLIENT pregreet --port "$PORT" --src 127.0.0.9 >"$T/got9" 2>/dev/null
assert_eq "early talker rejected" "554 5.5.1 Protocol error: talking before the greeting" "$(head -n 1 "$T/got9" | tr -d '\r')"
waitfor 5 lines_at_least 3 '^inetd: pid=' "$LOG"
assert_line 127.0.0.7 'greetwait: pid=[0-9]+ ip=127\.0\.0\.7 host="" why=whitelist:127\.0\.0\.7 delay=0\.200 result=pass waited=0\.2[0-9]{2}'
assert_line 127.0.0.8 'greetwait: pid=[0-9]+ ip=127\.0\.0\.8 host="" why=default delay=0\.300 result=pass waited=0\.3[0-9]{2}'
assert_line 127.0.0.9 'greetwait: pid=[0-9]+ ip=127\.0\.0\.9 host="" why=default delay=0\.300 result=pregreet waited=0\.0[0-9]{2} data="HELO 1\.2\.3\.4" kind=smtp helo="1\.2\.3\.4"'
assert_eq "exit codes" "exit=0 exit=0 exit=0" "$(grep '^inetd: pid=' "$LOG" | awk '{print $3}' | xargs)"
finish
