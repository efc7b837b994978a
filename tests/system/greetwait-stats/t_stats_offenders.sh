#!/bin/sh
# greetwait-stats -t offenders: the addresses turned away at least -n
# times in the -W window before the log's last line, none that a line
# trusts (whitelist, cache, ...), as plain lines, CSV and rbldns data
# (IPv4 only); and examples/fail2ban's filter, run by fail2ban-regex on a
# log greetwait itself wrote under tcpserver (stamped as multilog does)
# and on every carrier, matches exactly the turned-away lines.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ
need_greetwait

# fail2ban_ips LOG: the addresses of the lines the filter matches, as
# fail2ban-regex prints them, the filter installed beside fail2ban's
# own common.conf as an administrator would.
mkdir -p "$T/fail2ban/filter.d"
cp /etc/fail2ban/filter.d/common.conf "$ROOT/examples/fail2ban/filter.d/greetwait.conf" \
	"$T/fail2ban/filter.d/"
fail2ban_ips() {
	fail2ban-regex -r -o ip "$1" "$T/fail2ban/filter.d/greetwait.conf" 2>"$T/f2b.err" ||
		fail "fail2ban-regex: $(cat "$T/f2b.err")"
}

# A real log: greetwait under tcpserver; 127.0.0.3 talks early 4 times,
# 127.0.0.2 twice, 127.0.0.4 hangs up 3 times, 127.0.0.1 waits and passes.
rules
start_tcpserver "$GW" -s 0.1 -l 0.5 -T 0.3 $CLIENT fakesmtp
for i in 1 2 3 4; do $CLIENT pregreet --port "$PORT" --src 127.0.0.3 >/dev/null 2>&1; done
for i in 1 2; do $CLIENT pregreet --port "$PORT" --src 127.0.0.2 >/dev/null 2>&1; done
$CLIENT hangup --port "$PORT" --src 127.0.0.4 --after 0.02 --repeat 3 >/dev/null 2>&1
$CLIENT dialogue --port "$PORT" --src 127.0.0.1 --wait-first QUIT >/dev/null 2>&1
wait_ended 10
stop_tcpserver
# multilog's carrier: each line stamped with its TAI64N label
gwlog | $PY -c 'import sys, time
for l in sys.stdin:
    t = time.time()
    sys.stdout.write("@%016x%08x %s" % (2**62 + int(t) + 10, int(t % 1 * 1e9), l))' >"$T/real"
assert_eq "the real log has 10 lines" 10 "$(wc -l <"$T/real")"
"$GWSTATS" -n 3 -t offenders "$T/real" >"$T/out"
printf '%s\n' 127.0.0.3 127.0.0.4 >"$T/expected"
assert_bytes "real log: offenders" "$T/expected" "$T/out"
fail2ban_ips "$T/real" | sort | uniq -c | awk '{ print $2, $1 }' >"$T/out"
printf '%s\n' "127.0.0.2 2" "127.0.0.3 4" "127.0.0.4 3" >"$T/expected"
assert_bytes "fail2ban-regex on the real log: every turn-away, no pass" "$T/expected" "$T/out"

