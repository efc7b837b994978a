#!/bin/sh
# greetwait-rules reads lines with their real lengths: a NUL byte is
# reported as FILE:LINE: NUL byte (exit 100, old table untouched), never
# as an overlong line and never cutting the line short (what follows the
# NUL must not vanish); the 1024-character limit still holds for real
# long lines, with or without a last newline.
. "$(dirname "$0")/../lib.sh"
need_greetwait
printf '*dsl*  dynamic\n' | patterns_cdb "$T/patterns.cdb"
printf '127.0.0.0/8\n' | whitelist_cdb "$T/whitelist.cdb"
cp "$T/patterns.cdb" "$T/patterns.old"
cp "$T/whitelist.cdb" "$T/whitelist.old"

# refused WHAT KIND TABLE LINENO REASON: $T/src is refused at LINENO for REASON.
refused() {
	"$GWRULES" "$2" "$T/$3" "$T/src" 2>"$T/err"
	assert_eq "$1: exit code" 100 "$?"
	assert_eq "$1: message" "greetwait-rules: fatal: $T/src:$4: $5" "$(cat "$T/err")"
	assert_bytes "$1: old table untouched" "$T/${3%.cdb}.old" "$T/$3"
	assert_eq "$1: no temporary file left" "" "$(ls "$T" | grep '\.tmp')"
}
# src PYTHON-BYTES: write $T/src from a Python bytes literal.
src() {
	$PY -c 'import sys; open(sys.argv[1], "wb").write(eval(sys.argv[2]))' "$T/src" "$1"
}

# The faults found: a last line without its newline lost what followed the
# NUL, and was accepted.
src 'b"192.0.2.1\0 junk 1 2 3"'
refused "whitelist, NUL in a last line" -w whitelist.cdb 1 "NUL byte"
src 'b"*pool*\0 junk"'
refused "patterns, NUL in a last line" -p patterns.cdb 1 "NUL byte"
# ... and with its newline, a NUL read as an overlong line.
src 'b"*dsl*  dynamic\n*a\0b*  x\n*c*  y\n"'
refused "patterns, NUL in line 2" -p patterns.cdb 2 "NUL byte"
src 'b"127.0.0.1\n\0\n"'
refused "whitelist, a line that is one NUL" -w whitelist.cdb 2 "NUL byte"
# Without the NUL the same text is refused for what it says.
src 'b"192.0.2.1 junk 1 2 3"'
"$GWRULES" -w "$T/whitelist.cdb" "$T/src" 2>"$T/err"
assert_eq "the same line without its NUL: exit code" 100 "$?"
assert_no_match "the same line without its NUL: not a NUL message" "NUL" "$(cat "$T/err")"

# Real long lines: 1024 characters pass, 1025 do not, newline or not.
src 'b"#" + b"x" * 1023 + b"\n*dsl*  dynamic\n"'
"$GWRULES" -p "$T/long.cdb" "$T/src" 2>"$T/err"
assert_eq "a 1024-character line: exit code" 0 "$?"
assert_match "a 1024-character line: the next line is filed" '\*dsl\*' "$(cdb -d "$T/long.cdb" 2>&1)"
src 'b"*dsl*  dynamic\n#" + b"x" * 1024 + b"\n"'
refused "a 1025-character line" -p patterns.cdb 2 "line longer than 1024 characters"
src 'b"*dsl*  dynamic\n\n#" + b"x" * 1024'
refused "a 1025-character last line without newline" -p patterns.cdb 3 "line longer than 1024 characters"
src 'b"#" + b"x" * 5000 + b"\n"'
refused "a 5001-character line" -p patterns.cdb 1 "line longer than 1024 characters"

# A read error mid-source (a directory reads as EISDIR) is system trouble.
mkdir "$T/dir"
"$GWRULES" -p "$T/patterns.cdb" "$T/dir" 2>"$T/err"
assert_eq "a source that cannot be read: exit code" 111 "$?"
assert_eq "a source that cannot be read: message" \
	"greetwait-rules: fatal: unable to read $T/dir: Is a directory" "$(cat "$T/err")"
assert_bytes "a source that cannot be read: old table untouched" "$T/patterns.old" "$T/patterns.cdb"
assert_eq "a source that cannot be read: no temporary file left" "" "$(ls "$T" | grep '\.tmp')"

# A last line without its newline is filed whole.
src 'b"*dsl*  dynamic\n*.pool.example.net  pool  30"'
"$GWRULES" -p "$T/last.cdb" "$T/src"
assert_eq "last line without newline: exit code" 0 "$?"
assert_match "last line without newline: filed whole" 'pool \*\.pool\.example\.net$' "$(cdb -d "$T/last.cdb")"
finish
