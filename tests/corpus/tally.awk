# tally.awk: classify.sh's output (label, family, name, why, delay) as a
# table per family: names, caught (a pattern gave a delay longer than the
# short delay, 1 s), missed (consumer) or wrongly caught (mail server), then the
# totals.  With -v summary=1 only "consumer CAUGHT NAMES" and
# "mailserver CAUGHT NAMES".
BEGIN { FS = "\t" }
{
	key = $1 "\t" $2
	if (!(key in names))
		order[++n] = key
	names[key]++
	total[$1]++
	if ($4 ~ /^pattern:/ && $5 + 0 > 1) {
		caught[key]++
		hits[$1]++
	}
}
function pct(a, b) { return b ? sprintf("%.1f%%", 100 * a / b) : "-" }
END {
	if (summary) {
		printf "consumer %d %d\nmailserver %d %d\n", hits["consumer"], total["consumer"], hits["mailserver"], total["mailserver"]
		exit
	}
	printf "%-10s %-21s %6s %7s %7s %7s\n", "label", "family", "names", "caught", "missed", "wrong"
	for (k = 1; k <= n; k++) {
		split(order[k], p, "\t")
		c = caught[order[k]] + 0
		printf "%-10s %-21s %6d %7d %7d %7d\n", p[1], p[2], names[order[k]], c,
		    p[1] == "consumer" ? names[order[k]] - c : 0, p[1] == "mailserver" ? c : 0
	}
	printf "consumer names caught %d of %d (%s); mail servers wrongly caught %d of %d (%s)\n",
	    hits["consumer"], total["consumer"], pct(hits["consumer"], total["consumer"]),
	    hits["mailserver"], total["mailserver"], pct(hits["mailserver"], total["mailserver"])
}
