#!/bin/sh
# Run every system test (tests/system/t_*.sh) against build/; print a summary.
cd "$(dirname "$0")/../.." || exit 111
pass=0 fail=0 failed=""
for t in tests/system/t_*.sh; do
	[ -f "$t" ] || continue
	out=$(mktemp)
	if sh "$t" >"$out" 2>&1; then
		pass=$((pass + 1)); echo "ok   $t"
	else
		fail=$((fail + 1)); failed="$failed $t"; echo "FAIL $t"; sed 's/^/    /' "$out"
	fi
	rm -f "$out"
done
echo "system: $pass passed, $fail failed"
[ "$fail" = 0 ]
