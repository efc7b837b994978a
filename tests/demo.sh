#!/bin/sh
# make demo: greetwait in front of a real SMTP server, on this machine,
# with the default tables, in a few seconds.
#
# tcpserver listens on 127.0.0.1 and runs greetwait before exim4 -bs (or
# the installed MTA's sendmail -bs). Three clients come in: a patient one
# (swaks) that delivers a message, an early talker that is rejected, and a
# client whose PTR name looks ISP-generated and who hangs up after about a
# second. Then the log lines, what each one shows, and the end.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/tests/system/lib.sh"
need_greetwait

say() { printf '\n== %s\n' "$*"; }
explain() { printf '   %s\n' "$@"; }
show_log() { # show_log IP: print the greetwait log line for IP
	l=$(line_for "$1")
	printf '   %s\n' "${l:-(no log line for $1)}"
	[ -n "$l" ]
}
ok=0

say "Building the default tables: make -C cdb"
make -s -C "$ROOT/cdb" || { echo "demo: make -C cdb failed" >&2; exit 1; }
explain "cdb/patterns.cdb from cdb/patterns: PTR names that look ISP-generated" \
	"cdb/whitelist.cdb from cdb/whitelist: hosts never delayed (loopback)"

setup_mta
# The default whitelist lets loopback through at once. So that the demo's
# clients look like hosts out on the net, tcprules gives each loopback
# source the address and PTR name of an outside host (192.0.2.0/24 is for
# documentation), the way tcpserver would set them for a real connection.
rules \
	'127.0.0.2:allow,TCPREMOTEIP="192.0.2.2",TCPREMOTEHOST="mail.example.org"' \
	'127.0.0.8:allow,TCPREMOTEIP="192.0.2.8",TCPREMOTEHOST="mail.example.org"' \
	'127.0.0.3:allow,TCPREMOTEIP="192.0.2.7",TCPREMOTEHOST="dsl-192-0-2-7.example.net"'
say "Starting: tcpserver -v -R -H -x tcp.cdb 127.0.0.1 PORT \\"
explain "  greetwait -p cdb/patterns.cdb -w cdb/whitelist.cdb -s 0.5 -l 3 -T 2 \\" \
	"  $MTA_CMD"
explain "(short delay 0.5 s and long delay 3 s instead of 1 s and 90 s, to be quick)"
start_tcpserver "$GW" -p "$ROOT/cdb/patterns.cdb" -w "$ROOT/cdb/whitelist.cdb" \
	-s 0.5 -l 3 -T 2 $MTA_CMD

say "1. A patient client: swaks from 192.0.2.2 (mail.example.org) sends a message"
swaks --server 127.0.0.1:"$PORT" --local-interface 127.0.0.2 --from alice@example.org \
	--to bob@example.net --header "Subject: greetwait demo" --body "demo-$$" \
	--timeout 10 >"$T/swaks" 2>&1
grep -E '^(<-  220|<-  250 OK| -> MAIL|<-  221)' "$T/swaks" | sed 's/^/   /'
if mta_delivered "demo-$$"; then
	explain "delivered; in the mailbox:"
	[ -n "$MAILBOX" ] && grep -E '^(From |Subject:|demo-)' "$MAILBOX" | sed 's/^/     | /'
else
	explain "NOT delivered"; ok=1
fi

say "2. An early talker from 192.0.2.8 says HELO before the greeting"
$CLIENT dialogue --port "$PORT" --src 127.0.0.8 'HELO 192.0.2.8' 'MAIL FROM:<spam@example.com>' 'QUIT' |
	sed 's/^/   /'

say "3. A client from 192.0.2.7 (dsl-192-0-2-7.example.net) hangs up after 1 s"
$CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 1 2>&1 >/dev/null | sed 's/^/   /'

wait_ended 3 10
stop_tcpserver

say "The greetwait log, one line per connection"
show_log 192.0.2.2 || ok=1
explain "-> patient: a mail word in its name (why=pattern:mailname) gave it the short" \
	"   delay; it waited in silence, so greetwait logged result=pass and exec'd the SMTP" \
	"   server, which greeted it and took the mail."
show_log 192.0.2.8 || ok=1
explain "-> early talker: it spoke before any greeting (result=pregreet, data= is what it" \
	"   said, kind= what that looks like, helo= what it said in the dialogue); it got 554," \
	"   then 503 to every command and 221 to QUIT; the server never ran."
show_log 192.0.2.7 || ok=1
explain "-> ISP-generated PTR name: a pattern in cdb/patterns matched (why=pattern:CLASS)," \
	"   so it got the long delay; it gave up first (result=hangup), after waited= seconds."
line_for 192.0.2.2 | grep -q 'result=pass' || ok=1
line_for 192.0.2.8 | grep -q 'result=pregreet' || ok=1
line_for 192.0.2.7 | grep -q 'why=pattern:.*result=hangup' || ok=1
gwlog >"$T/demo.log"

# greetwait-stats: its report on the demo log goes here.
if [ -x "$ROOT/build/greetwait-stats" ]; then
	say "greetwait-stats on the demo log"
	"$ROOT/build/greetwait-stats" <"$T/demo.log" | sed 's/^/   /'
fi

if [ $ok = 0 ]; then
	say "Demo done: greetwait behaved as shown."
else
	say "Demo done, but something above did not behave as described."
fi
exit $ok
