# greetwait-hold's helpers for its system tests, beside lib.sh (sourced
# after it): the holder under test, started and stopped; the crowd client.
HOLD=$BUILD/greetwait-hold
SOCK=$T/hold.sock
CROWD="$PY $SYS/greetwait-hold/crowd.py"

# start_holder [OPTION...]: greetwait-hold OPTIONS $SOCK, its stderr (the
# log lines of the connections it holds) appended to tcpserver's $LOG, so
# that lib.sh's gwlog sees every line (start it after tcpserver, which
# empties $LOG); sets HOLDER_PID once it answers -q.
start_holder() {
	bg "$HOLD" "$@" "$SOCK" 2>>"${LOG:-$T/log}"
	HOLDER_PID=$!
	waitfor 5 sh -c "'$HOLD' -q '$SOCK' >/dev/null 2>&1" ||
		{ fail "greetwait-hold did not start; its log:"; sed 's/^/    /' "${LOG:-$T/log}"; finish; }
}

# holder_status KEY: the value of KEY= in the holder's -q status.
holder_status() {
	"$HOLD" -q "$SOCK" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# max_children PID FILE: sample PID's children named greetwait every 10 ms
# until FILE.stop appears (at most 60 s); the largest count goes to FILE.
max_children() {
	_max=0 _n=0
	while [ ! -e "$2.stop" ] && [ $_n -lt 6000 ]; do
		_c=$(pgrep -c -x greetwait -P "$1")
		[ "$_c" -gt "$_max" ] && _max=$_c
		sleep 0.01
		_n=$((_n + 1))
	done
	echo "$_max" >"$2"
}

# held_is N: the holder holds exactly N clients now.
held_is() {
	[ "$(holder_status held)" = "$1" ]
}

# start_holder_jammed [--noproc] OPTION...: greetwait-hold OPTIONS $SOCK
# with its stderr a fifo whose pipe is full and that nobody reads until
# $T/go appears (logjam.py); what is read then goes to $T/holdlog. With
# --noproc the holder runs where /proc is an empty tmpfs (a mount
# namespace of its own: unshare -m, as root). Sets HOLDER_PID.
start_holder_jammed() {
	_noproc=""
	[ "$1" = --noproc ] && { _noproc=yes; shift; }
	rm -f "$T/go" "$T/log.fifo" "$T/log.fifo.ready" "$T/holdlog"
	mkfifo "$T/log.fifo"
	bg $PY "$SYS/greetwait-hold/logjam.py" "$T/log.fifo" "$T/go" "$T/holdlog"
	waitfor 5 test -e "$T/log.fifo.ready" || { fail "logjam.py did not start"; finish; }
	if [ -n "$_noproc" ]; then
		bg unshare -m sh -c 'mount -t tmpfs none /proc && exec "$0" "$@"' \
			"$HOLD" "$@" "$SOCK" 2>"$T/log.fifo"
	else
		bg "$HOLD" "$@" "$SOCK" 2>"$T/log.fifo"
	fi
	HOLDER_PID=$!
	waitfor 5 sh -c "'$HOLD' -q '$SOCK' >/dev/null 2>&1" ||
		{ fail "greetwait-hold did not start"; finish; }
}

# can_hide_proc: 0 if this test may run a program without /proc
# (unshare -m and a mount: root), and the programs can run there (the
# sanitizers' runtime reads /proc/self/maps as it starts).
can_hide_proc() {
	[ "$GW_BUILD" = build ] &&
		unshare -m sh -c 'mount -t tmpfs none /proc && ! test -e /proc/self' 2>/dev/null
}
