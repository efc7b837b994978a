#!/bin/sh
# A local user who can write a shared cache directory plants buckets that
# are symbolic links (or no directories): greetwait follows none of them.
# It creates and touches nothing where they point, takes no record found
# there for a pass, logs error=, and the client still gets the real
# server. greetwait-expire skips such a bucket with a warning, cleans the
# others and exits 0, so that a daily cron job does not fail for ever.
. "$(dirname "$0")/../lib.sh"
need_greetwait
patterns
serve_rules '127.0.0.5:allow,TCPREMOTEHOST="dsl-127-0-0-5.example.net"' ':allow'

# The bucket 127.0.0.5 hashes to, as greetwait itself names it.
mkdir "$T/probe"
serve probe -p "$T/patterns.cdb" -s 0.05 -l 0.2 -c "$T/probe" /bin/echo "220 ready"
greetings "$PORT" 127.0.0.5 >/dev/null
logline probe 127.0.0.5 >/dev/null
hh=$(find "$T/probe" -type f -name 127.0.0.5 | sed 's#.*/\([0-9a-f][0-9a-f]\)/127.0.0.5$#\1#')
case "$hh" in [0-9a-f][0-9a-f]) pass "127.0.0.5 is filed under $hh" ;;
*) fail "no record in the probe cache: $(find "$T/probe")"; finish ;; esac

# one connection from 127.0.0.5 to server $1: a long pass, the real
# greeting, the error $2 logged; $3 names the case
check() {
	out=$(greetings "$PORT" 127.0.0.5)
	line=$(logline "$1" 127.0.0.5)
	assert_eq "$3: greeting" "220 ready" "$(echo "$out" | cut -d' ' -f3-)"
	assert_eq "$3: why" pattern:dynamic "$(field why "$line")"
	assert_eq "$3: result" pass "$(field result "$line")"
	case "$line" in
	*" error=\"$2"*) pass "$3: error logged" ;;
	*) fail "$3: want error=\"$2...\" in: $line" ;;
	esac
}

# The bucket is a symbolic link to a directory greetwait can write.
mkdir "$T/cache" "$T/elsewhere"
ln -s "$T/elsewhere" "$T/cache/$hh"
serve gw -p "$T/patterns.cdb" -s 0.05 -l 0.2 -c "$T/cache" -t 1h /bin/echo "220 ready"
check gw "unable to use cache bucket $T/cache/$hh: is a symbolic link; unable to record pass in cache bucket $T/cache/$hh: is a symbolic link\"" \
	"symlinked bucket"
assert_eq "symlinked bucket: nothing created where it points" "" "$(ls -A "$T/elsewhere")"
[ -L "$T/cache/$hh" ] && pass "symlinked bucket: left as it was" || fail "symlinked bucket replaced"

# A record planted where the link points is not taken for a pass, and is
# not renewed either.
: >"$T/elsewhere/127.0.0.5"
: >"$T/gw.log"
check gw "unable to use cache bucket $T/cache/$hh: is a symbolic link" "planted fresh record"
touch -d '2 hours ago' "$T/elsewhere/127.0.0.5"
: >"$T/gw.log"
check gw "unable to use cache bucket $T/cache/$hh: is a symbolic link" "planted stale record"
[ -z "$(find "$T/elsewhere/127.0.0.5" -mmin -60)" ] && pass "planted stale record: not touched" ||
	fail "planted stale record: its time was renewed"

# A dangling link: nothing is made at its target.
mkdir "$T/dangling"
ln -s "$T/nowhere" "$T/dangling/$hh"
serve dangling -p "$T/patterns.cdb" -s 0.05 -l 0.2 -c "$T/dangling" /bin/echo "220 ready"
check dangling "unable to use cache bucket $T/dangling/$hh: is a symbolic link" "dangling link"
[ ! -e "$T/nowhere" ] && pass "dangling link: target not created" || fail "dangling link: $T/nowhere created"

# A bucket that is a regular file.
mkdir "$T/filebucket"
: >"$T/filebucket/$hh"
serve file -p "$T/patterns.cdb" -s 0.05 -l 0.2 -c "$T/filebucket" /bin/echo "220 ready"
check file "unable to use cache bucket $T/filebucket/$hh: is not a directory" "file as bucket"
assert_eq "file as bucket: still an empty file" "$T/filebucket/$hh" "$(find "$T/filebucket/$hh" -type f -empty)"

# A record that is a symbolic link, in a real bucket: its target is not
# created, and it counts as no record.
mkdir -p "$T/linkrec/$hh"
ln -s "$T/elsewhere/made-by-greetwait" "$T/linkrec/$hh/127.0.0.5"
serve linkrec -p "$T/patterns.cdb" -s 0.05 -l 0.2 -c "$T/linkrec" -t 1h /bin/echo "220 ready"
greetings "$PORT" 127.0.0.5 >/dev/null
line=$(logline linkrec 127.0.0.5)
assert_eq "symlinked record: no pass from it" pattern:dynamic "$(field why "$line")"
case "$line" in
*' error="unable to record pass in cache '"$T"'/linkrec: Too many levels of symbolic links"') pass "symlinked record: logged" ;;
*) fail "symlinked record: $line" ;;
esac
[ ! -e "$T/elsewhere/made-by-greetwait" ] && pass "symlinked record: target not created" ||
	fail "symlinked record: target created"

# greetwait-expire over a cache with a symlinked bucket (its target full
# of old records named like addresses) and a file named like a bucket.
mkdir -p "$T/exp/0b" "$T/exp/0c" "$T/target"
: >"$T/exp/0b/192.0.2.1"
: >"$T/exp/0b/192.0.2.2"
: >"$T/exp/0c/192.0.2.3"
: >"$T/target/192.0.2.4"
touch -d '2 hours ago' "$T/exp/0b/192.0.2.1" "$T/exp/0c/192.0.2.3" "$T/target/192.0.2.4"
ln -s "$T/target" "$T/exp/0a"
: >"$T/exp/ff"
"$GWEXPIRE" -v -t 1h "$T/exp" >"$T/out" 2>"$T/err"; rc=$?
assert_eq "expire: exit code" 0 "$rc"
assert_eq "expire: summary" "greetwait-expire: 1 records kept, 2 removed" "$(cat "$T/out")"
assert_eq "expire: warnings" "greetwait-expire: warning: skipped $T/exp/0a: is a symbolic link
greetwait-expire: warning: skipped $T/exp/ff: is not a directory" "$(sort "$T/err")"
[ ! -e "$T/exp/0b/192.0.2.1" ] && [ ! -e "$T/exp/0c/192.0.2.3" ] && pass "expire: old records removed" ||
	fail "expire: old records left: $(find "$T/exp")"
[ -e "$T/exp/0b/192.0.2.2" ] && pass "expire: young record kept" || fail "expire: young record removed"
[ -e "$T/target/192.0.2.4" ] && [ -L "$T/exp/0a" ] && [ -f "$T/exp/ff" ] &&
	pass "expire: nothing followed or removed outside the buckets" || fail "expire: touched $T/target or the planted files"
finish
