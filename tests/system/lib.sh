# Helpers for greetwait's system tests; sourced by tests/system/PROGRAM/t_*.sh.
#
# Each test gets a temporary directory $T, removed on exit with every
# process the test started. Servers are the real tcpserver on 127.0.0.1;
# tcprules gives loopback source addresses the PTR names a test needs.
# Assertions print what was expected and what was seen, count failures,
# and `finish` turns the count into the exit code.

set -u
ROOT=${ROOT:-$(cd "$(dirname "$0")/../../.." && pwd)}
SYS=$ROOT/tests/system
# GW_BUILD chooses the programs under test: build (the default, what make
# builds) or build/asan (make asan: the same under AddressSanitizer and
# UBSan); make check runs the suite against both (tests/system/run.sh).
case ${GW_BUILD:=build} in /*) BUILD=$GW_BUILD ;; *) BUILD=$ROOT/$GW_BUILD ;; esac
GW=$BUILD/greetwait
GWRULES=$BUILD/greetwait-rules
GWEXPIRE=$BUILD/greetwait-expire
# Debian's python3 (tests/deps.sh installs it) starts in 40 ms; a python3
# wrapper earlier in PATH (pyenv) may take ten times that, which would blur
# the timings the tests measure.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
CLIENT="$PY $SYS/client.py"
TEST=$(basename "$0" .sh)

T=$(mktemp -d "${TMPDIR:-/tmp}/greetwait-$TEST.XXXXXX") || exit 111
chmod 755 "$T"
BG_PIDS=""
FAILURES=0
# Run alone, not from run.sh, a test still runs a sanitizer build with
# tests/sanitizers.sh's options; finish fails on the reports left in $T.
SANITIZER_LOG=""
if [ -z "${ASAN_OPTIONS:-}" ]; then
	. "$ROOT/tests/sanitizers.sh"
	SANITIZER_LOG=$T/sanitizer
	sanitizer_env "$SANITIZER_LOG"
fi

cleanup() {
	for p in $BG_PIDS; do kill "$p" 2>/dev/null; done
	for p in $BG_PIDS; do wait "$p" 2>/dev/null; done
	if [ -n "${KEEP:-}" ]; then echo "kept $T"; else rm -rf "$T"; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# bg CMD...: run CMD in the background and remember it for cleanup; $! is its pid.
bg() {
	"$@" &
	BG_PIDS="$BG_PIDS $!"
}

fail() {
	FAILURES=$((FAILURES + 1))
	echo "FAIL: $*"
}

pass() {
	echo "ok: $*"
}

# finish: the test's exit code; 0 when no assertion failed.
finish() {
	if [ -n "$SANITIZER_LOG" ] && ! sanitizer_reports "$SANITIZER_LOG"; then
		fail "sanitizer reports (above)"
	fi
	if [ "$FAILURES" != 0 ]; then
		echo "$TEST: $FAILURES assertion(s) failed"
		exit 1
	fi
	echo "$TEST: all assertions passed"
	exit 0
}

# need_greetwait: stop the test (as failed) when the programs are not built.
need_greetwait() {
	for p in "$GW" "$GWRULES"; do
		if [ ! -x "$p" ]; then
			fail "$p is not built (run make)"
			finish
		fi
	done
}

# strace_run ARG...: strace ARG... with the traced program's leak check
# off: LeakSanitizer cannot work under ptrace, and a sanitizer build
# would abort instead of exiting.
strace_run() {
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" strace "$@"
}

# free_port: print a TCP port on 127.0.0.1 nobody listens on now.
free_port() {
	$PY -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# now: seconds on the monotonic clock, with fractions.
now() {
	$PY -c 'import time; print("%.3f" % time.monotonic())'
}

# waitfor SECONDS CMD...: run CMD every 50 ms until it succeeds; 1 on timeout.
waitfor() {
	_n=$(awk -v s="$1" 'BEGIN { printf "%d", s * 20 }')
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.05
		_n=$((_n - 1))
	done
	"$@"
}

# rules [LINE...]: compile tcprules rules into $T/tcp.cdb: the LINEs first
# (first match wins), then the standard loopback names below.
rules() {
	{
		for _r in "$@"; do printf '%s\n' "$_r"; done
		cat <<-'RULES'
		127.0.0.1:allow,TCPREMOTEHOST="localhost"
		127.0.0.2:allow,TCPREMOTEHOST="mail.example.org"
		127.0.0.3:allow,TCPREMOTEHOST="dsl-127-0-0-3.example.net"
		127.0.0.4:allow,TCPREMOTEHOST=""
		:allow
		RULES
	} >"$T/tcp.rules"
	tcprules "$T/tcp.cdb" "$T/tcp.tmp" <"$T/tcp.rules" || { fail "tcprules failed"; finish; }
}

# patterns_cdb [FILE]: compile a patterns source from stdin into FILE
# (default $T/patterns.cdb) with greetwait-rules.
patterns_cdb() {
	"$GWRULES" -p "${1:-$T/patterns.cdb}" || { fail "greetwait-rules -p failed"; finish; }
}

# whitelist_cdb [FILE]: the same for a whitelist (default $T/whitelist.cdb).
whitelist_cdb() {
	"$GWRULES" -w "${1:-$T/whitelist.cdb}" || { fail "greetwait-rules -w failed"; finish; }
}

# start_tcpserver PROG [ARG...]: tcpserver on 127.0.0.1:$PORT running PROG
# for each connection, with $T/tcp.cdb (if any) as rules. No DNS: -H, and
# TCPREMOTEHOST comes only from the rules; no ident: -R; -l names the local
# host. Its stderr (tcpserver -v lines and the greetwait log) goes to $LOG.
start_tcpserver() {
	LOG=${LOG:-$T/log}
	_x=""
	[ -f "$T/tcp.cdb" ] && _x="-x $T/tcp.cdb"
	for _try in 1 2 3; do
		PORT=$(free_port)
		: >"$LOG"
		# shellcheck disable=SC2086
		bg tcpserver -v -R -H -l localhost $_x -c 100 127.0.0.1 "$PORT" "$@" 2>>"$LOG"
		TCPSERVER_PID=$!
		if waitfor 5 grep -q '^tcpserver: status: 0/' "$LOG"; then
			return 0
		fi
		kill "$TCPSERVER_PID" 2>/dev/null
	done
	fail "tcpserver did not start; its log:"
	sed 's/^/    /' "$LOG"
	finish
}

# stop_tcpserver: stop the running tcpserver (its children finish alone).
stop_tcpserver() {
	kill "$TCPSERVER_PID" 2>/dev/null
	wait "$TCPSERVER_PID" 2>/dev/null
}

# gwlog: the greetwait lines of the log so far.
gwlog() {
	grep '^greetwait: ' "${LOG:-$T/log}"
}

# count_ended: how many connections tcpserver has seen end.
count_ended() {
	grep -c '^tcpserver: end ' "${LOG:-$T/log}"
}

# lines_at_least N REGEX FILE: FILE has at least N lines matching REGEX.
lines_at_least() {
	[ "$(grep -Ec -- "$2" "$3" 2>/dev/null)" -ge "$1" ]
}

ended_at_least() {
	[ "$(count_ended)" -ge "$1" ]
}

# wait_ended N [SECONDS]: wait until N connections have ended (default 5 s).
wait_ended() {
	waitfor "${2:-5}" ended_at_least "$1" ||
		fail "expected $1 connection(s) to end within ${2:-5}s; $(count_ended) did"
}

# line_for IP: the (last) greetwait log line for a client address.
line_for() {
	gwlog | grep " ip=$1 " | tail -n 1
}

# status_for IP: tcpserver's exit status for the last connection from IP
# (the raw wait status: 0, or 256 * exit code).
status_for() {
	_pid=$(grep "^tcpserver: pid [0-9]* from $1\$" "${LOG:-$T/log}" | tail -n 1 | awk '{print $3}')
	[ -n "$_pid" ] || return 0
	grep "^tcpserver: end $_pid status " "${LOG:-$T/log}" | tail -n 1 | awk '{print $5}'
}

# assert_eq WHAT EXPECTED SEEN
assert_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1"
		echo "    expected: $2"
		echo "    seen:     $3"
	fi
}

# assert_match WHAT EXTENDED-REGEX TEXT
assert_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		pass "$1"
	else
		fail "$1"
		echo "    expected to match: $2"
		echo "    seen:              $3"
	fi
}

# assert_no_match WHAT EXTENDED-REGEX TEXT
assert_no_match() {
	if printf '%s\n' "$3" | grep -Eq -- "$2"; then
		fail "$1"
		echo "    expected not to match: $2"
		echo "    seen:                  $3"
	else
		pass "$1"
	fi
}

# assert_log_has REGEX: some greetwait log line matches the extended regex.
assert_log_has() {
	if gwlog | grep -Eq -- "$1"; then
		pass "log has /$1/"
	else
		fail "log has no line matching /$1/; greetwait lines:"
		gwlog | sed 's/^/    /'
	fi
}

# assert_line IP REGEX: the greetwait line for IP matches the whole regex.
assert_line() {
	_l=$(line_for "$1")
	if printf '%s\n' "$_l" | grep -Eq -- "^$2\$"; then
		pass "log line for $1"
	else
		fail "log line for $1"
		echo "    expected: /^$2\$/"
		echo "    seen:     ${_l:-(no line for ip=$1)}"
	fi
}

# assert_bytes WHAT EXPECTED-FILE SEEN-FILE: byte-for-byte equal files.
assert_bytes() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1 (bytes differ; cat -A shown)"
		echo "    expected:"
		cat -A "$2" | head -n 20 | cut -c1-160 | sed 's/^/      /'
		echo "    seen:"
		cat -A "$3" | head -n 20 | cut -c1-160 | sed 's/^/      /'
	fi
}

# assert_status IP CODE: greetwait (as seen by tcpserver) exited with CODE.
assert_status() {
	_s=$(status_for "$1")
	assert_eq "exit code for $1" "$2" "$(( ${_s:-9999} / 256 ))"
}

# assert_near WHAT EXPECTED SEEN TOLERANCE: |SEEN - EXPECTED| <= TOLERANCE.
assert_near() {
	if awk -v e="$2" -v s="$3" -v t="$4" 'BEGIN { d = s - e; if (d < 0) d = -d; exit !(s != "" && d <= t) }'; then
		pass "$1 ($3 within $4 of $2)"
	else
		fail "$1"
		echo "    expected: $2 +- $4"
		echo "    seen:     ${3:-(nothing)}"
	fi
}

# field KEY LINE: the value of KEY=value in a log line (unquoted form as is).
field() {
	printf '%s\n' "$2" | sed -n "s/.* $1=\\([^ ]*\\).*/\\1/p"
}

