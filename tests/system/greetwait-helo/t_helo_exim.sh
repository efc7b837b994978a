#!/bin/sh
# greetwait-helo from Exim's HELO ACL through ${run}, for real: exim4 -bs
# with tests/system/helo-exim.conf, driven by swaks over a pipe.  A bogus
# HELO is refused with its reason, on the wire and in Exim's log; a good
# one reaches RCPT.
cd "$(dirname "$0")/../../.." || exit 111
command -v exim4 >/dev/null || { echo "t_helo_exim: exim4 not installed: skipped"; exit 0; }
B=$PWD/${GW_BUILD:-build}/greetwait-helo
t=$(mktemp -d) || exit 111
trap 'rm -rf "$t"' EXIT
mkdir "$t/spool"
fail=0
no() { echo "FAIL: $*"; fail=1; }
exim="exim4 -bs -C $PWD/tests/system/helo-exim.conf -DSPOOL=$t/spool -DEXIMUSER=$(id -un) \
-DEXIMGROUP=$(id -gn) -DHELOBIN=$B -oMa 192.0.2.7"

# session HELO-name: swaks' transcript in $t/out
session() {
	timeout 20 swaks --pipe "$exim" --helo "$1" --from sender@example.org \
		--to user@greetwait.test --quit-after rcpt >"$t/out" 2>&1
}
refused() {
	session "$1"
	grep -q "^<\*\* 550 5.7.1 Bogus HELO name ($2)" "$t/out" || no "$1: not refused for $2: $(cat "$t/out")"
	! grep -q '^ -> RCPT' "$t/out" || no "$1: got as far as RCPT"
	grep -qF "rejected EHLO or HELO $(echo "$1" | tr 'A-Z' 'a-z'): 5.7.1 Bogus HELO name ($2)" "$t/spool/rejectlog" ||
		no "$1: not in Exim's reject log"
}
passed() {
	session "$1"
	grep -q '^<-  250 Accepted' "$t/out" || no "$1: refused: $(cat "$t/out")"
	! grep -q 'Bogus HELO' "$t/out" || no "$1: called bogus"
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
printf 'EHLO -d..bogus-sld\r\nQUIT\r\n' | timeout 20 $exim >"$t/out" 2>&1
grep -q '^550 5.7.1 Bogus HELO name (double-dot)' "$t/out" || no "-d..bogus-sld: $(cat "$t/out")"
exit $fail
