#!/bin/sh
# greetwait-hold under real supervisors, on the run scripts examples/
# ships: runit (runsv running examples/runit/greetwait-hold/run, svlogd
# its log/run) and s6 (s6-svscan's s6-supervise running
# examples/s6/greetwait-hold/run, s6-log its log/run), only their paths
# and users put in by sed (the binary, /run/greetwait, the log
# directory; nobody for qmaild and qmaill). For each: the holder comes
# up as that user, greetwait -W under tcpserver (as the same user) hands
# it a long wait, and the client gets the server's greeting after the
# delay, logged through the service's logger. Then the holder is killed
# (SIGKILL) with its supervisor paused (SIGSTOP), so that it stays down a
# moment: the clients it held are dropped before any greeting; a
# connection made then is greetwait's own wait, logged with
# error="unable to hand over ...", and still served. The supervisor,
# continued, starts the holder again at once: -q answers, and the next
# connection is handed over, with no error= line. systemd, which
# supervises only as process 1, has its units checked by systemd-analyze
# verify.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/holder.sh"
[ "$(id -u)" = 0 ] || { fail "t_hold_supervised needs root: the run scripts change user"; finish; }
for p in runsv sv svlogd chpst s6-svscan s6-svstat s6-log s6-setuidgid execlineb; do
	command -v "$p" >/dev/null || { fail "$p is not installed (tests/deps.sh)"; finish; }
done
need_greetwait
rules
printf '*dsl*\tdynamic\n' | patterns_cdb
DIR=$T/run
SOCK=$DIR/hold.sock
USR=nobody
GRP=$(id -gn "$USR")
# The holder and greetwait run as nobody, who cannot write the sanitizer
# build's reports where run.sh wants them: into a folder of its own here,
# checked at the end.
. "$ROOT/tests/sanitizers.sh"
SAN=$T/sanitizer-nobody
mkdir "$SAN" && chown "$USR" "$SAN"
ASAN_OPTIONS=$(printf '%s' "${ASAN_OPTIONS:-}" | sed "s#log_path=[^:]*#log_path=$SAN/report#")
UBSAN_OPTIONS=$(printf '%s' "${UBSAN_OPTIONS:-}" | sed "s#log_path=[^:]*#log_path=$SAN/report#")
export ASAN_OPTIONS UBSAN_OPTIONS

# install_service NAME: $T/NAME/greetwait-hold, a service directory
# with examples/NAME/greetwait-hold's run and log/run, paths and users
# put in; its log goes to $T/NAME-log.
install_service() {
	_d=$T/$1/greetwait-hold
	mkdir -p "$_d/log"
	for _f in run log/run; do
		_src=$ROOT/examples/$1/greetwait-hold/$_f
		sed -e "s#/usr/local/bin/greetwait-hold#$HOLD#g" -e "s#/run/greetwait#$DIR#g" \
			-e "s#/var/log/greetwait-hold#$T/$1-log#g" -e "s#qmaild:nofiles#$USR:$GRP#g" \
			-e "s#qmaild#$USR#g" -e "s#qmaill#$USR#g" "$_src" >"$_d/$_f"
		chmod 755 "$_d/$_f"
	done
	assert_match "examples/$1/greetwait-hold/run runs the holder on /run/greetwait/hold.sock" \
		'/usr/local/bin/greetwait-hold .*(/run/greetwait/hold\.sock|"\$DIR/hold\.sock")' \
		"$(cat "$ROOT/examples/$1/greetwait-hold/run")"
	assert_eq "$1: nothing of the installed paths nor users left" "" \
		"$(grep -h -E '/usr/local|/run/greetwait|/var/log|qmail' "$_d/run" "$_d/log/run")"
}

# holder_pid NAME: the pid of the holder NAME's supervisor runs, as it says.
holder_pid() {
	case $1 in
	runit) sv status "$T/runit/greetwait-hold" | sed -n 's/^run: [^(]*(pid \([0-9]*\)).*/\1/p' ;;
	s6) s6-svstat -p "$T/s6/greetwait-hold" 2>/dev/null | grep -v '^-1$' ;;
	esac
}

