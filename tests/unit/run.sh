#!/bin/sh
# Run each cmocka test program; print one closing summary line. Programs
# built with the sanitizers (build/asan/test_*) report to build/asan/logs/,
# and a report fails the program (tests/sanitizers.sh).
cd "$(dirname "$0")/../.." || exit 111
. tests/sanitizers.sh
logs=$PWD/build/asan/logs
mkdir -p "$logs"
pass=0 fail=0
for t in "$@"; do
	name=unit-$(echo "$t" | tr / -)
	rm -f "$logs/$name".*
	sanitizer_env "$logs/$name"
	"$t"
	rc=$?
	if sanitizer_reports "$logs/$name" && [ "$rc" = 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1)); echo "FAILED: $t"
	fi
done
echo "unit: $pass passed, $fail failed (${1%/*})"
[ "$fail" = 0 ]
