#!/bin/sh
# A missing, empty, truncated, garbage, wrong-kind or not-a-file table
# never stops mail: greetwait logs error="..." and acts as if the table
# were empty (the dsl client gets the short delay, not the pattern's), and
# swaks still delivers through exim4. Table text that would reach the log
# (a class, a whitelist entry) is checked like greetwait-rules checks it:
# a record from another tool with a newline or escape codes in it is
# corrupt, and the log keeps one clean line per connection.
. "$(dirname "$0")/../lib.sh"
need_greetwait
setup_mta
rules

# retable IN OUT FROM TO: IN rebuilt by TinyCDB's cdb -c as OUT, with the
# bytes FROM replaced by TO (Python escapes) in every value.
retable() {
	cdb -d "$1" | $PY -c '
import codecs, sys
old, new = (codecs.escape_decode(a)[0] for a in sys.argv[1:3])
src, out, i = sys.stdin.buffer.read(), [], 0
while src[i:i + 1] == b"+":
	head, i = src[i + 1:src.index(b":", i)], src.index(b":", i) + 1
	klen, dlen = (int(n) for n in head.split(b","))
	key, data = src[i:i + klen], src[i + klen + 2:i + klen + 2 + dlen]
	i += klen + 2 + dlen + 1
	data = data.replace(old, new)
	out.append(b"+%d,%d:%s->%s\n" % (klen, len(data), key, data))
sys.stdout.buffer.write(b"".join(out) + b"\n")' "$3" "$4" | cdb -c "$2" || { fail "cdb -c failed"; finish; }
}

# release FIFO: open FIFO for writing while a reader waits in open(2), so
# that a greetwait stuck there (without the fix) goes on and ends.
release() {
	$PY -c '
import os, sys, time
for _ in range(10):
	try:
		os.close(os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK))
	except OSError:
		pass
	time.sleep(0.1)' "$1"
}

# A good table with many rules, to cut in half.
$PY -c 'print("*dsl*  dynamic"); [print("*-filler%d-*  filler" % i) for i in range(3000)]' | patterns_cdb "$T/good.cdb"
size=$(wc -c <"$T/good.cdb")
: >"$T/empty.cdb"
head -c "$((size / 2))" "$T/good.cdb" >"$T/truncated.cdb"
head -c -10 "$T/good.cdb" >"$T/short10.cdb"
head -c 1000 "$T/good.cdb" >"$T/shortheader.cdb"
# The last hash table's header entry moved past the end of the file.
$PY -c '
import struct, sys
b = bytearray(open(sys.argv[1], "rb").read())
b[255 * 8:255 * 8 + 8] = struct.pack("<II", len(b) + 4096, 2)
open(sys.argv[2], "wb").write(b)' "$T/good.cdb" "$T/pastend.cdb"
$PY -c 'import random, sys; r = random.Random(7); sys.stdout.buffer.write(bytes(r.randrange(256) for _ in range(4096)))' >"$T/garbage.cdb"
printf '127.0.0.3\n' | whitelist_cdb "$T/whitelist-not-patterns.cdb"
mkfifo "$T/fifo.cdb"
# A class and a whitelist entry with a newline, ESC and BEL, as another
# tool could write them.
retable "$T/good.cdb" "$T/class-escapes.cdb" 'dynamic' 'dyn\nfake=1\x1b[31m\x07'
printf '127.0.0.0/8\n' | whitelist_cdb "$T/entry.cdb"
retable "$T/entry.cdb" "$T/entry-escapes.cdb" ' 127.0.0.0/8' ' 127.0.0.0/8\nfake=1\x1b[31m\x07'

for kind in missing empty truncated short10 shortheader pastend garbage whitelist-not-patterns fifo \
	class-escapes entry-escapes; do
	case $kind in
	missing) why='unable to open [^"]*/missing\.cdb: file does not exist' ;;
	whitelist-not-patterns) why='unable to use [^"]*: not a greetwait patterns table' ;;
	fifo) why='unable to use [^"]*/fifo\.cdb: not a regular file' ;;
	class-escapes | entry-escapes) why='corrupt record in [^"]*' ;;
	*) why="unable to read [^\"]*/$kind\\.cdb: corrupt cdb[^\"]*" ;;
	esac
	LOG=$T/log.$kind
	# Each broken file as both tables, except the whitelist that is one.
	w="-w $T/$kind.cdb"
	[ $kind = whitelist-not-patterns ] && w=""
	start_tcpserver "$GW" -p "$T/$kind.cdb" $w -s 0.2 -l 2 -T 1 $MTA_CMD
	out=$(swaks --server 127.0.0.1:"$PORT" --local-interface 127.0.0.3 \
		--from a@example.org --to b@example.net --body "broken-$kind-$$" --timeout 5 2>&1)
	[ $kind = fifo ] && release "$T/fifo.cdb"
	assert_swaks_sent "$kind table" "$out"
	if mta_delivered "broken-$kind-$$"; then pass "$kind table: message delivered"; else fail "$kind table: message not delivered"; fi
	wait_ended 1
	assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=default delay=0\.200 result=pass waited=0\.2[0-9]{2} error="[^"]+"'
	assert_match "$kind table: error= says why" "error=\"([^\"]*; )?$why(; [^\"]*)?\"\$" "$(line_for 127.0.0.3)"
	assert_status 127.0.0.3 0
	# One line per connection, each tcpserver's or greetwait's, no control bytes.
	assert_eq "$kind table: one greetwait line per connection" "$(count_ended)" "$(gwlog | wc -l)"
	assert_eq "$kind table: every log line is tcpserver's or greetwait's" 0 \
		"$(grep -Evc '^(tcpserver|greetwait): ' "$LOG")"
	assert_eq "$kind table: no control bytes in the log" 0 "$(tr -d '\n' <"$LOG" | tr -dc '\000-\037\177' | wc -c)"
	stop_tcpserver
done
# The controls: the same client with the good table is caught by the
# pattern, and the class and entry rebuilt by TinyCDB unchanged are used.
retable "$T/good.cdb" "$T/class-tinycdb.cdb" 'dynamic' 'dynamic'
retable "$T/entry.cdb" "$T/entry-tinycdb.cdb" '127.0.0.0/8' '127.0.0.0/8'
LOG=$T/log.good
start_tcpserver "$GW" -p "$T/good.cdb" -s 0.2 -l 0.4 -T 1 $MTA_CMD
$CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 0.1 >/dev/null 2>&1
wait_ended 1
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=0\.400 result=hangup waited=0\.[0-9]{3}'
stop_tcpserver
LOG=$T/log.tinycdb
start_tcpserver "$GW" -p "$T/class-tinycdb.cdb" -s 0.2 -l 0.4 -T 1 $MTA_CMD
$CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 0.1 >/dev/null 2>&1
wait_ended 1
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=pattern:dynamic delay=0\.400 result=hangup waited=0\.[0-9]{3}'
stop_tcpserver
LOG=$T/log.entry
start_tcpserver "$GW" -w "$T/entry-tinycdb.cdb" -s 0.2 -l 0.4 -T 1 $MTA_CMD
$CLIENT hangup --port "$PORT" --src 127.0.0.3 --after 0.1 >/dev/null 2>&1
wait_ended 1
assert_line 127.0.0.3 'greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host="dsl-127-0-0-3\.example\.net" why=whitelist:127\.0\.0\.0/8 delay=0\.000 result=pass waited=0\.0[0-9]{2}'
finish
