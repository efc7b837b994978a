#!/bin/sh
# greetwait-stats -t advice on a log drawn from the "Spamware Impatience"
# table: the share of the catch each candidate delay keeps is the table's
# cumulative column at the bucket below it; the passes' wait is their
# number times the delay; the shortest delay that keeps 95% (or -a's
# share) lies in the bucket where the cumulative column passes it, and
# is the whole second past the wait of the host at that share.
. "$(dirname "$0")/../lib.sh"

gen_impatience 3 >"$T/log" # the 109,288 hosts whose shares the table printed
"$GWSTATS" --csv -t advice "$T/log" >"$T/csv"; rc=$?
assert_eq "exit code" 0 "$rc"
passes=$(grep -c 'result=pass waited=90.000' "$T/log")
# The published Count column, 5 s per bucket (and the 3 hosts past it).
counts="3934 1053 4205 14312 16439 29012 26081 3253 4805 1232 595 1089 1339 311 1148 127 115 235 3"
# A delay keeps the hosts of the buckets below it: the sum of their
# counts, and the published cumulative % of the bucket before it; the
# current delay, 90 s, all it caught.
for row in "15 8.41" "20 21.51" "30 63.09" "45 94.33" "60 97.00" "90 100.00"; do
	set -- $row
	caught=$(echo "$counts" | awk -v d="$1" '{ for (i = 1; i <= NF && ((i - 1) * 5 < d || d == 90); i++) n += $i; print n }')
	assert_has_line "advice: $1 s keeps $2%" "$T/csv" "$1,$caught,$2,$(($passes * $1))"
done
assert_has_line "the current delay" "$T/csv" "# advice (current delay 90 s)"

# 95%: the cumulative column passes it between 45 (94.33) and 50 (95.46);
# the host at 95% of the catch, counted from the log itself.
need=$(awk 'BEGIN { n = 109288 * 95 / 100; print (n == int(n)) ? n : int(n) + 1 }')
want=$(awk -F'[ =]' '/delay=90.000 result=(hangup|pregreet)/ { for (i = 1; i < NF; i++) { if ($i == "ip") ip = $(i + 1); if ($i == "waited") w = $(i + 1) } if (!(ip in m) || w > m[ip]) m[ip] = w }
	END { for (ip in m) print m[ip] }' "$T/log" | sort -n | sed -n "${need}p" | awk '{ print int($1) + 1 }')
[ "$want" -gt 45 ] && [ "$want" -le 50 ] || fail "the oracle's delay $want is not in (45, 50]"
line=$(sed -n '/^# advice: shortest delay$/,$p' "$T/csv" | sed -n 3p)
assert_eq "shortest delay for 95%" "95,$want" "$(echo "$line" | cut -d, -f1-2)"
"$GWSTATS" -t advice "$T/log" >"$T/text"
assert_has_line "text: the advice" "$T/text" "  The shortest delay that keeps 95% of the catch: $want s ($(echo "$line" | cut -d, -f4)%)."
grep -q '^  90 (current)  *109,288  *100.00  *25.0$' "$T/text" && pass "text: the current row" || fail "text: no current row"

# -a 99.5: past the 99.56% of row 70, up to 75 s.
"$GWSTATS" -a 99.5 --csv -t advice "$T/log" | tail -n 1 | cut -d, -f1-2 >"$T/out"
d=$(cut -d, -f2 "$T/out")
[ "$d" -gt 70 ] && [ "$d" -le 75 ] && pass "-a 99.5: $d s" || fail "-a 99.5: $d s not in (70, 75]"
# A delay above the current one is only known to keep at least it all.
printf 'greetwait: pid=1 ip=192.0.2.1 host="" why=noptr delay=30.000 result=hangup waited=29.000\n' >"$T/short"
"$GWSTATS" -t advice "$T/short" >"$T/out"
grep -q '^  *45  *1  *>=100.00 ' "$T/out" && pass "above the current: at least" || fail "above the current delay"
assert_has_line "no shorter delay" "$T/out" "  No delay shorter than the current 30 s keeps 95% of the catch."
for a in 0 100.001 abc; do
	"$GWSTATS" -a "$a" </dev/null >/dev/null 2>&1
	assert_eq "-a $a: usage" 100 "$?"
done
finish
