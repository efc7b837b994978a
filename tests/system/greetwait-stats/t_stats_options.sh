#!/bin/sh
# greetwait-stats reads its seconds options (-s, -w, -g) as greetwait reads
# its delays (duration_parse): -s takes exactly the values greetwait's -s
# takes, so a server's -s can be copied over; anything else is a usage
# error (exit 100). It used to take 0.2500, 1., 86400.001 and 1000000.
. "$(dirname "$0")/../lib.sh"
[ -x "$GW" ] || { fail "$GW is not built (run make)"; finish; }
printf '%s\n' 'greetwait: pid=1 ip=192.0.2.1 host="a" why=default delay=0.300 result=hangup waited=0.100' \
	'greetwait: pid=2 ip=192.0.2.2 host="a" why=default delay=1.000 result=hangup waited=0.200' >"$T/log"

# verdict CODE: "refused" for a usage error, "taken" otherwise.
verdict() { [ "$1" = 100 ] && echo refused || echo taken; }

for v in 0 0.25 0.250 1 90 86400 86400.000 0.2500 1. .5 1.5s 86400.001 1000000 -1 '' ' 1' 1e3; do
	"$GW" -s "$v" true </dev/null >/dev/null 2>&1
	want=$(verdict $?)
	"$GWSTATS" -s "$v" -t summary "$T/log" >"$T/out" 2>"$T/err"
	rc=$?
	assert_eq "-s '$v' is $want by greetwait, so by greetwait-stats" "$want" "$(verdict $rc)"
	if [ "$want" = refused ]; then
		assert_match "-s '$v': the usage line" '^greetwait-stats: usage: greetwait-stats ' "$(cat "$T/err")"
		assert_eq "-s '$v': nothing printed" "" "$(cat "$T/out")"
	fi
done

# The value taken is the one greetwait would use: a delay of 0.300 s is
# long under -s 0.25, short under -s 0.3.
"$GWSTATS" -s 0.25 -t summary "$T/log" >"$T/out"
assert_match "-s 0.25: both delays are long" '^  2 connections from 2 hosts were given the long delay \(more than 0.25 s\)' "$(cat "$T/out")"
"$GWSTATS" -s 0.3 -t summary "$T/log" >"$T/out"
assert_match "-s 0.3: one delay is long" '^  1 connection from 1 host was given the long delay \(more than 0.3 s\)' "$(cat "$T/out")"

# -w and -g read seconds the same way; a bucket needs a width.
for opt in "-w 0.2500" "-g 0.2500" "-w 0" "-w 1." "-g 86400.001"; do
	"$GWSTATS" $opt -t summary "$T/log" >/dev/null 2>&1
	assert_eq "$opt is a usage error" 100 "$?"
done
"$GWSTATS" -w 0.1 -t impatience "$T/log" >"$T/out"
assert_match "-w 0.1: buckets of 0.1 s" '^Impatience: .* per 0.1 s of waiting$' "$(cat "$T/out")"
"$GWSTATS" -g 0 -t retries "$T/log" >/dev/null
assert_eq "-g 0 is taken" 0 "$?"
"$GWSTATS" -y 2025x "$T/log" >/dev/null 2>&1
assert_eq "-y 2025x is a usage error" 100 "$?"
finish
