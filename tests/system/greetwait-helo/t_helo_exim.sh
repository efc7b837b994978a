#!/bin/sh
# greetwait-helo from Exim's HELO ACL through ${run}, for real: exim4 -bs
# with tests/system/helo-exim.conf, driven by swaks over a pipe.  A bogus
# HELO is refused with its reason, on the wire and in Exim's log; a good
# one reaches RCPT.
. "$(dirname "$0")/../lib.sh"
command -v exim4 >/dev/null || { echo "t_helo_exim: exim4 not installed: skipped"; exit 0; }
mkdir "$T/spool"
exim="exim4 -bs -C $SYS/helo-exim.conf -DSPOOL=$T/spool -DEXIMUSER=$(id -un) \
-DEXIMGROUP=$(id -gn) -DHELOBIN=$GWHELO -oMa 192.0.2.7"

# session HELO-name: swaks' transcript in $T/out
session() {
	timeout 20 swaks --pipe "$exim" --helo "$1" --from sender@example.org \
		--to user@greetwait.test --quit-after rcpt >"$T/out" 2>&1
}
refused() {
	session "$1"
	grep -q "^<\*\* 550 5.7.1 Bogus HELO name ($2)" "$T/out" || fail "$1: not refused for $2: $(cat "$T/out")"
	! grep -q '^ -> RCPT' "$T/out" || fail "$1: got as far as RCPT"
	grep -qF "rejected EHLO or HELO $(echo "$1" | tr 'A-Z' 'a-z'): 5.7.1 Bogus HELO name ($2)" "$T/spool/rejectlog" ||
		fail "$1: not in Exim's reject log"
}
passed() {
	session "$1"
	grep -q '^<-  250 Accepted' "$T/out" || fail "$1: refused: $(cat "$T/out")"
	! grep -q 'Bogus HELO' "$T/out" || fail "$1: called bogus"
}
refused a..b.example.com double-dot
refused 192.0.2.7 bare-ip
refused Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.comlouiskoo.comjpopmail.comtw60.186.213.104 too-long
refused cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com too-long
passed mail-wr1-f41.google.com
passed NAM12-DM6-obe.outbound.protection.outlook.com
passed a8-30.smtp-out.amazonses.com
passed '[192.0.2.7]'
# A name that looks like an option is still a name (swaks will not send
# one, so plain SMTP on exim's stdin).
printf 'EHLO -d..bogus-sld\r\nQUIT\r\n' | timeout 20 $exim >"$T/out" 2>&1
grep -q '^550 5.7.1 Bogus HELO name (double-dot)' "$T/out" || fail "-d..bogus-sld: $(cat "$T/out")"
finish
