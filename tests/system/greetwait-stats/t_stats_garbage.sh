#!/bin/sh
# greetwait-stats survives what real log directories hold: an empty file,
# binary garbage, lines cut short anywhere, 10 MB lines, invalid UTF-8,
# NUL bytes, a truncated gzip file. It counts what it skipped, never
# crashes, and escapes hostile bytes before they reach a terminal.
. "$(dirname "$0")/../lib.sh"
good='greetwait: pid=812 ip=192.0.2.7 host="dsl-192-0-2-7.example.net" why=pattern:dynamic delay=90.000 result=hangup waited=25.113'

# Empty input: all tables, all zero, exit 0.
"$GWSTATS" </dev/null >"$T/out"; rc=$?
[ "$rc" = 0 ] || fail "empty: exit code $rc"
assert_has_line "empty: summary" "$T/out" "  0 connections were made by 0 hosts."
assert_has_line "empty: lines" "$T/out" \
	"  Read 0 lines: 0 status lines, 0 other lines skipped, 0 malformed lines, 0 overlong lines."
assert_has_line "empty: impatience header" "$T/out" "  Count  %  Cumulative %  Seconds"
assert_has_line "empty: HELO" "$T/out" \
	"HELO: 0 different names in 0 HELO/EHLO lines sent before the greeting, by number of dots"

# Binary garbage (a fixed pseudo-random stream, NULs included), then one
# good line: the good line still counts.
awk 'BEGIN { srand(42); for (i = 0; i < 200000; i++) printf "%c", int(rand() * 256) }' >"$T/garbage"
printf '\n%s\n' "$good" >>"$T/garbage"
"$GWSTATS" -t summary "$T/garbage" >"$T/out"; rc=$?
[ "$rc" = 0 ] || fail "garbage: exit code $rc"
assert_has_line "garbage: the good line after it counts" "$T/out" "  1 connection was made by 1 host."
lines=$(($(tr -cd '\n' <"$T/garbage" | wc -c)))
grep -q "^  Read $lines lines: 0 status lines, $((lines - 1)) other lines skipped" "$T/out" \
	&& pass "garbage: $lines lines read, all but one skipped" || { fail "garbage: line counts"; cat "$T/out"; }

# Forged multilog labels (all f's, before 1970, past 2106, 10^9 ns) are
# no timestamp: their lines are skipped as someone else's, and the one
# real label alone sets the time span. Against build/asan (make check)
# this also checks that reading them overflows nothing.
{
	for l in ffffffffffffffffffffffff 000000000000000000000000 7fffffffffffffffffffffff \
		400000010000000000000000 400000006b048d3a3b9aca00; do
		printf '@%s %s\n' "$l" "$good"
	done
	printf '@400000006b048d3a00000000 %s\n' "$good"
} >"$T/forged"
TZ=UTC "$GWSTATS" -t summary "$T/forged" >"$T/out"; rc=$?
[ "$rc" = 0 ] || fail "forged labels: exit code $rc"
assert_has_line "forged labels: only the real one counts" "$T/out" \
	"  From 2026-11-23 19:00:00 UTC to 2026-11-23 19:00:00 UTC, 1 connection was made by 1 host."
assert_has_line "forged labels: skipped" "$T/out" \
	"  Read 6 lines: 0 status lines, 5 other lines skipped, 0 malformed lines, 0 overlong lines."

# The good line cut at every length: only the cuts that still end in a
# complete waited= value are connections (waited=2, 25, 25.1, 25.11,
# 25.113: seconds as greetwait reads them, so not "25."); the cuts before
# "greetwait: " is complete are other lines; the rest are malformed.
len=${#good}
i=1
{ echo; while [ $i -le "$len" ]; do printf '%s\n' "$good" | cut -c1-$i; i=$((i + 1)); done; } >"$T/cut"
"$GWSTATS" -t summary,impatience "$T/cut" >"$T/out"
assert_has_line "cut lines: connections" "$T/out" "  5 connections were made by 1 host."
assert_has_line "cut lines: counts" "$T/out" \
	"  Read $((len + 1)) lines: 0 status lines, 11 other lines skipped, $((len + 1 - 16)) malformed lines, 0 overlong lines."
section "$T/out" "Impatience:" | tail -n 1 >"$T/row"
echo "1 100.00 100.00 25" >"$T/exp"
assert_bytes "cut lines: the host's longest wait" "$T/exp" "$T/row"

# 10 MB lines: one of junk, one that looks like greetwait's with a huge
# data= value, one at the end without a newline; good lines around them.
{
	printf '%s\n' "$good"
	head -c 10485760 /dev/zero | tr '\0' 'x'; echo
	printf 'greetwait: pid=9 ip=192.0.2.9 host="" why=noptr delay=90.000 result=pregreet waited=1.000 data="HELO '
	head -c 10485760 /dev/zero | tr '\0' 'a'; echo '"'
	printf '%s\n' "$good" | sed 's/192.0.2.7/192.0.2.8/'
	head -c 10485760 /dev/zero | tr '\0' 'y'
} >"$T/long"
"$GWSTATS" -t summary,helo "$T/long" >"$T/out"; rc=$?
[ "$rc" = 0 ] || fail "10 MB lines: exit code $rc"
assert_has_line "10 MB lines: the good lines count" "$T/out" "  2 connections were made by 2 hosts."
assert_has_line "10 MB lines: skipped as overlong" "$T/out" \
	"  Read 5 lines: 0 status lines, 0 other lines skipped, 0 malformed lines, 3 overlong lines."

# Invalid UTF-8 and control bytes: counted, and printed escaped.
printf 'greetwait: pid=1 ip=192.0.2.1 host="\377\376" why=pattern:\303\050\033[2J delay=90.000 result=pregreet waited=1.000 data="HELO \377\376..example"\n' >"$T/utf8"
printf 'greetwait: pid=2 ip=192.0.2.2 host="\\xff" why=noptr delay=90.000 result=hangup waited=2.000\n' >>"$T/utf8"
printf 'greetwait: pid=3 ip=192.0.2.3\000 host="" why=noptr delay=90.000 result=hangup waited=2.000\n' >>"$T/utf8"
"$GWSTATS" "$T/utf8" >"$T/out"; rc=$?
[ "$rc" = 0 ] || fail "utf8: exit code $rc"
assert_has_line "utf8: why escaped" "$T/out" '  pattern:\xc3(\x1b[2J            1      1'
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then fail "utf8: an escape byte reached the output"; else pass "utf8: no control bytes out"; fi
assert_has_line "utf8: NUL in the address is malformed" "$T/out" \
	"  Read 3 lines: 0 status lines, 0 other lines skipped, 1 malformed line, 0 overlong lines."
assert_has_line "utf8: HELO name counted as a double dot" "$T/out" "  double dot          1"

# A truncated gzip file: what could be read is reported, a warning names
# the file, the exit code is 111.
gen_impatience 0 | head -n 20000 | gzip -c >"$T/full.gz"
head -c 100000 "$T/full.gz" >"$T/cut.gz"
"$GWSTATS" -t summary "$T/cut.gz" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 111 ] || fail "truncated gzip: exit code $rc, want 111"
assert_has_line "truncated gzip: warning" "$T/err" \
	"greetwait-stats: warning: unable to read all of $T/cut.gz: read error or damaged gzip data"
grep -q '^  [1-9][0-9,]* connections were made by' "$T/out" \
	&& pass "truncated gzip: partial tables" || fail "truncated gzip: no partial tables"
finish
