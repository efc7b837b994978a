#!/bin/sh
# Run the system tests (every tests/system/PROGRAM/t_*.sh, or those named;
# each sources tests/system/lib.sh, the one harness) against
# the programs in GW_BUILD: build/ by default, or build/asan/ (make asan),
# the same programs under AddressSanitizer and UBSan; print one summary
# line. Each test's sanitizer reports go to build/asan/logs/ and fail it
# (tests/sanitizers.sh).
cd "$(dirname "$0")/../.." || exit 111
. tests/sanitizers.sh
GW_BUILD=${GW_BUILD:-build}
export GW_BUILD
logs=$PWD/build/asan/logs
mkdir -p "$logs"

# skip_reason TEST: why TEST does not run against GW_BUILD; empty if it runs.
skip_reason() {
	case $GW_BUILD:$1 in
	build:*) ;;
	*:tests/system/install/t_install.sh)
		echo "make install installs build/'s static stripped programs; the run against build/ tests it" ;;
	esac
}

# Another build than build/ is the sanitizers' (make asan): make sure it is
# (a program not built fails the tests that need it).
if [ "$GW_BUILD" != build ]; then
	for p in greetwait greetwait-rules greetwait-stats greetwait-helo greetwait-expire greetwait-hold; do
		[ -e "$GW_BUILD/$p" ] || continue
		nm "$GW_BUILD/$p" 2>/dev/null | grep -q __asan_init || {
			echo "FAIL: $GW_BUILD/$p is not built with the sanitizers (make asan)"
			echo "system: 0 passed, 1 failed ($GW_BUILD)"
			exit 1
		}
	done
fi
[ $# = 0 ] && set -- tests/system/*/t_*.sh
pass=0 fail=0 skip=0
for t in "$@"; do
	[ -f "$t" ] || continue
	why=$(skip_reason "$t")
	if [ -n "$why" ]; then
		skip=$((skip + 1)); echo "skip $t: $why"
		continue
	fi
	prefix=$logs/$(echo "$GW_BUILD" | tr / -)-$(basename "$t" .sh)
	rm -f "$prefix".*
	sanitizer_env "$prefix"
	out=$(mktemp)
	sh "$t" >"$out" 2>&1
	rc=$?
	# A test that calls a function no longer in lib.sh (a merge, a
	# rename) would go on without its assertion: that fails it too.
	if grep -Eq '^[^ ]+: [0-9]+: [^ ]+: not found$' "$out"; then
		echo "FAIL: $t calls a command that does not exist (above)" >>"$out"
		rc=1
	fi
	if sanitizer_reports "$prefix" >>"$out" && [ "$rc" = 0 ]; then
		pass=$((pass + 1)); echo "ok   $t"
	else
		fail=$((fail + 1)); echo "FAIL $t"; sed 's/^/    /' "$out"
	fi
	rm -f "$out"
done
echo "system: $pass passed, $fail failed ($GW_BUILD$([ "$skip" = 0 ] || echo ", $skip skipped"))"
[ "$fail" = 0 ]
