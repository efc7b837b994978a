#!/bin/sh
# greetwait-rules: a bad line stops it with FILE:LINE: reason and exit 100,
# leaving the old table as it was and no temporary file; system trouble is
# exit 111; every table it writes (also 100,000 rules, also the default
# tables in cdb/) reads back with TinyCDB's cdb -d, entry for entry.
. "$(dirname "$0")/../lib.sh"
need_greetwait
printf '*dsl*  dynamic\n' | patterns_cdb "$T/patterns.cdb"
printf '127.0.0.0/8\n' | whitelist_cdb "$T/whitelist.cdb"
cp "$T/patterns.cdb" "$T/patterns.old"
cp "$T/whitelist.cdb" "$T/whitelist.old"

# bad KIND LINENO SOURCE-TEXT: a source whose line LINENO is wrong
bad() {
	printf "$3" >"$T/src"
	"$GWRULES" "$1" "$T/$2" "$T/src" 2>"$T/err"
	rc=$?
	what="$1 line $4 '$(printf "$3" | sed -n "$4p")'"
	assert_eq "$what: exit code" 100 "$rc"
	assert_match "$what: error names the file and line" "^greetwait-rules: fatal: $T/src:$4: .+" "$(cat "$T/err")"
	assert_bytes "$what: old table untouched" "$T/${2%.cdb}.old" "$T/$2"
	assert_eq "$what: no temporary file left" "" "$(ls "$T" | grep '\.tmp')"
}
bad -p patterns.cdb '# comment\n*dyn*  dynamic\n*dsl*  Bad!Class\n' 3
bad -p patterns.cdb '*dsl*  dynamic  soon\n' 1
bad -p patterns.cdb '\n\n*dsl*  dynamic  1  extra\n' 3
bad -w whitelist.cdb '127.0.0.1\n10.0.0.0/33\n' 2
bad -w whitelist.cdb '2001:db8::/129\n' 1
bad -w whitelist.cdb '# c\n192.0.2.1/\n' 2
bad -w whitelist.cdb 'mail.example.org  0.2\nbad..name.example\n' 2

# From standard input the message still has the line number.
printf '*a*  ok\n*b*  not!ok\n' | "$GWRULES" -p "$T/patterns.cdb" 2>"$T/err"
assert_eq "stdin: exit code" 100 "$?"
assert_match "stdin: error has the line number" '^greetwait-rules: fatal: [^:]*:2: ' "$(cat "$T/err")"
assert_bytes "stdin: old table untouched" "$T/patterns.old" "$T/patterns.cdb"

# System trouble: 111, old table untouched.
"$GWRULES" -p "$T/patterns.cdb" "$T/no-such-source" 2>"$T/err"
assert_eq "unreadable source: exit code" 111 "$?"
assert_bytes "unreadable source: old table untouched" "$T/patterns.old" "$T/patterns.cdb"
printf '*a*\n' | "$GWRULES" -p "$T/no-such-dir/patterns.cdb" 2>"$T/err"
assert_eq "unwritable target: exit code" 111 "$?"
"$GWRULES" -x "$T/patterns.cdb" </dev/null 2>/dev/null
assert_eq "bad option: exit code" 100 "$?"

# readback KIND SOURCE ENTRIES: compile, dump with cdb -d, find each entry.
readback() {
	"$GWRULES" "$1" "$T/rb.cdb" "$2" || { fail "greetwait-rules $1 $2 failed"; return; }
	if cdb -d "$T/rb.cdb" >"$T/dump"; then pass "cdb -d reads $2"; else fail "cdb -d cannot read $2"; return; fi
	records=$(grep -c '^+' "$T/dump")
	if [ "$records" -gt "$3" ]; then
		pass "$2: $records records for $3 entries"
	else
		fail "$2: cdb -d shows $records records for $3 entries"
	fi
	missing=$($PY -c 'import sys
words = set(open(sys.argv[2], "rb").read().lower().split())
for line in open(sys.argv[1], "rb"):
    f = line.split(b"#", 1)[0].split() if line.lstrip().startswith(b"#") else line.split()
    if f and f[0].lower() not in words:
        print(f[0].decode("latin-1"))' "$2" "$T/dump" | head -n 5)
	assert_eq "$2: every entry is in the dump" "" "$missing"
	assert_eq "$2: dump ends with the blank line" "" "$(tail -n 1 "$T/dump")"
}
cat >"$T/p-src" <<'SRC'
# every form of glob
*{ip}*                       ipname
*-#-#-#-#.pool.example.net   pool    30
mx?.example.com              single  0.25
*.DYN.*                      dynamic
SRC
cat >"$T/w-src" <<'SRC'
127.0.0.0/8
192.0.2.7
::1
2001:db8::/32
mail.example.org  2
.example.com      0
SRC
readback -p "$T/p-src" 4
readback -w "$T/w-src" 6
$PY -c '[print("*.pool%d-*.isp%d.example  c%d" % (i, i % 977, i % 50)) for i in range(100000)]' >"$T/big-src"
readback -p "$T/big-src" 100000
$PY -c '[print("10.%d.%d.0/24" % (i // 256, i % 256)) for i in range(30000)]' >"$T/bigw-src"
readback -w "$T/bigw-src" 30000
for t in patterns whitelist; do
	if [ -f "$ROOT/cdb/$t" ]; then
		n=$(grep -v '^[[:space:]]*#' "$ROOT/cdb/$t" | grep -c '[^[:space:]]')
		k=-p; [ $t = whitelist ] && k=-w
		readback $k "$ROOT/cdb/$t" "$n"
	else
		fail "cdb/$t (a default table source) is missing"
	fi
done
finish
