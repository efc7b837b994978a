#!/bin/sh
# Run every benchmark (tests/bench/*.sh but this one); each prints figures.
cd "$(dirname "$0")/../.." || exit 111
rc=0
for b in tests/bench/*.sh; do
	[ "$b" = tests/bench/run.sh ] && continue
	echo "== $b"
	sh "$b" || rc=1
done
exit $rc
