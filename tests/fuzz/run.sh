#!/bin/sh
# Build the libFuzzer target with clang and run it for a bounded time
# (FUZZ_SECONDS, default 10) from the seed corpus; skipped without clang.
cd "$(dirname "$0")/../.." || exit 111
command -v clang >/dev/null || { echo "fuzz: clang not installed: skipped"; exit 0; }
mkdir -p build/fuzz
clang -g -O1 -std=c99 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
	-o build/fuzz/fuzz_greetwait tests/fuzz/fuzz_greetwait.c \
	src/ip.c src/pattern.c src/rules.c src/table.c src/logline.c src/duration.c src/message.c -lowfat || exit 1
rm -rf build/fuzz/corpus && mkdir -p build/fuzz/corpus
i=0
for f in cdb/patterns cdb/whitelist; do
	while IFS= read -r line; do
		i=$((i + 1))
		k=0; [ "$f" = cdb/whitelist ] && k=1
		printf "\\$(printf %o $k)%s" "$line" > build/fuzz/corpus/seed$i
	done < "$f"
done
printf '\002*{ip}*\000dsl-192-0-2-7.example.net' > build/fuzz/corpus/glob
printf '\003::ffff:192.0.2.7' > build/fuzz/corpus/addr
[ -f cdb/patterns.cdb ] && { printf '\004'; cat cdb/patterns.cdb; } > build/fuzz/corpus/cdb
build/fuzz/fuzz_greetwait -max_total_time="${FUZZ_SECONDS:-10}" -max_len=4000 \
	-print_final_stats=1 build/fuzz/corpus 2>build/fuzz/log
rc=$?
grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' build/fuzz/log
rm -f /tmp/greetwait-fuzz-*.cdb
[ $rc = 0 ] && echo "fuzz: 1 passed, 0 failed" || { tail -40 build/fuzz/log; echo "fuzz: 0 passed, 1 failed"; }
exit $rc
