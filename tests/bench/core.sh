#!/bin/sh
# The core program's costs, side by side in one run:
#  1. per-connection overhead: greetwait deciding with the default tables
#     (no delay) then exec'ing /bin/true, against /bin/true alone;
#  2. binary size;
#  3. kernel memory per held connection under tcpserver (N = 200 and
#     1,000, BENCH_HELD): static greetwait, the same code linked
#     dynamically, and rblsmtpd holding a client, beside a static program
#     that only polls its stdin (the floor), taking turns.
cd "$(dirname "$0")/../.." || exit 111
B=build
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

# Memory per held connection, from the kernel's own counters: the deltas
# of Slab, PageTables and KernelStack in /proc/meminfo while N
# connections are held, per connection, plus the held processes' Pss.
# (MemAvailable, used before, moves with the page cache of everything
# else on a shared machine: it swung by 20-30 kB per connection; so does
# AnonPages, the whole machine's, now shown beside the sum, not in it: it
# moved by -355 kB per connection once while another engineer's tests
# ran.) Beside greetwait, the same under tcpserver
# for a static program that only polls its stdin (tests/bench/floor.c):
# what any held connection costs, the socket at both ends, tcpserver's
# fork and a process. The programs take turns, round after round (A B A B),
# so that the rest of the machine weighs on each alike.
cc -O2 -static -o "$tmp/poll-floor" tests/bench/floor.c || exit 111
ROUNDS=${BENCH_ROUNDS:-2}
kernel_kb() { # Slab PageTables KernelStack AnonPages, kB
	awk '{ v[$1] = $2 } END { print v["Slab:"], v["PageTables:"], v["KernelStack:"], v["AnonPages:"] }' /proc/meminfo
}
# execd PID: how many of tcpserver PID's children run the program (a
# child still named tcpserver has not exec'd it yet).
execd() {
	ps -o comm= --ppid "$1" | grep -cvx tcpserver
}
# hold NAME N PROG...: tcpserver running PROG, N connections held; appends
# "NAME slab pagetables kernelstack anon pss" (kB per connection) to $tmp/rows.
# (-l localhost: without it tcpserver asks DNS for its own name before
# each exec; with 1,000 connections at once, 946 of its children were
# still tcpserver, waiting for the answer, 0.5 s later, and they were
# counted as held and their Pss summed.)
hold() {
	name=$1 n=$2
	shift 2
	rm -f "$tmp/port" "$tmp/held" "$tmp/go"
	tcpserver -1 -c $((n + 10)) -b $((n + 10)) -H -R -l localhost 127.0.0.1 0 "$@" >"$tmp/port" 2>/dev/null &
	srv=$!
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	mkfifo "$tmp/go"
	python3 tests/bench/hold.py "$(cat "$tmp/port")" "$n" 127.0.0.1 120 <"$tmp/go" >"$tmp/held" &
	client=$!
	exec 9>"$tmp/go"
	i=0
	while ! grep -q ready "$tmp/held" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	sleep 0.3
	before=$(kernel_kb)
	echo go >&9
	i=0
	while [ "$(execd $srv)" -lt "$n" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	sleep 0.5
	after=$(kernel_kb)
	count=$(execd $srv)
	pss=0
	for p in $(pgrep -P $srv); do
		v=$(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null)
		pss=$((pss + ${v:-0}))
	done
	exec 9>&-
	wait $client 2>/dev/null
	kill $srv 2>/dev/null
	wait $srv 2>/dev/null
	sleep 0.5
	if [ "$count" != "$n" ]; then
		echo "  $name: $count of $n connections held: not counted"
		return
	fi
	echo "$name $before $after $pss" | awk -v n="$n" '{
		printf "%s %.1f %.1f %.1f %.1f %.1f\n", $1, ($6 - $2) / n, ($7 - $3) / n, ($8 - $4) / n, ($9 - $5) / n, $10 / n
	}' >>"$tmp/rows"
}
for N in ${BENCH_HELD:-200 1000}; do
	echo "-- kernel memory per held connection, $N held under tcpserver (kB each, $ROUNDS rounds)"
	: >"$tmp/rows"
	hold warm-up "$N" "$tmp/poll-floor"
	: >"$tmp/rows"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		hold greetwait-static "$N" $B/greetwait -s 120 -l 120 /bin/true
		hold poll-stdin-floor "$N" "$tmp/poll-floor"
		hold greetwait-dynamic "$N" "$tmp/greetwait-dynamic" -s 120 -l 120 /bin/true
		hold rblsmtpd "$N" env RBLSMTPD=-blocked /usr/bin/rblsmtpd -t 120 /bin/true
		r=$((r + 1))
	done
	awk '
	BEGIN { printf "  %-18s %7s %10s %11s %7s %7s  %9s\n", "program", "Slab", "PageTables", "KernelStack", "Pss", "sum", "AnonPages" }
	{
		sum = $2 + $3 + $4 + $6
		printf "  %-18s %7.1f %10.1f %11.1f %7.1f %7.1f  %9.1f\n", $1, $2, $3, $4, $6, sum, $5
		total[$1] += sum; rounds[$1]++
		if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
	}
	END {
		floor = rounds["poll-stdin-floor"] ? total["poll-stdin-floor"] / rounds["poll-stdin-floor"] : 0
		for (i = 1; i <= k; i++) {
			m = total[order[i]] / rounds[order[i]]
			if (floor > 0)
				printf "  mean %-18s %6.1f kB each  %5.2f x the floor  (%+.1f kB)\n", order[i], m, m / floor, m - floor
			else
				printf "  mean %-18s %6.1f kB each\n", order[i], m
		}
	}' "$tmp/rows"
done