# holder_up NAME PID: the holder NAME's supervisor runs is up, not PID,
# and answers -q.
holder_up() {
	_p=$(holder_pid "$1")
	[ -n "$_p" ] && [ "$_p" != "$2" ] && "$HOLD" -q "$SOCK" >/dev/null 2>&1
}

# held_lines NAME: the greetwait lines in the holder NAME's log, the
# logger's time stamp cut.
held_lines() {
	sed -n 's/^[^ ]* \(greetwait: \)/\1/p' "$T/$1-log/current" 2>/dev/null
}

# supervised NAME: the holder up under NAME's supervisor (already
# started) through a handoff, a kill and the restart.
supervised() {
	name=$1
	if ! waitfor 5 holder_up "$name" 0; then
		fail "$name: the holder did not come up"
		return
	fi
	pid=$(holder_pid "$name")
	assert_eq "$name: the holder runs as $USR" "$USR" "$(ps -o user= -p "$pid" | tr -d ' ')"
	line="greetwait: pid=[0-9]+ ip=127\.0\.0\.3 host=\"dsl-127-0-0-3\.example\.net\" why=pattern:dynamic delay=1\.000 result=pass waited=1\.0[0-9]{2}"

	$CROWD "$PORT" patient:127.0.0.3:1 >"$T/$name.first"
	assert_match "$name: handed over, the server's greeting after the long delay" \
		'^patient 127\.0\.0\.3 held=1\.[0-9]+ line="220 served" ' "$(cat "$T/$name.first")"
	waitfor 2 sh -c "grep -q 'result=pass' '$T/$name-log/current'"
	assert_match "$name: its line written by the holder, through the service's logger" "^$line\$" \
		"$(held_lines "$name")"

	$CROWD "$PORT" patient:127.0.0.3:2 >"$T/$name.killed" &
	crowd=$!
	waitfor 3 held_is 2 || fail "$name: the holder did not hold the two"
	super=$(ps -o ppid= -p "$pid" | tr -d ' ')
	kill -STOP "$super"
	kill -KILL "$pid"
	wait $crowd
	assert_eq "$name: killed, what it held is dropped before any greeting" 2 \
		"$(grep -c '^patient .* line="" eof=yes' "$T/$name.killed")"

	refused=$(grep -cF "error=\"unable to hand over to $SOCK: Connection refused\"" "$LOG")
	$CROWD "$PORT" patient:127.0.0.3:1 >"$T/$name.down"
	assert_match "$name: while it is down, still served after the long delay" \
		'^patient 127\.0\.0\.3 held=1\.[0-9]+ line="220 served" ' "$(cat "$T/$name.down")"
	waitfor 2 lines_at_least $((refused + 1)) 'Connection refused' "$LOG"
	assert_match "$name: and logged by greetwait, which waited itself" \
		"^$line error=\"unable to hand over to .*: Connection refused\"\$" "$(gwlog | tail -n 1)"

	kill -CONT "$super"
	if ! waitfor 5 holder_up "$name" "$pid"; then
		fail "$name: the supervisor did not start the holder again"
		return
	fi
	pid2=$(holder_pid "$name")
	assert_eq "$name: restarted by the same supervisor" "$super" "$(ps -o ppid= -p "$pid2" | tr -d ' ')"
	gwlines=$(gwlog | wc -l)
	$CROWD "$PORT" patient:127.0.0.3:1 >"$T/$name.after"
	assert_match "$name: restarted, the next client served after the long delay" \
		'^patient 127\.0\.0\.3 held=1\.[0-9]+ line="220 served" ' "$(cat "$T/$name.after")"
	assert_eq "$name: and handed over at once: no line from greetwait itself" "$gwlines" "$(gwlog | wc -l)"
	waitfor 2 sh -c "[ \$(grep -c 'result=pass' '$T/$name-log/current') -ge 2 ]"
	assert_match "$name: its line from the new holder, through the logger" "^$line\$" \
		"$(held_lines "$name" | tail -n 1)"
	assert_eq "$name: two lines in the holder's log (the dropped clients have none)" 2 "$(held_lines "$name" | grep -c 'result=')"
}

