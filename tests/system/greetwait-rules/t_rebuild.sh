#!/bin/sh
# A table rebuilt by `make -C cdb` over and over while connections come
# in: every connection sees the old table or the new one, whole. Each
# version files the dsl client's pattern under another class (alpha,
# beta); a half-written table would show as error= or why=default.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules
mkdir "$T/cdb"
cp "$ROOT/cdb/Makefile" "$T/cdb/Makefile"
printf '127.0.0.1\n' >"$T/cdb/whitelist"
# Two versions of a patterns source that catch dsl-* as alpha or beta,
# big enough (2000 rules) that writing the table takes a while.
for class in alpha beta; do
	$PY -c 'import sys
print("dsl-*  %s  0.05" % sys.argv[1])
for i in range(2000): print("*-filler%d-*.example.com  filler" % i)' "$class" >"$T/patterns.$class"
done
version() { # version CLASS: make CLASS's source the current one (a new mtime)
	cp "$T/patterns.$1" "$T/cdb/patterns.new" && mv "$T/cdb/patterns.new" "$T/cdb/patterns"
}
version alpha
make -s -C "$T/cdb" RULES="$GWRULES" || { fail "make -C cdb failed"; finish; }
start_tcpserver "$GW" -p "$T/cdb/patterns.cdb" -w "$T/cdb/whitelist.cdb" -s 1 -T 1 true

# Rebuild, alternating versions, until the connections are done (at most
# 300 times); every make must succeed.
(
	i=0
	while [ ! -e "$T/stop" ] && [ $i -lt 300 ]; do
		if [ $((i % 2)) = 0 ]; then version beta; else version alpha; fi
		make -s -C "$T/cdb" RULES="$GWRULES" || echo "make failed" >>"$T/make-errors"
		i=$((i + 1))
	done
	echo "$i" >"$T/rebuilds"
) &
rebuilder=$!
BG_PIDS="$BG_PIDS $rebuilder"

# Meanwhile 4 clients connect 15 times each, one connection after another.
sleep 0.2
sent=60
for j in 1 2 3 4; do
	bg $CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 2 --repeat 15 >/dev/null 2>&1
done
wait_ended $sent 30
touch "$T/stop"
wait "$rebuilder"
rebuilds=$(cat "$T/rebuilds" 2>/dev/null || echo 0)
assert_match "the table was rebuilt at least 4 times meanwhile" '^([4-9]|[1-9][0-9]+)$' "$rebuilds"
assert_eq "every rebuild succeeded" "" "$(cat "$T/make-errors" 2>/dev/null)"
assert_eq "one log line per connection" "$sent" "$(gwlog | wc -l)"
bad=$(gwlog | grep -Ev '^greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:(alpha|beta) delay=0\.050 result=pass waited=[0-9]+\.[0-9]{3}$')
assert_eq "no connection saw a half-written table" "" "$bad"
assert_match "connections saw both versions" 'pattern:alpha' "$(gwlog | grep -m1 pattern:alpha)"
assert_match "connections saw both versions" 'pattern:beta' "$(gwlog | grep -m1 pattern:beta)"
assert_eq "no temporary file left" "" "$(ls "$T/cdb" | grep -v -e '^Makefile$' -e '^patterns$' -e '^whitelist$' -e '^patterns.cdb$' -e '^whitelist.cdb$')"
finish
