#!/bin/sh
# Build every libFuzzer target the Makefile lists (FUZZ_TARGETS; set it in
# the environment to run only some), run it once on each reproducer of a
# defect found before (tests/fuzz/crashes/TARGET-*), then fuzz it for
# FUZZ_SECONDS (default 10) from its seeds in tests/fuzz/corpus/TARGET;
# new inputs go to build/fuzz/found/TARGET, crashes to
# build/fuzz/crashes/TARGET-*.  One line per target, then
# "fuzz: N passed, M failed"; exit 1 if any failed.  Skipped (exit 0)
# without clang.
cd "$(dirname "$0")/../.." || exit 111
command -v clang >/dev/null || { echo "fuzz: clang not installed: skipped"; exit 0; }
secs=${FUZZ_SECONDS:-10}
targets=${FUZZ_TARGETS:-$(make -s --no-print-directory fuzz-list)}
mkdir -p build/fuzz/crashes
# all at once on both cores; a target that does not build fails below
make -s -k -j2 --no-print-directory fuzz-targets >build/fuzz/build.log 2>&1
pass=0 fail=0
for t in $targets; do
	log=build/fuzz/$t.log
	if ! make -s --no-print-directory "build/fuzz/fuzz_$t" >"$log" 2>&1; then
		echo "fuzz $t: build FAILED"; sed 's/^/    /' "$log" | tail -20
		fail=$((fail + 1)); continue
	fi
	mkdir -p "build/fuzz/found/$t" "tests/fuzz/corpus/$t"
	bad=""
	for r in tests/fuzz/crashes/"$t"-*; do
		[ -f "$r" ] || continue
		timeout 60 "build/fuzz/fuzz_$t" "$r" >"$log" 2>&1 || { bad=$r; break; }
	done
	if [ -n "$bad" ]; then
		echo "fuzz $t: 0 executions, FAILED (reproducer $bad; log $log)"
		grep -E 'invariant broken|runtime error|ERROR: |SUMMARY' "$log" | head -4 | sed 's/^/    /'
		fail=$((fail + 1)); continue
	fi
	# libFuzzer stops itself after max_total_time; timeout is the backstop
	timeout $((secs + 120)) "build/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$t-" \
		"build/fuzz/found/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ $rc = 0 ]; then
		echo "fuzz $t: ${n:-0} executions"; pass=$((pass + 1))
	else
		echo "fuzz $t: ${n:-0} executions, FAILED (exit $rc; log $log)"
		grep -E 'invariant broken|runtime error|ERROR: |SUMMARY|Test unit written' "$log" |
			head -8 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed"
[ $fail = 0 ]
