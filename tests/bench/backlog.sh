#!/bin/sh
# Bursts against tcpserver's listen queue: BENCH_BURSTS connections at
# once (default 2,000 and 10,000) against tcpserver -c 20 in front of
# greetwait -s 0.01, with -b 20 (tcpserver's default), 1024 and 4096 (the
# kernel's default cap, net.core.somaxconn); each client retries its SYN
# as the kernel does by default (6 times) and waits up to 20 s for its
# greeting. Prints, per run, how many were
# greeted, how many greetwait saw, and the kernel's listen queue overflow
# count; in a network namespace of its own (unshare -n) when it can be.
# tests/system/greetwait/t_backlog.sh is the pass/fail test of the same.
cd "$(dirname "$0")/../.." || exit 111
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
	in_netns() { unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"; }
else
	echo "(no network namespace of its own: the overflow counts are the machine's)"
	in_netns() { "$@"; }
fi
for n in ${BENCH_BURSTS:-2000 10000}; do
	for b in 20 1024 4096; do
		: >"$tmp/log"
		out=$(in_netns python3 tests/system/burst.py -n "$n" -c 20 -b "$b" --syn-retries 6 \
			--deadline 20 --log "$tmp/log" -- build/greetwait -n accept -s 0.01 /bin/echo "220 ready")
		reached=$(grep -c ' result=pass ' "$tmp/log")
		echo "$out" | awk -v b="$b" -v r="$reached" '{
			for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			printf "  burst %6d  -b %-5d greeted %6d  lost %6d (%5.1f%%)  greetwait ran %6d  overflows %6d  %5.1f s\n",
				v["n"], b, v["greeted"], v["n"] - v["greeted"], 100 * (v["n"] - v["greeted"]) / v["n"], r, v["overflows"], v["seconds"]
		}'
	done
done