# MTA behind greetwait: exim4 -bs with a private config, spool, log and
# mailbox under $T/exim. Without exim4, the installed MTA's sendmail -bs
# (then delivery is checked by the SMTP reply only; mta_delivered says so).
MTA=""
setup_mta() {
	if command -v exim4 >/dev/null 2>&1; then
		MTA=exim4
		_u=$(id -un Debian-exim 2>/dev/null || echo mail)
		mkdir -p "$T/exim/spool" "$T/exim/log" "$T/exim/mail"
		chown "$_u:" "$T/exim/spool" "$T/exim/log" "$T/exim/mail" 2>/dev/null
		chmod 755 "$T/exim"
		sed -e "s#@DIR@#$T/exim#g" -e "s#@USER@#$_u#g" "$SYS/exim.conf" >"$T/exim/exim.conf"
		MTA_CMD="exim4 -C $T/exim/exim.conf -bs"
		MTA_BANNER="220 mx.test.example ESMTP Exim"
		MAILBOX=$T/exim/mail/mailbox
	elif command -v sendmail >/dev/null 2>&1; then
		MTA=sendmail
		echo "note: exim4 is not installed; using the installed MTA's sendmail -bs"
		MTA_CMD="sendmail -bs"
		MTA_BANNER="220 "
		MAILBOX=""
	else
		fail "neither exim4 nor sendmail is installed"
		finish
	fi
}

# assert_swaks_sent WHAT SWAKS-OUTPUT: swaks saw the server's own greeting,
# a 250 reply to the end of the message, and a 221 to QUIT.
assert_swaks_sent() {
	assert_match "$1: swaks saw the server's own greeting" "^<-  $MTA_BANNER" "$2"
	assert_match "$1: swaks got 250 after the message" '^<-  250 ' \
		"$(printf '%s\n' "$2" | sed -n '/^ -> \.$/,$p')"
	assert_match "$1: swaks got 221 after QUIT" '^<-  221 ' "$2"
}

# mta_delivered TEXT: the message with TEXT in its body reached the mailbox
# (waits up to 5 s for exim's delivery process).
mta_delivered() {
	if [ "$MTA" != exim4 ]; then
		echo "note: no exim4: cannot look into the mailbox; trusting the 250 reply"
		return 0
	fi
	waitfor 5 grep -q "$1" "$MAILBOX" 2>/dev/null
}
