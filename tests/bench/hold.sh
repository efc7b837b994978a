#!/bin/sh
# greetwait-hold's costs, side by side in one run:
#  1. memory per held connection (N = 1,000 and 10,000, BENCH_HOLD_N):
#     greetwait -W handing every long wait to one greetwait-hold, against
#     greetwait holding each itself and a static program that only polls
#     its stdin (tests/bench/floor.c), all under tcpserver, taking turns
#     round after round; the kernel's counters (the deltas of Slab,
#     PageTables and KernelStack in /proc/meminfo) plus the Pss of every
#     process holding them (/proc/PID/smaps_rollup);
#  2. CPU per connection (tcpserver, its children and the holder), and
#     the seconds until all N are held;
#  3. what the handoff costs a connection in time (handoff_time.py);
#  4. the time to take in a burst of 10,000 at once with tcpserver -c 100
#     and until the last greeting, the holder against greetwait alone
#     (burst.py; about 3 minutes, BENCH_BURST_N and BENCH_BURST_C to change).
cd "$(dirname "$0")/../.." || exit 111
B=build
HOLD=$B/greetwait-hold
[ -x "$HOLD" ] || { echo "greetwait-hold is not built: skipped"; exit 0; }
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
cc -O2 -static -o "$tmp/poll-floor" tests/bench/floor.c || exit 111
ROUNDS=${BENCH_ROUNDS:-2}
HZ=$(getconf CLK_TCK)
ulimit -n "$(ulimit -Hn)" 2>/dev/null

kernel_kb() { # Slab PageTables KernelStack, kB
	awk '{ v[$1] = $2 } END { print v["Slab:"], v["PageTables:"], v["KernelStack:"] }' /proc/meminfo
}
pss_kb() { # the Pss of the pids given, summed
	_s=0
	for _p in "$@"; do
		_v=$(awk '/^Pss:/ {print $2}' /proc/$_p/smaps_rollup 2>/dev/null)
		_s=$((_s + ${_v:-0}))
	done
	echo $_s
}
cpu_ms() { # CPU ms: tcpserver's own, its reaped children's (cutime, cstime:
	# ticks summed from nanoseconds), its live children's and the holder's
	# (schedstat's nanoseconds: a short-lived child's ticks round to 0)
	{
		awk -v hz="$HZ" '{ print ($16 + $17) * 1000 / hz }' /proc/$1/stat
		for _p in $1 $(pgrep -P "$1") $2; do
			awk '{ print $1 / 1000000 }' /proc/$_p/schedstat 2>/dev/null
		done
	} | awk '{ s += $1 } END { printf "%.3f", s }'
}
settle() { # wait (up to 10 s) until Slab stops moving by more than 1 MB in half a second
	_i=0 _a=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
	while [ $_i -lt 20 ]; do
		sleep 0.5
		_b=$(awk '/^Slab:/ {print $2}' /proc/meminfo)
		[ $((_b - _a)) -lt 1024 ] && [ $((_a - _b)) -lt 1024 ] && return
		_a=$_b _i=$((_i + 1))
	done
}
held_now() { # NAME SRV: connections held now
	if [ "$1" = holder ]; then
		# a status the busy holder did not give in time counts 0 (so far)
		_h=$($HOLD -q "$tmp/hold.sock" 2>/dev/null | sed 's/^held=\([0-9]*\).*/\1/')
		echo "${_h:-0}"
	else
		pgrep -c -P "$2"
	fi
}

