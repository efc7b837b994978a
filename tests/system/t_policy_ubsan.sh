#!/bin/sh
# policy's unit test built with UBSan (-fsanitize=undefined, every report
# fatal) and run: each why, with and without a suffix, is written without
# undefined behaviour (memcpy from a null pointer, even of 0 bytes, is).
. "$(dirname "$0")/lib.sh"
CC=${CC:-cc}
if ! $CC -std=c99 -D_GNU_SOURCE -g -O1 -fsanitize=undefined -fno-sanitize-recover=all \
	-I"$ROOT/src" -o "$T/test_policy" "$ROOT/tests/unit/test_policy.c" \
	"$ROOT/src/policy.c" "$ROOT/src/duration.c" -lcmocka -lowfat 2>"$T/cc.err"; then
	fail "cannot build the policy test under UBSan:"
	sed 's/^/    /' "$T/cc.err"
	finish
fi
"$T/test_policy" >"$T/out" 2>&1
assert_eq "policy test under UBSan: exit code" 0 "$?"
assert_no_match "no UBSan report" 'runtime error' "$(cat "$T/out")"
finish