LOG=$T/log
: >"$LOG"
tcpserver_on "$LOG" "-v -R -H -l localhost -x $T/tcp.cdb -c 20 -b 100 -u $(id -u "$USR") -g $(id -g "$USR")" \
	"$GW" -W "$SOCK" -p "$T/patterns.cdb" -s 0.1 -l 1 -T 1 sh -c 'echo "220 served"'

install_service runit
bg runsv "$T/runit/greetwait-hold"
runsv=$!
supervised runit
pid=$(holder_pid runit)
kill "$runsv"
wait "$runsv"
if kill -0 "$pid" 2>/dev/null; then fail "runit: runsv stopped, the holder runs on"; else pass "runit: runsv stopped, and the holder with it"; fi
if [ -e "$SOCK" ]; then fail "runit: the stopped holder left its socket"; else pass "runit: the stopped holder removed its socket"; fi

install_service s6
bg s6-svscan "$T/s6"
svscan=$!
supervised s6
pid=$(holder_pid s6)
kill "$svscan"
wait "$svscan"
waitfor 2 sh -c "! kill -0 $pid 2>/dev/null"
if kill -0 "$pid" 2>/dev/null; then fail "s6: s6-svscan stopped, the holder runs on"; else pass "s6: s6-svscan stopped, and the holder with it"; fi
if [ -e "$SOCK" ]; then fail "s6: the stopped holder left its socket"; else pass "s6: the stopped holder removed its socket"; fi

# systemd supervises only as process 1, which it is not here: its units
# are checked by systemd-analyze verify, in a root of their own with the
# system's units, the programs they run and the man pages they name.
if command -v systemd-analyze >/dev/null; then
	R=$T/root
	mkdir -p "$R/etc/systemd/system" "$R/lib/systemd" "$R/usr/local/bin" "$R/usr/sbin" "$R/man/man8"
	cp -a /lib/systemd/system "$R/lib/systemd/"
	cp -R "$ROOT/examples/systemd/." "$R/etc/systemd/system/"
	cp "$HOLD" "$GW" "$R/usr/local/bin/"
	cp "$(command -v exim4 || echo /bin/true)" "$R/usr/sbin/exim4"
	cp "$ROOT"/man/*.8 "$R/man/man8/"
	out=$(cd "$R" && MANPATH=$R/man systemd-analyze verify --root="$R" greetwait-hold.service \
		greetwait.socket greetwait@1.service 2>&1)
	assert_eq "systemd-analyze verify: greetwait-hold.service, greetwait.socket, greetwait@.service and its hold.conf" \
		"0:" "$?:$out"
	u=$ROOT/examples/systemd
	hold_sock=$(sed -n 's/^ExecStart=.* \([^ ]*\)$/\1/p' "$u/greetwait-hold.service")
	assert_eq "the holder's unit listens on /run/greetwait/hold.sock" /run/greetwait/hold.sock "$hold_sock"
	assert_eq "greetwait's drop-in hands over to it" "$hold_sock" \
		"$(sed -n 's/^ExecStart=.* -W \([^ ]*\) .*/\1/p' "$u/greetwait@.service.d/hold.conf")"
	assert_eq "the socket's folder is the holder's RuntimeDirectory=" "/run/$(sed -n 's/^RuntimeDirectory=//p' \
		"$u/greetwait-hold.service")" "$(dirname "$hold_sock")"
	assert_eq "the holder runs as greetwait's User=" "$(sed -n 's/^User=//p' "$u/greetwait@.service")" \
		"$(sed -n 's/^User=//p' "$u/greetwait-hold.service")"
else
	echo "note: no systemd-analyze: the systemd units not verified"
fi

assert_eq "greetwait's own lines: one for each of the two while down" 2 "$(gwlog | grep -c 'result=')"
sanitizer_reports "$SAN/report" || fail "sanitizer reports of the processes run as $USR (above)"
finish
