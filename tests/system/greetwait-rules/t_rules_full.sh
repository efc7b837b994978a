#!/bin/sh
# greetwait-rules on a full disk: a write that fails anywhere fails the
# build with exit 111 and "unable to write ...: No space left on device",
# the old table stays byte for byte, no temporary file is left; after the
# rename the directory is synced. Needs root, for a small tmpfs of its own.
. "$(dirname "$0")/../lib.sh"
need_greetwait
if [ "$(id -u)" != 0 ]; then
	fail "this test needs root: it mounts a 2 MB tmpfs to fill"
	finish
fi
SMALL=$T/small
mkdir "$SMALL"
mount -t tmpfs -o size=2m tmpfs "$SMALL" || { fail "cannot mount a tmpfs on $SMALL"; finish; }
trap 'umount "$SMALL" 2>/dev/null; cleanup' EXIT

printf '127.0.0.0/8\nmail.example.org\n' | whitelist_cdb "$SMALL/whitelist.cdb"
printf '*dsl*  dynamic\n' | patterns_cdb "$SMALL/patterns.cdb"
cp "$SMALL/whitelist.cdb" "$T/whitelist.old"
cp "$SMALL/patterns.cdb" "$T/patterns.old"
# 200,000 addresses make a table of about 9 MB; 100,000 globs, about 8 MB.
$PY -c '[print("10.%d.%d.%d" % (i >> 16, (i >> 8) & 255, i & 255)) for i in range(200000)]' >"$T/w-big"
$PY -c '[print("*.pool%d-*.isp%d.example  c%d" % (i, i % 977, i % 50)) for i in range(100000)]' >"$T/p-big"

# full KIND TABLE SOURCE: compiling SOURCE into $SMALL/TABLE runs out of space.
full() {
	"$GWRULES" "$1" "$SMALL/$2" "$3" 2>"$T/err"
	rc=$?
	assert_eq "$2: exit code on a full disk" 111 "$rc"
	assert_match "$2: says it could not write" \
		"^greetwait-rules: fatal: unable to write $SMALL/$2\\.tmp\\.[0-9]+: No space left on device\$" \
		"$(cat "$T/err")"
	assert_bytes "$2: old table byte for byte" "$T/${2%.cdb}.old" "$SMALL/$2"
	assert_eq "$2: no temporary file left" "" "$(ls -a "$SMALL" | grep '\.tmp')"
}
full -w whitelist.cdb "$T/w-big"
full -p patterns.cdb "$T/p-big"

# The space is free again: a small table still builds there.
printf '192.0.2.0/24\n' >"$T/w-small"
"$GWRULES" -w "$SMALL/whitelist.cdb" "$T/w-small"
assert_eq "after the failures a small table builds" 0 "$?"
assert_match "and it is the new one" 'a192\.0\.2\.0/24' "$(cdb -d "$SMALL/whitelist.cdb")"

# After the rename, the directory holding the table is synced.
if command -v strace >/dev/null 2>&1; then
	strace_run -f -e trace=openat,open,fsync,rename,renameat,renameat2 -o "$T/trace" \
		"$GWRULES" -w "$SMALL/whitelist.cdb" "$T/w-small" 2>"$T/err"
	assert_eq "under strace: exit code" 0 "$?"
	synced=$(awk -v dir="\"$SMALL\"" '
		/rename/ && / = 0$/ { renamed = 1 }
		renamed && /open/ && index($0, dir ",") && /O_DIRECTORY/ { sub(/.*= /, ""); fd = $0 }
		renamed && fd != "" && $0 ~ ("fsync\\(" fd "\\) += 0$") { print "yes"; exit }
	' "$T/trace")
	assert_eq "the directory is fsynced after the rename" yes "$synced"
	[ "$synced" = yes ] || sed 's/^/    /' "$T/trace" | tail -n 8
else
	fail "strace is not installed (tests/deps.sh installs it)"
fi
finish
