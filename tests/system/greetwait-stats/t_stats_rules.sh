#!/bin/sh
# greetwait-stats -t rules: per why= value, connections, hosts, the shares
# that hung up, talked early and passed, and how many of the hosts given
# its long delay waited it out (patient: the rule's false-positive
# candidates), the rules with the most patient hosts first; from a
# three-day log built with known counts per class, row by row in text
# and CSV.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ

midnight=1795392000 # 2026-11-23 00:00:00 UTC
# line DAY IP WHY DELAY RESULT: a multilog line at noon of day DAY.
n=0
line() {
	n=$((n + 1))
	printf '@%016x00000000 greetwait: pid=%d ip=%s host="h" why=%s delay=%s result=%s waited=1.000\n' \
		$((0x400000000000000a + midnight + $1 * 86400 + 43200 + n)) "$n" "$2" "$3" "$4" "$5"
}
{
	# pattern:dynamic: 10 hosts hang up on day 0; 3 come back and wait
	# the delay out on day 1, a fourth talks early.
	for h in 1 2 3 4 5 6 7 8 9 10; do line 0 192.0.2.$h pattern:dynamic 90.000 hangup; done
	for h in 1 2 3; do line 1 192.0.2.$h pattern:dynamic 90.000 pass; done
	line 1 192.0.2.4 pattern:dynamic 90.000 pregreet
	# noptr: 4 hosts hang up on day 0, one waits it out on day 2.
	for h in 1 2 3 4; do line 0 198.51.100.$h noptr 90.000 hangup; done
	line 2 198.51.100.1 noptr 90.000 pass
	# pattern:generic: 2 hosts wait it out on days 0 and 1.
	for d in 0 1; do for h in 1 2; do line $d 203.0.113.$h pattern:generic 30.000 pass; done; done
	# no long delay: the cache lets 192.0.2.1 in twice, the whitelist two
	# hosts three times; a list's block rejects one.
	line 2 192.0.2.1 cache 0.000 pass
	line 2 192.0.2.1 cache 0.000 pass
	for h in 1 1 2; do line 2 192.0.2.10$h whitelist:.example.org 0.000 pass; done
	line 2 192.0.2.200 dnsbl 0.000 reject
} >"$T/log"

cat >"$T/expected" <<'OUT'
# rules
Why,Connections,Hosts,Hung up %,Talked early %,Passed %,Long-delay hosts,Patient hosts,Patient %
pattern:dynamic,14,10,71.43,7.14,21.43,10,3,30.00
pattern:generic,4,2,0.00,0.00,100.00,2,2,100.00
noptr,5,4,80.00,0.00,20.00,4,1,25.00
whitelist:.example.org,3,2,0.00,0.00,100.00,0,0,
cache,2,1,0.00,0.00,100.00,0,0,
dnsbl,1,1,0.00,0.00,0.00,0,0,
OUT
"$GWSTATS" --csv -t rules "$T/log" >"$T/out"; rc=$?
assert_eq "exit code" 0 "$rc"
assert_bytes "rules, CSV" "$T/expected" "$T/out"

cat >"$T/expected" <<'OUT'
Rules: what became of the connections of each why, and how many hosts waited out its long delay
  Why                     Connections  Hosts  Hung up %  Talked early %  Passed %  Long-delay hosts  Patient hosts  Patient %
  pattern:dynamic                  14     10      71.43            7.14     21.43                10              3      30.00
  pattern:generic                   4      2       0.00            0.00    100.00                 2              2     100.00
  noptr                             5      4      80.00            0.00     20.00                 4              1      25.00
  whitelist:.example.org            3      2       0.00            0.00    100.00                 0              0          -
  cache                             2      1       0.00            0.00    100.00                 0              0          -
  dnsbl                             1      1       0.00            0.00      0.00                 0              0          -
OUT
"$GWSTATS" -t rules "$T/log" >"$T/out"
assert_bytes "rules, text" "$T/expected" "$T/out"

# -s 30: pattern:generic's 30 s is no longer long, so no patient hosts.
"$GWSTATS" --csv -s 30 -t rules "$T/log" | grep '^pattern:generic,' >"$T/out"
echo "pattern:generic,4,2,0.00,0.00,100.00,0,0," >"$T/expected"
assert_bytes "rules: -s decides what is long" "$T/expected" "$T/out"

# An exec-failed line takes its pass back from the why; the host still
# waited the delay out.
line 0 192.0.2.50 pattern:dynamic 90.000 pass >"$T/one"
sed 's/result=pass/result=exec-failed/' "$T/one" | cat "$T/one" - >"$T/two"
"$GWSTATS" --csv -t rules "$T/two" | grep '^pattern:dynamic,' >"$T/out"
echo "pattern:dynamic,1,1,0.00,0.00,0.00,1,1,100.00" >"$T/expected"
assert_bytes "rules: exec-failed moves the pass" "$T/expected" "$T/out"
finish