# Every carrier, a window, the trusted, IPv6 and rblsmtpd.
midnight=1795392000 # 2026-11-23 00:00:00 UTC; the last line is at 12:00
ml() { printf '@%016x00000000' $((0x400000000000000a + midnight + $1)); }
gw() { echo "greetwait: pid=$1 ip=$2 host=\"h\" why=$3 delay=90.000 result=$4 waited=1.000"; }
{
	# 192.0.2.1: 3 in the hour before the last line: an offender
	for s in 39700 40000 43000; do echo "$(ml $s) $(gw 1 192.0.2.1 pattern:dynamic hangup)"; done
	# 192.0.2.2: 3, but 2 of them more than an hour before: not
	for s in 100 200 43000; do echo "$(ml $s) $(gw 2 192.0.2.2 noptr pregreet)"; done
	# 192.0.2.3: 4, but whitelisted once; 192.0.2.4: 3 and a cache pass
	for s in 40000 41000 42000 43000; do echo "$(ml $s) $(gw 3 192.0.2.3 noptr reject)"; done
	echo "$(ml 100) $(gw 4 192.0.2.3 whitelist:192.0.2.0/28 pass)"
	for s in 40000 41000 42000; do echo "$(ml $s) $(gw 5 192.0.2.4 noptr tempfail)"; done
	echo "Nov 23 11:00:00 mx greetwait[6]: $(gw 6 192.0.2.4 cache pass)"
	# 2001:db8::5, through syslog: an offender, not in rbldns's data
	for m in 10 20 30; do echo "Nov 23 11:$m:00 mx greetwait[7]: $(gw 7 2001:db8::5 noptr hangup)"; done
	# 192.0.2.6: twice by greetwait (tai64nlocal), once by rblsmtpd
	for m in 10 20; do echo "2026-11-23 11:$m:00.000000000 $(gw 8 192.0.2.6 pattern:dynamic hangup)"; done
	echo "$(ml 42000) rblsmtpd: 192.0.2.6 pid 9: 451 listed"
	# 10.0.0.1: an offender that sorts first; an exec-failed is no offence
	for s in 41000 42000 43000; do echo "$(ml $s) $(gw 10 10.0.0.1 noptr hangup)"; done
	echo "$(ml 43100) $(gw 11 192.0.2.7 default pass)"
	echo "$(ml 43100) $(gw 11 192.0.2.7 default exec-failed)"
	echo "$(ml 43200) $(gw 12 192.0.2.8 default pass)"
} >"$T/log"
"$GWSTATS" -y 2026 -n 3 -W 3600 -t offenders "$T/log" >"$T/out"
printf '%s\n' 10.0.0.1 192.0.2.1 192.0.2.6 2001:db8::5 >"$T/expected"
assert_bytes "offenders: -n 3 in -W 3600" "$T/expected" "$T/out"
"$GWSTATS" -y 2026 -n 3 -W 86400 -t offenders "$T/log" | grep -c '^192.0.2.2$' >"$T/n"
assert_eq "a day's window takes 192.0.2.2 in" 1 "$(cat "$T/n")"
"$GWSTATS" -y 2026 -n 4 -W 3600 -t offenders "$T/log" >"$T/out"
assert_eq "-n 4: none" 0 "$(wc -l <"$T/out")"
"$GWSTATS" -y 2026 -n 3 -W 3600 --csv -t offenders "$T/log" >"$T/out"
cat >"$T/expected" <<'OUT'
# offenders
address,turned away,last
10.0.0.1,3,2026-11-23 11:56:40 UTC
192.0.2.1,3,2026-11-23 11:56:40 UTC
192.0.2.6,3,2026-11-23 11:40:00 UTC
2001:db8::5,3,2026-11-23 11:30:00 UTC
OUT
assert_bytes "offenders, CSV" "$T/expected" "$T/out"
echo old >"$T/rbl.data"
"$GWSTATS" -y 2026 -n 3 -W 3600 -t summary --rbldns "$T/rbl.data" "$T/log" >/dev/null ||
	fail "--rbldns: exit code $?"
cat >"$T/expected" <<'OUT'
# greetwait-stats: addresses turned away repeatedly in the 3600 s before the log's last line
:127.0.0.2:Turned away repeatedly by greetwait: $
10.0.0.1
192.0.2.1
192.0.2.6
OUT
assert_bytes "rbldns data, IPv4 only" "$T/expected" "$T/rbl.data"
ls "$T" | grep -q 'rbl.data.tmp' && fail "a temporary file is left" || pass "no temporary file"

# fail2ban-regex on every carrier: the greetwait turn-aways whose why
# trusts nobody (not rblsmtpd's line, not the passes).
grep 'greetwait.*result=\(hangup\|pregreet\|reject\|tempfail\)' "$T/log" | grep -v 'why=\(whitelist\|cache\)' |
	sed 's/.* ip=\([^ ]*\) .*/\1/' | sort >"$T/expected"
fail2ban_ips "$T/log" | sort >"$T/out"
assert_eq "fail2ban-regex: 21 lines" 21 "$(wc -l <"$T/out")"
assert_bytes "fail2ban-regex on every carrier" "$T/expected" "$T/out"

for a in "-n 0" "-n x" "-W 0" "-W x"; do
	"$GWSTATS" $a </dev/null >/dev/null 2>&1
	assert_eq "$a: usage" 100 "$?"
done
finish