# hold NAME N PROG...: N connections held under tcpserver running PROG;
# appends "NAME kernel-kB pss-kB cpu-ms seconds" per connection to $tmp/rows.
# (-l localhost: without it tcpserver asks DNS for its own name before
# each exec, and its children would be counted while they still wait.)
hold() {
	name=$1 n=$2
	shift 2
	rm -f "$tmp/port" "$tmp/held" "$tmp/go" "$tmp/hold.sock"
	holder=""
	if [ "$name" = holder ]; then
		$HOLD -n $((n + 10)) "$tmp/hold.sock" 2>"$tmp/hold.log" &
		holder=$!
		i=0
		while ! $HOLD -q "$tmp/hold.sock" >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	fi
	tcpserver -1 -c $((n + 10)) -b $((n + 10)) -H -R -l localhost 127.0.0.1 0 "$@" >"$tmp/port" 2>/dev/null &
	srv=$!
	i=0
	while [ ! -s "$tmp/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	mkfifo "$tmp/go"
	python3 tests/bench/hold.py "$(cat "$tmp/port")" "$n" 127.0.0.1 300 <"$tmp/go" >"$tmp/held" &
	client=$!
	exec 9>"$tmp/go"
	i=0
	while ! grep -q ready "$tmp/held" && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	settle
	before=$(kernel_kb)
	pss0=$(pss_kb $holder)
	cpu0=$(cpu_ms $srv $holder)
	t0=$(date +%s.%N)
	echo go >&9
	i=0
	while [ "$(held_now "$name" $srv)" -lt "$n" ] 2>/dev/null && [ $i -lt 1200 ]; do sleep 0.1; i=$((i + 1)); done
	t1=$(date +%s.%N)
	sleep 0.5
	after=$(kernel_kb)
	count=$(held_now "$name" $srv)
	if [ "$name" = holder ]; then pss1=$(pss_kb $holder); else pss1=$(pss_kb $(pgrep -P $srv)); fi
	cpu1=$(cpu_ms $srv $holder)
	exec 9>&-
	wait $client 2>/dev/null
	kill $srv $holder 2>/dev/null
	wait $srv $holder 2>/dev/null
	sleep 1
	if [ "$count" != "$n" ]; then
		echo "  $name: $count of $n connections held: not counted"
		return
	fi
	echo "$name $before $after $pss0 $pss1 $cpu0 $cpu1 $t0 $t1" | awk -v n="$n" '{
		printf "%s %.1f %.1f %.3f %.2f\n", $1, (($5 - $2) + ($6 - $3) + ($7 - $4)) / n, ($9 - $8) / n,
			($11 - $10) / n, $13 - $12
	}' >>"$tmp/rows"
}
for N in ${BENCH_HOLD_N:-1000 10000}; do
	echo "-- per held connection, $N held under tcpserver ($ROUNDS rounds, A B C A B C)"
	: >"$tmp/rows"
	hold warm-up "$N" "$tmp/poll-floor"
	: >"$tmp/rows"
	r=1
	while [ $r -le "$ROUNDS" ]; do
		hold holder "$N" $B/greetwait -W "$tmp/hold.sock" -s 120 -l 120 /bin/true
		hold greetwait "$N" $B/greetwait -s 120 -l 120 /bin/true
		hold poll-stdin-floor "$N" "$tmp/poll-floor"
		r=$((r + 1))
	done
	awk '
	BEGIN { printf "  %-18s %9s %8s %8s %9s %10s\n", "program", "kernel kB", "Pss kB", "sum kB", "cpu ms", "all held s" }
	{
		printf "  %-18s %9.1f %8.1f %8.1f %9.3f %10.2f\n", $1, $2, $3, $2 + $3, $4, $5
		total[$1] += $2 + $3; cpu[$1] += $4; rounds[$1]++
		if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 }
	}
	END {
		alone = rounds["greetwait"] ? total["greetwait"] / rounds["greetwait"] : 0
		floor = rounds["poll-stdin-floor"] ? total["poll-stdin-floor"] / rounds["poll-stdin-floor"] : 0
		for (i = 1; i <= k; i++) {
			m = total[order[i]] / rounds[order[i]]
			printf "  mean %-16s %7.1f kB each, cpu %.3f ms", order[i], m, cpu[order[i]] / rounds[order[i]]
			if (alone > 0) printf "  %6.2f x greetwait alone", m / alone
			if (floor > 0) printf "  %6.2f x the floor", m / floor
			printf "\n"
		}
	}' "$tmp/rows"
done

echo "-- how long greetwait lives per connection (${BENCH_HANDOFF_RUNS:-200} runs each, taking turns)"
rm -f "$tmp/hold.sock"
$HOLD -n 100000 "$tmp/hold.sock" 2>/dev/null &
holder=$!
i=0
while ! $HOLD -q "$tmp/hold.sock" >/dev/null 2>&1 && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
python3 tests/bench/handoff_time.py "${BENCH_HANDOFF_RUNS:-200}" $B/greetwait "$tmp/hold.sock"
kill $holder
wait $holder 2>/dev/null

