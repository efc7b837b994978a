#!/bin/sh
# make bench: run every benchmark script here; each prints its own figures.
cd "$(dirname "$0")/../.." || exit 111
for b in tests/bench/*.sh; do
	[ "$b" = tests/bench/run.sh ] && continue
	echo "== $b"
	sh "$b" || echo "bench $b failed: exit $?"
done
