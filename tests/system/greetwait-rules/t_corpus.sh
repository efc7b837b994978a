#!/bin/sh
# The default patterns against the labelled corpus of real PTR names
# (tests/corpus/ptr.tsv, 1,509 names): cdb/patterns compiled by
# greetwait-rules, every name run through greetwait itself with its
# address (tests/corpus/classify.sh).  They must catch at least 90% of
# the consumer names and at most 0.5% of the mail servers; the figures
# are printed.  make bench prints the table per family.
. "$(dirname "$0")/../lib.sh"
need_greetwait
CORPUS=$ROOT/tests/corpus
"$GWRULES" -p "$T/patterns.cdb" "$ROOT/cdb/patterns"
assert_eq "greetwait-rules compiles cdb/patterns" 0 "$?"
sh "$CORPUS/classify.sh" "$GW" "$T/patterns.cdb" <"$CORPUS/ptr.tsv" >"$T/decided"
assert_eq "greetwait decides every name" 0 "$?"
assert_eq "one decision per corpus name" "$(($(wc -l <"$CORPUS/ptr.tsv") - 1))" "$(wc -l <"$T/decided")"
set -- $(awk -v summary=1 -f "$CORPUS/tally.awk" "$T/decided")
# consumer CAUGHT NAMES mailserver CAUGHT NAMES
echo "corpus: consumer names caught $2 of $3, mail servers wrongly caught $5 of $6"
assert_eq "the corpus has consumer and mail-server names" "consumer mailserver" "$1 $4"
if [ "$3" -gt 0 ] && [ $(($2 * 1000)) -ge $(($3 * 900)) ]; then
	pass "at least 90% of consumer names caught ($2 of $3)"
else
	fail "fewer than 90% of consumer names caught ($2 of $3)"
fi
if [ "$6" -gt 0 ] && [ $(($5 * 1000)) -le $(($6 * 5)) ]; then
	pass "at most 0.5% of mail servers caught ($5 of $6)"
else
	fail "more than 0.5% of mail servers caught ($5 of $6):"
	awk -F'\t' '$1 == "mailserver" && $4 ~ /^pattern:/ && $5 + 0 > 1' "$T/decided" | head -20
fi
# The issue 11 forms by name: a mail word beside the server's own address,
# or a brand holding a keyword, spares it; the other forms are caught.
{
	printf 'label\tfamily\tip\tname\tsource\n'
	printf 'mailserver\tx\t66.220.155.151\t66-220-155-151.mail-mail.facebook.com\tx\n'
	printf 'mailserver\tx\t167.89.97.77\to167-89-97-77.outbound-mail.sendgrid.net\tx\n'
	printf 'mailserver\tx\t162.62.58.211\tout162-62-58-211.mail.qq.com\tx\n'
	printf 'mailserver\tx\t40.92.74.62\tmail-oln040092074062.outbound.protection.outlook.com\tx\n'
	printf 'mailserver\tx\t-\tmail9.dslextreme.com\tx\n'
	printf 'mailserver\tx\t-\tmail.generaldynamics.com\tx\n'
	printf 'consumer\tx\t24.201.28.90\tmodemcable090.28-201-24.mc.videotron.ca\tx\n'
	printf 'consumer\tx\t80.35.201.118\t118.red-80-35-201.staticip.rima-tde.net\tx\n'
	printf 'consumer\tx\t72.108.136.87\t87.sub-72-108-136.myvzw.com\tx\n'
	printf 'consumer\tx\t137.74.152.232\tip232.ip-137-74-152.eu\tx\n'
	printf 'consumer\tx\t-\tvmi123456.contaboserver.net\tx\n'
	printf 'consumer\tx\t-\tli123-45.members.linode.com\tx\n'
	printf 'consumer\tx\t-\tcm114.gamma208.example.com.sg\tx\n'
	printf 'consumer\tx\t-\tfnafa-03p1-17.ppp11.example.ad.jp\tx\n'
} >"$T/named.tsv"
sh "$CORPUS/classify.sh" "$GW" "$T/patterns.cdb" <"$T/named.tsv" >"$T/named"
while IFS=$(printf '\t') read -r label family name why delay; do
	case $label:$why:$delay in
	mailserver:default:1.000 | mailserver:pattern:mailname:1.000) pass "$name: spared ($why)" ;;
	consumer:pattern:*:90.000) pass "$name: caught ($why)" ;;
	*) fail "$name ($label): $why delay=$delay" ;;
	esac
done <"$T/named"
assert_eq "every named form decided" 14 "$(wc -l <"$T/named")"
finish