# The time to take in a burst: BENCH_BURST_N (10,000) connections at once
# against tcpserver -c BENCH_BURST_C (100), each client given a wait of
# BENCH_BURST_DELAY (0.5 s) with a teaser line when it begins, with the
# holder against greetwait alone, taking turns (A B A B), and the holder
# once more with a wait (BENCH_BURST_LONG, 10 s) that outlasts the
# intake, so that no pass (a fork of the holder per server) competes with
# it. Intake, not the listen queue's overflow: in a network namespace of
# its own the bench raises that namespace's net.core.somaxconn so that
# tcpserver -b holds the whole burst; where it cannot, the burst is
# paced so that no more are waiting than the machine's somaxconn holds.
N=${BENCH_BURST_N:-10000} C=${BENCH_BURST_C:-100} D=${BENCH_BURST_DELAY:-0.5} L=${BENCH_BURST_LONG:-10}
cap=$(cat /proc/sys/net/core/somaxconn)
waits=$(awk -v n="$N" -v c="$C" 'BEGIN { printf "%d", (n + c - 1) / c }')
echo "-- a burst of $N at once against tcpserver -c $C, each client's wait $D s ($ROUNDS rounds, A B C A B C)"
echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
	q=$((N + C + 100))
	echo "  net.core.somaxconn: $cap here; $q in the bench's network namespace, and tcpserver -b $q: the burst fits in the listen queue"
	burst() { exec unshare -n sh -c 'ip link set lo up && echo "$0" >/proc/sys/net/core/somaxconn && exec "$@"' \
		"$q" python3 tests/bench/burst.py -n "$N" -c "$C" -b "$q" "$@"; }
else
	echo "  net.core.somaxconn: $cap; no network namespace of its own: tcpserver -b $cap, and never more than $cap clients waiting"
	burst() { exec python3 tests/bench/burst.py -n "$N" -c "$C" -b "$cap" --queue "$cap" "$@"; }
fi
# run NAME DELAY [--hold PROG]: one burst; appends "NAME burst: ..." to
# $tmp/burst. (burst execs burst.py in the background, waited for: a
# signal to this script stops it at once, and the EXIT trap's kill
# reaches burst.py, which stops its tcpserver and holder.)
run() {
	_name=$1 _d=$2
	shift 2
	: >"$tmp/burst.log"
	burst -l "$_d" --deadline "$(awk -v w="$waits" -v d="$_d" 'BEGIN { printf "%d", w * d * 2 + 120 }')" \
		--log "$tmp/burst.log" "$@" "$B/greetwait" >"$tmp/burst.out" &
	wait $!
	echo "$_name $(cat "$tmp/burst.out")" >>"$tmp/burst"
}
: >"$tmp/burst"
r=1
while [ $r -le "$ROUNDS" ]; do
	run holder "$D" --hold "$HOLD"
	run greetwait-alone "$D"
	run "holder-wait-$L" "$L" --hold "$HOLD"
	r=$((r + 1))
done
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v n="$N" -v c="$C" -v d="$D" -v waits="$waits" '
BEGIN { printf "  %-16s %9s %9s %7s %7s %5s %9s %9s %10s\n", "setup", "taken in", "greeted", "per s", "queued", "lost", "overflows", "fallbacks", "holder cpu" }
{
	for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
	printf "  %-16s %8.2fs %8.2fs %7d %7d %5d %9d %9d %9.2fs\n", $1, v["in_all"], v["greeted_all"],
		(v["in_all"] > 0 ? v["taken"] / v["in_all"] : 0), v["queued"], v["lost"], v["overflows"], v["fallbacks"], v["holder_cpu"]
	if (!($1 in k)) order[++m] = $1
	if (v["lost"] == 0) { taken[$1] += v["in_all"]; greeted[$1] += v["greeted_all"]; k[$1]++ } else k[$1] += 0
}
END {
	for (i = 1; i <= m; i++) {
		s = order[i]
		if (k[s]) printf "  mean %-18s all taken in %6.2f s (%d a second), all greeted %6.2f s\n", s, taken[s] / k[s], n * k[s] / taken[s], greeted[s] / k[s]
	}
	if (k["holder"] && k["greetwait-alone"])
		printf "  greetwait alone / holder: %.1f x the time to take the burst in, %.1f x the time until the last greeting\n",
			(taken["greetwait-alone"] / k["greetwait-alone"]) / (taken["holder"] / k["holder"]),
			(greeted["greetwait-alone"] / k["greetwait-alone"]) / (greeted["holder"] / k["holder"])
	printf "  (taken in: until the last client got its teaser, the moment its wait began: tcpserver\n"
	printf "  had accepted it and greetwait, or the holder, taken it; greeted: until the last one got\n"
	printf "  the server'"'"'s 220. With the holder a slot is held only for greetwait'"'"'s decision and the\n"
	printf "  handoff, so the intake does not depend on the wait; greetwait alone holds its slot for\n"
	printf "  the whole wait, %d clients a wait: %d waits of %s s for the burst (at the default -l 90,\n", c, waits, d
	printf "  %d x 90 s: arithmetic, not run). fallbacks: handoffs that failed (the line'"'"'s error=),\n", waits
	printf "  after which greetwait waited itself, in its slot. The last setup shows the holder'"'"'s\n"
	printf "  intake with no pass beside it, and the passes (a server forked each) after it.\n"
	printf "  A run with lost clients is left out of the means.)\n"
}' "$tmp/burst"
