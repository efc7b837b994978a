#!/bin/sh
# The core program's costs, side by side in one run:
#  1. per-connection overhead: greetwait deciding with the default tables
#     (no delay) then exec'ing /bin/true, against /bin/true alone;
#  2. binary size;
#  3. memory per waiting connection under tcpserver: static greetwait,
#     the same code linked dynamically, and rblsmtpd holding a client.
cd "$(dirname "$0")/../.." || exit 111
B=build
N=${BENCH_CONNECTIONS:-200}
command -v hyperfine >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq --no-remove hyperfine >/dev/null; }
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT

echo "-- per-connection overhead (decision with tables, delay 0, exec /bin/true)"
export TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=dsl-192-0-2-7.example.net
if command -v hyperfine >/dev/null; then
	hyperfine -N --warmup 100 --runs 2000 --style basic \
		"$B/greetwait -p cdb/patterns.cdb -w cdb/whitelist.cdb -s 0 -l 0 /bin/true" \
		"/bin/true" 2>/dev/null | grep -E 'Time|±|faster|Benchmark'
else
	echo "hyperfine not installed: skipped"
fi
unset TCPREMOTEIP TCPREMOTEHOST

echo "-- instructions greetwait itself runs per connection (callgrind; exec fails at the end)"
if command -v valgrind >/dev/null; then
	TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=dsl-192-0-2-7.example.net valgrind --tool=callgrind \
		--callgrind-out-file="$tmp/cg" $B/greetwait -p cdb/patterns.cdb -w cdb/whitelist.cdb \
		-s 0 -l 0 /nonexistent 2>/dev/null
	awk '/^summary:/ {print "  " $2 " instructions"}' "$tmp/cg"
fi

echo "-- lookup cost: 10 rules against 100,000 (instructions, callgrind)"
if command -v valgrind >/dev/null; then
	for n in 10 100000; do
		awk -v n=$n 'BEGIN { for (k = 1; k <= n; k++) {
			if (k % 3 == 0) printf "*-host%d-*.big.example shared\n", k
			else if (k % 3 == 1) printf "*.kw%d.* dynamic\n", k
			else printf "*-#-#-#-#.pool.isp%d.example.net pool\n", k } }' > "$tmp/p$n"
		$B/greetwait-rules -p "$tmp/p$n.cdb" "$tmp/p$n"
		for name in a-host9-b.big.example x-1-2-3-4.pool.isp8.example.net mail.example.org; do
			TCPREMOTEIP=192.0.2.7 TCPREMOTEHOST=$name valgrind --tool=callgrind \
				--callgrind-out-file="$tmp/cg$n" $B/greetwait -p "$tmp/p$n.cdb" -s 0 -l 0 \
				/nonexistent 2>/dev/null
			printf '  %6d rules  %-34s %8d instructions\n' $n $name \
				"$(awk '/^summary:/ {print $2}' "$tmp/cg$n")"
		done
	done
fi

echo "-- binary size, stripped (bytes)"
make -s build/greetwait-dynamic >/dev/null && cp build/greetwait-dynamic "$tmp/"
strip -o "$tmp/greetwait-static" $B/greetwait
strip "$tmp/greetwait-dynamic"
for f in "$tmp/greetwait-static" "$tmp/greetwait-dynamic" /usr/bin/rblsmtpd; do
	printf '  %-24s %9d\n' "$(basename "$f")" "$(stat -c %s "$f")"
done

echo "-- memory per waiting connection ($N held under tcpserver)"
port=$((20000 + $$ % 20000))
memavail() { awk '/^MemAvailable/ {print $2}' /proc/meminfo; }
measure() { # name, then the program tcpserver runs
	name=$1; shift
	tcpserver -c $((N + 10)) -H -R 127.0.0.1 $port "$@" 2>/dev/null &
	srv=$!
	sleep 0.3
	before=$(memavail)
	mkfifo "$tmp/go"
	python3 tests/bench/hold.py $port $N 127.0.0.1 30 < "$tmp/go" > "$tmp/held" &
	exec 9>"$tmp/go"
	i=0
	while [ $i -lt 100 ] && ! grep -q held "$tmp/held" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5
	after=$(memavail)
	pss=0 count=0
	for p in $(pgrep -P $srv); do
		v=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null)
		[ -n "$v" ] && pss=$((pss + v)) && count=$((count + 1))
	done
	exec 9>&-
	kill $srv 2>/dev/null; wait $srv 2>/dev/null
	rm -f "$tmp/go" "$tmp/held"
	sleep 0.3
	[ $count -gt 0 ] || { echo "$name: no process held"; return; }
	printf '%-20s %4d processes  Pss %6d kB each  MemAvailable drop %6d kB each\n' \
		"$name" $count $((pss / count)) $(((before - after) / count))
	port=$((port + 1))
}
measure "greetwait static" $B/greetwait -s 60 -l 60 /bin/true
measure "greetwait dynamic" "$tmp/greetwait-dynamic" -s 60 -l 60 /bin/true
measure "rblsmtpd" env RBLSMTPD=-blocked /usr/bin/rblsmtpd -t 60 /bin/true
