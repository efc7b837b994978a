#!/bin/sh
# Tables at a million rules (issue 12), side by side in one run:
#  1. instructions one patterns lookup takes (table_lookup_pattern inside
#     greetwait, callgrind) with 10, 100,000 and 1,000,000 rules of the
#     eight shapes of issue 12, `*dslN*` (no literal but a short run inside
#     a label) among them, for a name of each shape, a name that matches
#     nothing and a digit-heavy one, as ratios against the 10-rule table;
#     the same for a whitelist lookup;
#  2. greetwait-rules compiling 1,000,000 patterns and 1,000,000 whitelist
#     entries against TinyCDB's `cdb -c -m` on the same source lines (as
#     many records), taking turns (A B A B), the median of BENCH_ROUNDS
#     rounds (default 5): wall time, CPU time, peak memory, and ratios,
#     with the load average before and after (the machine may be shared).
# Figures only.  BENCH_RULES (default 1000000) sets the largest table.
cd "$(dirname "$0")/../.." || exit 111
B=build
BIG=${BENCH_RULES:-1000000}
ROUNDS=${BENCH_ROUNDS:-5}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ]; then
	apt-get install -y -qq --no-remove time >/dev/null 2>&1
fi
make -s $B/greetwait $B/greetwait-rules >/dev/null || exit 111

# rules N: N patterns, rule k of shape (k - 1) % 8 with the number k in it
rules() {
	awk -v n="$1" 'BEGIN { for (k = 1; k <= n; k++) { s = (k - 1) % 8
		if (s == 0) printf "*.dyn.isp%d.example dynamic\n", k
		else if (s == 1) printf "*-#-#-#-#.pool%d.example pool\n", k
		else if (s == 2) printf "*dsl%d* dsl\n", k
		else if (s == 3) printf "*.cust.isp%d.example.net cust\n", k
		else if (s == 4) printf "host-#.res%d.example.com res 60\n", k
		else if (s == 5) printf "*.cable%d.example.net cable\n", k
		else if (s == 6) printf "ppp-#-#.dial%d.example.org dial\n", k
		else printf "*-{ip}.bb%d.example bb\n", k } }'
}
# whitelist N: N entries, an address, a prefix, a name and a domain in turn
whitelist() {
	awk -v n="$1" 'BEGIN { for (k = 1; k <= n; k++) { s = k % 4; a = int(k / 65536) % 256; b = int(k / 256) % 256
		if (s == 0) printf "10.%d.%d.%d\n", a, b, k % 256
		else if (s == 1) printf "2001:db8:%x:%x::/64 1\n", int(k / 65536), k % 65536
		else if (s == 2) printf "mail%d.example.org\n", k
		else printf ".sender%d.example.com 0\n", k } }'
}
for n in 10 100000 "$BIG"; do
	rules "$n" >"$T/p$n"
	$B/greetwait-rules -p "$T/p$n.cdb" "$T/p$n" || exit 111
	whitelist "$n" >"$T/w$n"
	$B/greetwait-rules -w "$T/w$n.cdb" "$T/w$n" || exit 111
done

echo "-- instructions per lookup (callgrind, table_lookup_pattern inside greetwait; client 192.0.2.7)"
if command -v valgrind >/dev/null; then
	# names: one of each shape, each matching a rule every table holds
	# (rules 1 to 8), then ones that match nothing: plain, digit-heavy, and
	# with a short run of its own (dsl77: keys of three bytes)
	names="a.dyn.isp1.example x-1-2-3-4.pool2.example xdsl3y.example.net a.cust.isp4.example.net
		host-7.res5.example.com x.cable6.example.net ppp-1-2.dial7.example.org
		x-192-0-2-7.bb8.example mail.example.org ip-10-123-45-67.static.isp7654321.example.org
		x.dsl77a.example.net"
	# count FUNCTION TABLE-OPTION NAME: the instructions FUNCTION runs
	count() {
		TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=$3 valgrind --tool=callgrind --toggle-collect="$1" \
			--callgrind-out-file="$T/cg" $B/greetwait $2 -s 0 -l 0 /nonexistent 2>/dev/null
		awk '/^summary:/ {print $2}' "$T/cg"
	}
	printf '  %-46s %9s %9s %9s %7s %7s\n' name 10 100000 "$BIG" ratio ratio
	for name in $names; do
		a=$(count table_lookup_pattern "-p $T/p10.cdb" "$name")
		b=$(count table_lookup_pattern "-p $T/p100000.cdb" "$name")
		c=$(count table_lookup_pattern "-p $T/p$BIG.cdb" "$name")
		echo "$name $a $b $c" | awk '{ printf "  %-46s %9d %9d %9d %6.2fx %6.2fx\n", $1, $2, $3, $4, $3 / $2, $4 / $2 }'
	done | tee "$T/ratios"
	awk '{ if ($6 + 0 > m) { m = $6 + 0; w = $1 } } END { printf "  most, %s rules against 10: %.2fx (%s)\n", "'"$BIG"'", m, w }' "$T/ratios"
	echo "  whitelist (table_lookup_whitelist; address 192.0.2.7, then the name):"
	for name in mail5.example.org x.sender7.example.com mail.example.org; do
		a=$(count table_lookup_whitelist "-w $T/w10.cdb" "$name")
		b=$(count table_lookup_whitelist "-w $T/w100000.cdb" "$name")
		c=$(count table_lookup_whitelist "-w $T/w$BIG.cdb" "$name")
		echo "$name $a $b $c" | awk '{ printf "  %-46s %9d %9d %9d %6.2fx %6.2fx\n", $1, $2, $3, $4, $3 / $2, $4 / $2 }'
	done
else
	echo "  valgrind not installed: skipped"
fi

echo "-- compiling $BIG records: greetwait-rules against TinyCDB's cdb -c -m on the same lines ($ROUNDS rounds, medians)"
if [ -x /usr/bin/time ] && command -v cdb >/dev/null; then
	echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
	: >"$T/times"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		for kind in p w; do
			/usr/bin/time -f "greetwait-rules-$kind %e %U %S %M" -a -o "$T/times" \
				$B/greetwait-rules -$kind "$T/out.cdb" "$T/$kind$BIG"
			/usr/bin/time -f "cdb-$kind %e %U %S %M" -a -o "$T/times" \
				cdb -c -m "$T/cdb.cdb" "$T/$kind$BIG"
		done
		r=$((r + 1))
	done
	for kind in p w; do
		[ $kind = p ] && what=patterns || what=whitelist
		for prog in greetwait-rules cdb; do
			grep "^$prog-$kind " "$T/times" | awk '{ print $2, $3 + $4, $5 }' >"$T/$prog"
			wall=$(cut -d' ' -f1 "$T/$prog" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")
			cpu=$(cut -d' ' -f2 "$T/$prog" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")
			mem=$(cut -d' ' -f3 "$T/$prog" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")
			echo "$prog $wall $cpu $mem" >>"$T/$kind.med"
		done
		awk -v what=$what '{ w[NR] = $2; c[NR] = $3; m[NR] = $4; p[NR] = $1 }
			END { for (i = 1; i <= 2; i++)
				printf "  %-9s %-16s %6.2f s wall %6.2f s cpu %8d kB\n", what, p[i], w[i], c[i], m[i]
			  printf "  %-9s ratio            %6.2fx wall %6.2fx cpu %8.2fx memory\n", what,
				w[1] / w[2], c[1] / (c[2] > 0 ? c[2] : 0.01), m[1] / m[2] }' "$T/$kind.med"
	done
	echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
else
	echo "  /usr/bin/time or cdb not installed: skipped"
fi
