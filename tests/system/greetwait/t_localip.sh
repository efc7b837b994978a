#!/bin/sh
# -i: two real tcpservers, on 127.0.0.1 (the primary MX) and 127.0.1.1
# (the backup, listed with -i), sharing one pass cache: at the backup
# every client gets the long delay, a pass there is not recorded, and the
# cache does not shorten a wait there; at the primary all is as before.
# -C: the contact text in each refusal.
. "$(dirname "$0")/../lib.sh"
need_greetwait
rules '127.0.0.7:allow,TCPREMOTEHOST="dsl-7.example.net"'
patterns
mkdir "$T/cache"
GWOPTS="-p $T/patterns.cdb -c $T/cache -s 0.1 -l 0.5 -T 1 -i 127.0.1.0/24"
start_tcpserver "$GW" $GWOPTS /bin/echo "220 primary"
PRIMARY=$PORT
bg tcpserver -1 -v -R -H -l localhost -x "$T/tcp.cdb" -c 100 127.0.1.1 0 "$GW" $GWOPTS \
	/bin/echo "220 backup" >"$T/backup.port" 2>>"$LOG"
waitfor 5 test -s "$T/backup.port" || { fail "the backup's tcpserver did not start"; finish; }
BACKUP=$(head -n 1 "$T/backup.port")

# connect PORT IP [HOST]: from IP to HOST (127.0.0.1) at PORT; sets OUT, TOOK, LINE.
connect() {
	res=$($PY - "$1" "$2" "${3:-127.0.0.1}" <<'EOF'
import socket, sys, time
s = socket.socket(); s.bind((sys.argv[2], 0)); s.settimeout(5)
t = time.monotonic(); s.connect((sys.argv[3], int(sys.argv[1])))
line = s.makefile("rb").readline().decode().strip()
print("%.3f %s" % (time.monotonic() - t, line))
EOF
)
	TOOK=${res%% *}
	OUT=${res#* }
	LINE=$(grep " ip=$2 .*result=" "$LOG" | tail -n 1)
}

# dsl-127-0-0-3: a pattern's long delay at the primary, then a pass cache hit
connect $PRIMARY 127.0.0.3
assert_eq "primary, generated name: long delay" "pattern:dynamic 0.500 220 primary" \
	"$(field why "$LINE") $(field delay "$LINE") $OUT"
connect $PRIMARY 127.0.0.3
assert_eq "primary, after a pass: the cache" "cache 0.100" "$(field why "$LINE") $(field delay "$LINE")"
# the same client at the backup: the cache does not count there
connect $BACKUP 127.0.0.3 127.0.1.1
assert_eq "backup, known client: the long delay still" "pattern:dynamic 0.500 220 backup" \
	"$(field why "$LINE") $(field delay "$LINE") $OUT"
# a plain name: short at the primary, long at the backup
connect $PRIMARY 127.0.0.2
assert_eq "primary, plain name: the short delay" "default 0.100" "$(field why "$LINE") $(field delay "$LINE")"
connect $BACKUP 127.0.0.2 127.0.1.1
assert_eq "backup, plain name: the long delay" "localip 0.500 220 backup" \
	"$(field why "$LINE") $(field delay "$LINE") $OUT"
# a pass at the backup is not recorded: the next visit to the primary waits long
connect $BACKUP 127.0.0.7 127.0.1.1
assert_eq "backup, generated name: passed" "pattern:dynamic pass" "$(field why "$LINE") $(field result "$LINE")"
connect $PRIMARY 127.0.0.7
assert_eq "no record from the backup's pass: long at the primary" "pattern:dynamic 0.500" \
	"$(field why "$LINE") $(field delay "$LINE")"
assert_eq "the primary's pass was recorded" 1 "$(ls "$T/cache"/*/127.0.0.3 2>/dev/null | wc -l)"
stop_tcpserver

# -C: the contact text, in the 554 to an early talker and to a host with
# no PTR name (-n reject), and in -n tempfail's 421
LOG=$T/contact.log
start_tcpserver "$GW" -C 'write to postmaster@example.org' -n reject -s 0.5 -T 1 /bin/echo "220 ready"
$CLIENT pregreet --port "$PORT" --src 127.0.0.2 >"$T/early" 2>/dev/null
assert_eq "pregreet: contact in the 554" \
	"554 5.5.1 Protocol error: talking before the greeting; write to postmaster@example.org" \
	"$(head -n 1 "$T/early" | tr -d '\r')"
connect $PORT 127.0.0.4
assert_eq "no PTR: contact in the 554" \
	"554 5.7.25 Client host has no PTR record; write to postmaster@example.org" "$OUT"
stop_tcpserver
start_tcpserver "$GW" -C 'see https://example.org/mail' -n tempfail -s 0.5 -T 1 /bin/echo "220 ready"
connect $PORT 127.0.0.4
assert_eq "no PTR, tempfail: contact in the 421" \
	"421 4.7.25 Client host has no PTR record, try again later; see https://example.org/mail" "$OUT"
"$GW" -C "$(printf 'a\r\nb')" true 2>/dev/null
assert_eq "-C with a line break: usage" 100 $?
"$GW" -i 127.0.0.300 true 2>/dev/null
assert_eq "-i malformed: usage" 100 $?
finish
