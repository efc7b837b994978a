#!/bin/sh
# make install honours PREFIX and DESTDIR: every program and manual page
# lands under DESTDIR/PREFIX, stripped binaries that run.
cd "$(dirname "$0")/../../.." || exit 111
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
make -s install DESTDIR="$T" PREFIX=/opt/gw >"$T/out" 2>&1 || { cat "$T/out"; echo "FAIL: make install: exit $?"; exit 1; }
for f in bin/greetwait bin/greetwait-rules bin/greetwait-stats bin/greetwait-helo \
	bin/greetwait-expire share/man/man8/greetwait.8 share/man/man8/greetwait-rules.8 \
	share/man/man8/greetwait-stats.8 share/man/man8/greetwait-helo.8 \
	share/man/man8/greetwait-expire.8 share/man/man5/greetwait-tables.5; do
	[ -f "$T/opt/gw/$f" ] || { echo "FAIL: $f not installed"; fail=1; }
done
"$T/opt/gw/bin/greetwait" 2>"$T/err"; rc=$?
[ $rc = 100 ] || { echo "FAIL: installed greetwait without prog: exit $rc, want 100"; fail=1; }
grep -q '^greetwait: usage: ' "$T/err" || { echo "FAIL: no usage line"; fail=1; }
if command -v file >/dev/null; then
	file "$T/opt/gw/bin/greetwait" | grep -q 'statically linked' || { echo "FAIL: not static"; fail=1; }
	file "$T/opt/gw/bin/greetwait" | grep -q 'not stripped' && { echo "FAIL: not stripped"; fail=1; }
fi
[ $fail = 0 ] && echo "ok: make install"
exit $fail
