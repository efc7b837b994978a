#!/bin/sh
# greetwait-stats on a full disk: output it cannot write is a temporary
# failure (exit 111) with the reason on stderr, for the tables on standard
# output, however long, and for the --svg picture. libowfat 0.32's
# buffer_flush took a failed write for success, and the tables "went" to
# /dev/full with exit 0.
. "$(dirname "$0")/../lib.sh"
line='greetwait: pid=1 ip=192.0.2.1 host="a" why=pattern:dynamic delay=90.000 result=hangup waited=12.000'
printf '%s\n' "$line" >"$T/log"
# 2,000 why values: a summary of some 100 kB, written in many flushes.
awk '{ for (i = 0; i < 2000; i++) { l = $0; sub(/why=pattern:dynamic/, "why=pattern:c" i, l); print l } }' \
	"$T/log" >"$T/long"
full="greetwait-stats: fatal: unable to write output: No space left on device"

# full WHAT ARGS...: greetwait-stats ARGS with standard output on /dev/full.
full() {
	_what=$1
	shift
	"$GWSTATS" "$@" >/dev/full 2>"$T/err"
	assert_eq "$_what: exit code" 111 "$?"
	assert_eq "$_what: the reason" "$full" "$(cat "$T/err")"
}
full "tables" "$T/log"
full "CSV tables" --csv "$T/log"
full "one table" -t helo "$T/log"
full "a long summary" -t summary "$T/long"

# The same runs with room to write: exit 0, and the tables are there.
"$GWSTATS" -t summary "$T/long" >"$T/out" 2>"$T/err"
assert_eq "room to write: exit code" 0 "$?"
assert_eq "room to write: no message" "" "$(cat "$T/err")"
assert_eq "room to write: every why has its row" 2000 "$(grep -c '^  pattern:c[0-9]* ' "$T/out")"

# No standard output at all is the same failure, with its own reason.
"$GWSTATS" "$T/log" >&- 2>"$T/err"
assert_eq "closed standard output: exit code" 111 "$?"
assert_eq "closed standard output: the reason" \
	"greetwait-stats: fatal: unable to write output: Bad file descriptor" "$(cat "$T/err")"

# The picture on a full disk.
"$GWSTATS" -t summary --svg /dev/full "$T/log" >/dev/null 2>"$T/err"
assert_eq "--svg on a full disk: exit code" 111 "$?"
assert_eq "--svg on a full disk: the reason" \
	"greetwait-stats: fatal: unable to write /dev/full: No space left on device" "$(cat "$T/err")"
finish
