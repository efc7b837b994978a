#!/bin/sh
# The greetwait-stats system tests again, against the build made with
# AddressSanitizer and UndefinedBehaviorSanitizer (make build/asan/greetwait-stats):
# any overflow, use after free, leak or undefined behaviour aborts the
# run, and the sub-test fails.
cd "$(dirname "$0")/../.." || exit 111
asan=build/asan/greetwait-stats
[ -x "$asan" ] || { echo "missing $asan: run make $asan"; exit 1; }
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99
export ASAN_OPTIONS UBSAN_OPTIONS
# Make sure the binary under test really is instrumented.
nm "$asan" 2>/dev/null | grep -q __asan_init || { echo "FAIL: $asan is not instrumented"; exit 1; }
failed=0
for t in tests/system/t_stats_*.sh; do
	[ "$t" = tests/system/t_stats_asan.sh ] && continue
	if STATS=$asan sh "$t" >/tmp/asan.$$ 2>&1; then echo "ok: $t under ASan"
	else echo "FAIL: $t under ASan"; sed 's/^/  | /' /tmp/asan.$$ | head -40; failed=1; fi
	rm -f /tmp/asan.$$
done
exit $failed
