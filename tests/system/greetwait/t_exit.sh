#!/bin/sh
# Exit codes: 100 with the usage line for a bad command line (checked
# before any connection work), 111 when the server behind cannot be run
# (logged as result=exec-failed with the reason).
. "$(dirname "$0")/../lib.sh"
need_greetwait
usage() { # usage WHAT ARG...: greetwait ARG... must exit 100 with the usage line
	_what=$1
	shift
	"$GW" "$@" </dev/null >"$T/out" 2>"$T/err"
	assert_eq "$_what: exit code" 100 "$?"
	assert_match "$_what: usage line" '^greetwait: usage: greetwait \[ -p ' "$(grep '^greetwait: usage:' "$T/err")"
	assert_eq "$_what: nothing on stdout (the client's side)" 0 "$(wc -c <"$T/out")"
}
usage "no program"
usage "options but no program" -s 1 -l 2
usage "unknown option" -z true
usage "bad short delay" -s abc true
usage "negative delay" -l -1 true
usage "four decimals" -s 0.1234 true
usage "bad -n action" -n maybe true
usage "bad -e action" -e bounce true
usage "bad -T" -T soon true

rules
start_tcpserver "$GW" -s 0.1 -T 1 "$T/no-such-server"
$CLIENT hangup --port "$PORT" --src 127.0.0.2 --after 3 >"$T/got" 2>"$T/client"
wait_ended 1
assert_eq "nothing written to the client" 0 "$(wc -c <"$T/got")"
assert_match "the client saw the connection closed" 'eof=yes' "$(cat "$T/client")"
assert_log_has '^greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.100 result=pass waited=0\.1[0-9]{2}$'
assert_line 127.0.0.2 "greetwait: pid=[0-9]+ ip=127\\.0\\.0\\.2 host=\"mail\\.example\\.org\" why=default delay=0\\.100 result=exec-failed waited=0\\.1[0-9]{2} error=\"unable to run $T/no-such-server: [^\"]+\""
assert_status 127.0.0.2 111
finish
