#!/bin/sh
# How well the default patterns tell consumer lines from mail servers, on
# the labelled corpus of real PTR names (tests/corpus/ptr.tsv): per
# family, how many names greetwait itself catches (a pattern that gives a
# delay above 0), misses (consumer names) and wrongly catches (mail
# servers), with the patterns before issue 11 (tests/corpus/patterns.before,
# looked up by today's greetwait) and with today's cdb/patterns; then the
# totals.  Also the glob language's cost: the globs a lookup tries and its
# time per name (tests/bench/lookup.c), and the time greetwait takes per
# name, with each table, the tables taking turns.  Figures only.
cd "$(dirname "$0")/../.." || exit 111
B=build/bench
mkdir -p $B
make -s all >/dev/null || exit 111
build/greetwait-rules -p $B/before.cdb tests/corpus/patterns.before || exit 111
build/greetwait-rules -p $B/after.cdb cdb/patterns || exit 111
cc -O2 -Wall -std=c99 -D_GNU_SOURCE -Isrc/lib -o $B/lookup tests/bench/lookup.c \
	$(make -s modules-greetwait-rules | tr ' ' '\n' | grep ^lib/ | sed 's#.*#build/obj/&.o#') \
	-lowfat || exit 111
for round in 1 2; do
	for t in before after; do
		start=$(date +%s%N)
		sh tests/corpus/classify.sh build/greetwait $B/$t.cdb <tests/corpus/ptr.tsv >$B/$t.out ||
			exit 111
		echo "$t $round $(($(date +%s%N) - start))" >>$B/times.$$
	done
done
awk -f tests/corpus/tally.awk $B/before.out >$B/before.table
awk -f tests/corpus/tally.awk $B/after.out >$B/after.table
names=$(($(wc -l <tests/corpus/ptr.tsv) - 1))
echo "corpus: $names names (tests/corpus/README); before = tests/corpus/patterns.before, after = cdb/patterns"
printf '%-10s %-21s %6s | %-22s | %-22s\n' "" "" "" "before" "after"
# the two tables have the same rows: the corpus' families in its order
paste -d'\t' $B/before.table $B/after.table | awk -F'\t' '
	NR == 1 { split($1, h, " +"); printf "%-10s %-21s %6s | %6s %7s %7s | %6s %7s %7s\n", h[1], h[2], h[3], h[4], h[5], h[6], h[4], h[5], h[6]; next }
	/^consumer names caught/ { next }
	{ n = split($1, a, " +"); split($2, b, " +")
	  printf "%-10s %-21s %6s | %6s %7s %7s | %6s %7s %7s\n", a[1], a[2], a[3], a[4], a[5], a[6], b[4], b[5], b[6] }'
printf 'before: %s\n' "$(tail -1 $B/before.table)"
printf 'after:  %s\n' "$(tail -1 $B/after.table)"
# The guard against fitting the rules to the corpus: the names under the
# domains in tests/corpus/holdout were not looked at while the rules were
# written (tests/corpus/README); the figures on them apart.
for t in before after; do
	for part in held-out other; do
		awk -F'\t' -v part=$part 'NR == FNR { held[$1] = 1; next }
			{ n = split($3, l, "."); h = 0; d = l[n]
			  for (k = n - 1; k >= 1 && !h; k--) { d = l[k] "." d; h = d in held }
			  if ((part == "held-out") == h) print }' tests/corpus/holdout $B/$t.out |
			awk -f tests/corpus/tally.awk | tail -1 | sed "s/^/$t, $part domains: /"
	done
done
awk -v names="$names" '{ t[$1] += $3; r[$1]++ }
	END { printf "time per name (greetwait start, lookup, log, exec; %d rounds each, alternating): before %.2f ms, after %.2f ms, after/before %.2f\n",
	    r["after"], t["before"] / r["before"] / names / 1e6, t["after"] / r["after"] / names / 1e6, t["after"] / t["before"] }' $B/times.$$
rm -f $B/times.$$
$B/lookup 21 tests/corpus/ptr.tsv $B/before.cdb $B/after.cdb
