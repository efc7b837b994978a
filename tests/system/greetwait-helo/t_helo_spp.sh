#!/bin/sh
# greetwait-helo -q as qmail-spp runs a HELO plugin: SMTPHELOHOST and
# TCPREMOTEIP in the environment, the command on stdout, one log line on
# stderr (qmail-spp passes it to the log).  DNS points at a dead loopback
# address: a failure there never refuses a name.
. "$(dirname "$0")/../lib.sh"
export DNSCACHEIP=127.53.78.9

# spp want-stdout want-log-tail helo ip [option ...]
spp() {
	want=$1 log=$2 helo=$3 ip=$4
	shift 4
	out=$(SMTPHELOHOST=$helo TCPREMOTEIP=$ip "$GWHELO" -q -t 0.5 "$@" 2>"$T/err")
	rc=$?
	[ $rc = 0 ] || fail "$helo: exit $rc"
	[ "$out" = "$want" ] || fail "$helo $*: printed '$out', want '$want'"
	[ "$(wc -l <"$T/err")" = 1 ] || fail "$helo: log is not one line: $(cat "$T/err")"
	line=$(cat "$T/err")
	case "$line" in
	"greetwait-helo: pid="*" $log") grep -q '^greetwait-helo: pid=[0-9][0-9]* ip=' "$T/err" || fail "$helo: log: $line" ;;
	*) no "$helo: log: $line, want: $log" ;;
	esac
}
fanf2=cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com
spp "E550 5.7.1 Bogus HELO name (double-dot)" 'ip=192.0.2.7 helo="mail..example.com" why=double-dot result=reject' \
	mail..example.com 192.0.2.7
spp "LM550 5.7.1 Bogus HELO name (double-dot)" 'ip=192.0.2.7 helo="mail..example.com" why=double-dot result=later' \
	mail..example.com 192.0.2.7 -m
spp "E550 5.7.1 Bogus HELO name (bare-ip)" 'ip=2001:db8::7 helo="192.0.2.7" why=bare-ip result=reject' \
	192.0.2.7 2001:DB8::7
spp "E550 5.7.1 Bogus HELO name (too-long)" "ip=192.0.2.7 helo=\"$fanf2\" why=too-long result=reject" \
	$fanf2 ::ffff:192.0.2.7
spp "E550 5.7.1 Bogus HELO name (concatenated)" "ip=192.0.2.7 helo=\"$fanf2\" why=concatenated result=reject" \
	$fanf2 192.0.2.7 -d too-long
spp "" "ip=192.0.2.7 helo=\"$fanf2\" why=ok result=pass" \
	$fanf2 192.0.2.7 -d too-long -d concatenated -d bogus-sld
spp "" 'ip=192.0.2.7 helo="mail-wr1-f41.google.com" why=ok result=pass error="DNS query timed out"' \
	mail-wr1-f41.google.com 192.0.2.7
spp "" 'ip=192.0.2.7 helo="[192.0.2.8]" why=ok result=pass' '[192.0.2.8]' 192.0.2.7
spp "E550 5.7.1 Bogus HELO name (literal-mismatch)" 'ip=192.0.2.7 helo="[192.0.2.8]" why=literal-mismatch result=reject' \
	'[192.0.2.8]' 192.0.2.7 -e literal-mismatch
spp "" 'ip=unknown helo="[192.0.2.8]" why=ok result=pass' '[192.0.2.8]' '' -e literal-mismatch
# Whatever the client sent reaches the log escaped, never raw.
spp "" 'ip=192.0.2.7 helo="a\"b\\c\x1b" why=ok result=pass' "$(printf 'a"b\\c\033')" 192.0.2.7
# Not run by qmail-spp: nothing refused, and the log says so.
out=$(env -u SMTPHELOHOST TCPREMOTEIP=192.0.2.7 "$GWHELO" -q 2>"$T/err")
[ -z "$out" ] && grep -q 'why=ok result=pass error="no \$SMTPHELOHOST' "$T/err" || fail "no SMTPHELOHOST: '$out' $(cat "$T/err")"
# Usage errors exit 100.
for args in "-q name" "-q -i 192.0.2.7" "-x" "-d nosuchrule x" "-l 0 x" "-l 12a x" "-t 1.2345 x" "-m x" "-i 300.1.1.1 x" ""; do
	# shellcheck disable=SC2086
	"$GWHELO" $args >/dev/null 2>&1 </dev/null
	rc=$?
	[ $rc = 100 ] || fail "'$args': exit $rc, want 100"
done
# The command: the reason on stdout, exit 0 or 1.
out=$("$GWHELO" -d bogus-sld 'a..b'); rc=$?
[ "$out" = double-dot ] && [ $rc = 1 ] || fail "command: '$out' exit $rc"
out=$("$GWHELO" -d bogus-sld -- -a..b); rc=$?
[ "$out" = double-dot ] && [ $rc = 1 ] || fail "command after --: '$out' exit $rc"
"$GWHELO" -d bogus-sld mail.example.org -d double-dot >/dev/null 2>&1; rc=$?
[ $rc = 100 ] || fail "option after the name: exit $rc, want 100"
out=$("$GWHELO" -t 0.3 mx.example.org); rc=$?
[ "$out" = ok ] && [ $rc = 0 ] || fail "command: '$out' exit $rc"
out=$("$GWHELO" -e literal-mismatch -i 192.0.2.7 '[192.0.2.7]'); rc=$?
[ "$out" = ok ] && [ $rc = 0 ] || fail "command literal: '$out' exit $rc"
finish
