#!/bin/sh
# The patterns table of issue 12 end to end: greetwait-rules refuses the
# glob that would be the 65th under one key (exit 100, FILE:LINE, old
# table untouched), so that a lookup reads at most 64 records a key;
# greetwait reads a patterns table of the format before (patterns 1, made
# here with TinyCDB's cdb -c) as empty and says so in error=; a table of
# 20,000 rules of the shapes of the issue, `*dslN*` among them, reads
# back with cdb -d (every glob there, and its !filter of 8 bytes for two
# records, rounded up to 256 parts) and greetwait finds the first rule that matches.
. "$(dirname "$0")/../lib.sh"
need_greetwait
printf '*dsl*  dynamic\n' | patterns_cdb "$T/patterns.cdb"
cp "$T/patterns.cdb" "$T/patterns.old"

# 65 globs with no literal run of three: all under the catch-all key
$PY -c 'print("\n".join("*" + "?" * k + "-{ip}* ipname" for k in range(65)))' >"$T/crowded"
"$GWRULES" -p "$T/patterns.cdb" "$T/crowded" 2>"$T/err"
assert_eq "65 globs under one key: exit code" 100 "$?"
assert_eq "65 globs under one key: message" \
	"greetwait-rules: fatal: $T/crowded:65: more than 64 patterns share every key this one could be filed under: give it a longer literal part" \
	"$(cat "$T/err")"
assert_bytes "65 globs under one key: old table untouched" "$T/patterns.old" "$T/patterns.cdb"
head -n 64 "$T/crowded" | patterns_cdb "$T/64.cdb"
pass "64 globs under one key: compiled"

# decide TABLE NAME: greetwait's log line for a client of that name
decide() {
	TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=$2 "$GW" -p "$1" -s 0 -l 0 /bin/true 2>&1
}
line=$(decide "$T/64.cdb" "a-192-0-2-7.example.net")
assert_match "64 globs under one key: the first matches" 'why=pattern:ipname' "$line"
assert_no_match "64 globs under one key: no error" 'error=' "$line"

# the format before issue 12, as TinyCDB writes it
printf '+10,10:!greetwait->patterns 1\n+4,13:gdsl->1 - dsl *dsl*\n\n' | cdb -c "$T/old.cdb" ||
	fail "cdb -c failed"
line=$(decide "$T/old.cdb" "dsl-1.example.net")
assert_match "format 1: read as empty" 'why=default' "$line"
assert_match "format 1: said in error=" \
	"error=\"unable to use $T/old.cdb: a patterns table in a format this greetwait does not know: rebuild it with its greetwait-rules\"" \
	"$line"

# 20,000 rules of the eight shapes of issue 12 (rule k of shape (k-1) % 8)
awk 'BEGIN { for (k = 1; k <= 20000; k++) { s = (k - 1) % 8
	if (s == 0) printf "*.dyn.isp%d.example dynamic\n", k
	else if (s == 1) printf "*-#-#-#-#.pool%d.example pool\n", k
	else if (s == 2) printf "*dsl%d* dsl\n", k
	else if (s == 3) printf "*.cust.isp%d.example.net cust\n", k
	else if (s == 4) printf "host-#.res%d.example.com res 60\n", k
	else if (s == 5) printf "*.cable%d.example.net cable\n", k
	else if (s == 6) printf "ppp-#-#.dial%d.example.org dial\n", k
	else printf "*-{ip}.bb%d.example bb\n", k } }' >"$T/big"
patterns_cdb "$T/big.cdb" <"$T/big"
if cdb -d "$T/big.cdb" >"$T/dump"; then pass "cdb -d reads 20,000 rules"; else fail "cdb -d cannot read 20,000 rules"; fi
missing=$($PY -c 'import sys
dump = open(sys.argv[2], "rb").read()
for line in open(sys.argv[1], "rb"):
    if b" - " + line.split()[1] + b" " + line.split()[0] + b"\n" not in dump and b" " + line.split()[0] + b"\n" not in dump:
        print(line.split()[0].decode())' "$T/big" "$T/dump" | head -n 3)
assert_eq "every glob is in the dump" "" "$missing"
# 20,001 records (the kind's too): 10,000 words, 8 bytes each, in 256 parts of 40
assert_match "the filter: 8 bytes for two records" '^\+7,81920:!filter->' "$(grep -a '!filter->' "$T/dump")"
for want in "xdsl3y.example.net dsl" "x.dsl19977y.example dsl" "a.dyn.isp1.example dynamic" \
	"x-1-2-3-4.pool19994.example pool" "host-7.res19997.example.com res" \
	"x-192-0-2-7.bb20000.example bb"; do
	set -- $want
	assert_match "20,000 rules: $1 is $2" "why=pattern:$2 " "$(decide "$T/big.cdb" "$1")"
done
line=$(decide "$T/big.cdb" "mail.example.org")
assert_match "20,000 rules: mail.example.org matches none" 'why=default' "$line"
assert_no_match "20,000 rules: no error" 'error=' "$line"
finish
