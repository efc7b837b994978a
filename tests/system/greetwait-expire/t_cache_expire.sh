#!/bin/sh
# greetwait-expire removes the records older than the TTL and nothing
# else; `make -C cdb expire` runs it; its exit codes.
. "$(dirname "$0")/../lib.sh"
need_greetwait
patterns
serve_rules '127.0.0.:allow,TCPREMOTEHOST="dsl.example.net"'
mkdir "$T/cache"
serve gw -p "$T/patterns.cdb" -s 0.05 -l 0.2 -c "$T/cache" /bin/echo "220 ready"
greetings "$PORT" 127.0.0.5 127.0.0.6 127.0.0.7 >/dev/null
old=$(find "$T/cache" -type f -name 127.0.0.5)
old2=$(find "$T/cache" -type f -name 127.0.0.7)
[ -n "$old" ] && [ -n "$old2" ] || { fail "records not made: $(find "$T/cache")"; finish; }
touch -d '2 hours ago' "$old"
touch -d '50 minutes ago' "$old2"
bucket=$(dirname "$old")
: >"$bucket/notes.txt"
touch -d '1 year ago' "$bucket/notes.txt"
ln -s /etc/passwd "$bucket/127.0.0.9"
mkdir "$T/cache/lost+found"

out=$("$GWEXPIRE" -v -t 1h "$T/cache"); rc=$?
assert_eq "exit code" 0 "$rc"
assert_eq "summary" "greetwait-expire: 2 records kept, 1 removed" "$out"
[ ! -e "$old" ] && pass "old record removed" || fail "old record still there"
[ -e "$old2" ] && pass "young record kept" || fail "young record removed"
[ -n "$(find "$T/cache" -name 127.0.0.6)" ] && pass "fresh record kept" || fail "fresh record removed"
[ -e "$bucket/notes.txt" ] && [ -L "$bucket/127.0.0.9" ] && pass "foreign files left alone" ||
	fail "foreign files touched"
assert_eq "quiet without -v" "" "$("$GWEXPIRE" -t 1h "$T/cache" 2>&1)"

make -s -C "$ROOT/cdb" expire CACHE="$T/cache" TTL=30m >/dev/null 2>&1
assert_eq "make -C cdb expire" 1 "$(find "$T/cache" -type f -name '127.*' | wc -l)"
assert_eq "records go on working" 1 "$(ls "$T/cache"/*/127.0.0.6 | wc -l)"

"$GWEXPIRE" -t 1h "$T/nonexistent" 2>"$T/err"; rc=$?
assert_eq "missing dir: exit" 111 "$rc"
assert_eq "missing dir: message" "greetwait-expire: fatal: unable to open $T/nonexistent: No such file or directory" \
	"$(cat "$T/err")"
usage="greetwait-expire: usage: greetwait-expire [ -t ttl ] [ -v ] cachedir"
"$GWEXPIRE" -t 0 "$T/cache" 2>"$T/err"; assert_eq "bad ttl: exit" 100 "$?"
assert_eq "bad ttl: message" "$usage" "$(cat "$T/err")"
"$GWEXPIRE" 2>"$T/err"; assert_eq "no dir: exit" 100 "$?"
assert_eq "no dir: message" "$usage" "$(cat "$T/err")"
"$GWEXPIRE" memcache:127.0.0.1:11211 2>"$T/err"; assert_eq "memcache: exit" 100 "$?"
assert_eq "memcache: message" "greetwait-expire: fatal: memcached expires records itself" "$(cat "$T/err")"
finish
