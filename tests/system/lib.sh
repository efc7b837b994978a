# The one harness of greetwait's system tests: every
# tests/system/PROGRAM/t_*.sh sources it (so do make demo and make soak).
#
# Each test gets a temporary directory $T, removed on exit with every
# process the test started (bg). Servers are the real tcpserver on
# 127.0.0.1 at a port the kernel picks; tcprules gives loopback source
# addresses the PTR names a test needs. Assertions (assert_*) print what
# was expected and what was seen and count failures; `finish` turns the
# count into the exit code. A test of tests/system/PROGRAM/ stops, failed,
# when PROGRAM is not built. The sections: programs and $T; assertions;
# tcpserver and its log; clients and an MTA; greetwait-stats' logs.

set -u
# the tree's root: the first folder up from the test that holds this file
ROOT=${ROOT:-$(cd "$(dirname "$0")" && while [ ! -f tests/system/lib.sh ] && [ "$PWD" != / ]; do cd ..; done && pwd)}
SYS=$ROOT/tests/system
# GW_BUILD chooses the programs under test: build (the default, what make
# builds) or build/asan (make asan: the same under AddressSanitizer and
# UBSan); make check runs the suite against both (tests/system/run.sh).
case ${GW_BUILD:=build} in /*) BUILD=$GW_BUILD ;; *) BUILD=$ROOT/$GW_BUILD ;; esac
GW=$BUILD/greetwait
GWRULES=$BUILD/greetwait-rules
GWEXPIRE=$BUILD/greetwait-expire
GWSTATS=$BUILD/greetwait-stats
GWHELO=$BUILD/greetwait-helo
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

# The program a test's folder names must be built (not install/, nor
# demo.sh's or soak's folder).
_folder=$(basename "$(dirname "$0")")
case $_folder in
greetwait | greetwait-*)
	[ -x "$BUILD/$_folder" ] || { fail "$BUILD/$_folder is not built (run make)"; finish; } ;;
esac

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

# Assertions.

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

# assert_bytes WHAT EXPECTED-FILE SEEN-FILE: byte-for-byte equal files;
# if not, the first differences, bytes made visible by cat -A (a line's
# end is $), expected lines marked <, seen ones >.
assert_bytes() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1 (bytes differ)"
		cat -A "$2" >"$T/.expected" 2>&1
		cat -A "$3" >"$T/.seen" 2>&1
		diff "$T/.expected" "$T/.seen" | head -n 40 | cut -c1-160 | sed 's/^/    /'
		rm -f "$T/.expected" "$T/.seen"
	fi
}

# assert_has_line WHAT FILE LINE: FILE holds exactly this line.
assert_has_line() {
	if grep -qxF -- "$3" "$2"; then
		pass "$1"
	else
		fail "$1: no line '$3' in $2:"
		head -n 60 "$2" | sed 's/^/    | /'
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

# section FILE TITLE-PREFIX: the lines of one greetwait-stats table (its
# title to the blank line), whitespace squeezed, so that a comparison does
# not depend on column widths.
section() {
	awk -v t="$2" 'index($0, t) == 1 { on = 1; next } on && /^$/ { exit } on { $1 = $1; print }' "$1"
}

# tcpserver, its rules and its log.

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

# serve_rules LINE...: compile just these tcprules lines into
# $T/rules.cdb, for serve (without rules' standard loopback names, which
# the pass cache, DNS and memcache tests must not have).
serve_rules() {
	printf '%s\n' "$@" | tcprules "$T/rules.cdb" "$T/rules.tmp" || { fail "tcprules failed"; finish; }
}

# patterns: $T/patterns.cdb, a patterns table calling *dsl* names dynamic.
patterns() {
	printf '*dsl*\tdynamic\n' | patterns_cdb "$T/patterns.cdb"
}

# tcpserver_on LOG OPTIONS PROG [ARG...]: tcpserver OPTIONS (a list of
# words) on 127.0.0.1, at a port the kernel picks (-1 prints it once
# tcpserver listens), running PROG for each connection, its stderr
# appended to LOG; sets PORT and TCPSERVER_PID.
tcpserver_on() {
	_log=$1 _opts=$2
	shift 2
	rm -f "$_log.port"
	# shellcheck disable=SC2086
	bg tcpserver -1 $_opts 127.0.0.1 0 "$@" >"$_log.port" 2>>"$_log"
	TCPSERVER_PID=$!
	if waitfor 5 test -s "$_log.port"; then
		PORT=$(head -n 1 "$_log.port")
		return 0
	fi
	fail "tcpserver did not start; its log:"
	sed 's/^/    /' "$_log"
	finish
}

# start_tcpserver PROG [ARG...]: tcpserver running PROG for each
# connection, with $T/tcp.cdb (see rules), if any, as rules. No DNS: -H,
# and TCPREMOTEHOST comes only from the rules; no ident: -R; -l names the
# local host. Its stderr (tcpserver -v lines and the greetwait log) goes
# to $LOG, emptied first.
start_tcpserver() {
	LOG=${LOG:-$T/log}
	_x=""
	[ -f "$T/tcp.cdb" ] && _x="-x $T/tcp.cdb"
	: >"$LOG"
	tcpserver_on "$LOG" "-v -R -H -l localhost $_x -c 100" "$@"
}

# serve NAME ARG...: tcpserver running greetwait ARG... with the rules of
# serve_rules (no -v, so the log is greetwait's lines alone), logging to
# $T/NAME.log; for several servers in one test, each with its own log.
serve() {
	_name=$1
	shift
	tcpserver_on "$T/$_name.log" "-H -R -l localhost -c 400 -b 400 -x $T/rules.cdb" "$GW" "$@"
}

# stop_tcpserver: stop the tcpserver started last (its children finish alone).
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

# logline NAME IP: the last greetwait line with a result for IP in
# $T/NAME.log (see serve), waiting up to a second for it to arrive.
logline() {
	waitfor 1 grep -q " ip=$2 .*result=" "$T/$1.log" 2>/dev/null
	grep " ip=$2 .*result=" "$T/$1.log" | tail -n 1
}

# status_for IP: tcpserver's exit status for the last connection from IP
# (the raw wait status: 0, or 256 * exit code).
status_for() {
	_pid=$(grep "^tcpserver: pid [0-9]* from $1\$" "${LOG:-$T/log}" | tail -n 1 | awk '{print $3}')
	[ -n "$_pid" ] || return 0
	grep "^tcpserver: end $_pid status " "${LOG:-$T/log}" | tail -n 1 | awk '{print $5}'
}

# Clients, and the MTA behind greetwait.

# greetings PORT IP...: connect to 127.0.0.1:PORT from every IP at once
# and read each greeting line; prints "IP SECONDS LINE" per IP, in order
# (tests/system/cachelib.py).
greetings() {
	$PY "$SYS/cachelib.py" "$@"
}

# try NAME IP [LOGIP]: connect to $PORT from IP and read the greeting;
# sets OUT (the greeting line), TOOK (seconds) and LINE (the log line in
# $T/NAME.log, see serve, for LOGIP, by default IP).
try() {
	res=$(greetings "$PORT" "$2")
	TOOK=$(echo "$res" | cut -d' ' -f2)
	OUT=$(echo "$res" | cut -d' ' -f3-)
	LINE=$(logline "$1" "${3:-$2}")
}

# within WHAT LO HI: TOOK (seconds, from try) lies in LO..HI.
within() {
	awk "BEGIN { exit !($TOOK >= $2 && $TOOK <= $3) }" && pass "$1: took $TOOK s" ||
		fail "$1: took $TOOK s, not within $2..$3"
}

# setup_mta: exim4 -bs with a private config, spool, log and
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

# greetwait-stats' input: logs generated to the counts the studies published.

# gen_impatience EXTRA: a log whose long-delay hang-ups have exactly the
# per-bucket host counts of the "Spamware Impatience" table (109,285
# hosts), plus EXTRA hosts that hung up at 90 s, plus noise that must not
# change the host table: repeat connections with shorter waits, short-delay
# hang-ups, patient passes, status lines.
gen_impatience() {
	awk -v extra="$1" 'BEGIN {
		n = split("3934 1053 4205 14312 16439 29012 26081 3253 4805 1232 595 1089 1339 311 1148 127 115 235", c, " ")
		h = 0
		for (b = 1; b <= n; b++) for (j = 0; j < c[b]; j++) {
			h++; ip = sprintf("10.%d.%d.%d", int(h / 65536), int(h / 256) % 256, h % 256)
			w = (b - 1) * 5 + (j % 50) / 10
			if (h % 7 == 0)
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=0.100\n", h, ip, h
			if (h % 1000 == 0)
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 status=waiting\n", h, ip, h
			if (h % 2)
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=%.3f\n", h, ip, h, w
			else
				printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=pregreet waited=%.3f data=\"QUIT\"\n", h, ip, h, w
		}
		for (j = 0; j < extra; j++) {
			h++; ip = sprintf("10.%d.%d.%d", int(h / 65536), int(h / 256) % 256, h % 256)
			printf "greetwait: pid=%d ip=%s host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=hangup waited=90.000\n", h, ip, h
		}
		for (j = 0; j < 500; j++)
			printf "greetwait: pid=%d ip=172.16.%d.%d host=\"mail.example.org\" why=default delay=1.000 result=hangup waited=0.300\n", 900000 + j, int(j / 256), j % 256
		for (j = 0; j < 1000; j++)
			printf "greetwait: pid=%d ip=172.17.%d.%d host=\"ppp-%d.example.net\" why=pattern:dynamic delay=90.000 result=pass waited=90.000\n", 910000 + j, int(j / 256), j % 256, j
	}'
}

# gen_retries: a log whose repeat offenders give the percentages of the
# 2006 retry table: per class (dynamic and cbl patterns, no PTR, and
# default for the rest of "all"), how many addresses were turned away
# 1, 2, 3, 4, 5-10 and more times, every address connecting at least
# twice at least 5 s apart; plus addresses that must be left out.
gen_retries() {
	awk 'function line(t, ip, why, result, host) {
		printf "@40000000%08x00000000 greetwait: pid=%d ip=%s host=\"%s\" why=%s delay=%s result=%s waited=%s\n", t + 10, ++pid, ip, host, why, (why == "default" ? "1.000" : "90.000"), result, (result == "pass" ? "90.000" : "3.000")
	}
	function class(why, counts, host,   k, b, j, m, tries, t) {
		split(counts, k, " ")
		for (b = 1; b <= 6; b++) for (j = 0; j < k[b]; j++) {
			h++; ip = sprintf("10.%d.%d.%d", int(h / 65536), int(h / 256) % 256, h % 256)
			tries = b <= 4 ? b : (b == 5 ? 5 + j % 6 : 11 + j % 3)
			t = 1761607680 + h % 1000
			for (m = 0; m < tries; m++) line(t + 10 * m, ip, why, m % 2 ? "pregreet" : "hangup", host)
			if (tries == 1) line(t + 60, ip, "default", "pass", "mail.example.org")
		}
	}
	BEGIN {
		class("pattern:dynamic", "15078 4450 1946 1056 2073 827", "dsl-x.example.net")
		class("noptr", "9832 2726 1021 522 974 507", "")
		class("pattern:cbl", "2097 826 380 261 492 181", "mx.spam.example")
		class("default", "710 148 77 48 165 186", "mail.example.org")
		for (j = 0; j < 300; j++) {   # too close together, or only once: left out
			ip = sprintf("172.16.%d.%d", int(j / 256), j % 256)
			line(1761607680, ip, "pattern:dynamic", "hangup", "dsl")
			if (j % 2) line(1761607684, ip, "pattern:dynamic", "hangup", "dsl")
		}
		for (j = 0; j < 200; j++) {   # came back, but always patient
			ip = sprintf("172.17.%d.%d", int(j / 256), j % 256)
			line(1761607680, ip, "default", "pass", "mail"); line(1761607780, ip, "default", "pass", "mail")
		}
	}'
}

# gen_helo: early talkers whose distinct HELO names have exactly the dot
# counts of the first histogram of "more HELO statistics" (1,447,252
# names), none of them bogus; some names come twice, in another case.
gen_helo() {
	awk 'BEGIN {
		n = split("25765 450511 218188 432343 197647 33647 28485 19790 4582 2040 3069 7005 9483 7722 4390 1840 568 150 23 3 1", c, " ")
		for (d = 0; d < n; d++) {
			tail = ""
			for (k = 0; k < d; k++) tail = tail ".a"
			for (j = 0; j < c[d + 1]; j++) {
				i++
				printf "greetwait: pid=1 ip=10.0.0.1 host=\"\" why=noptr delay=1.000 result=pregreet waited=0.001 data=\"HELO n%d%s\"\n", i, tail
				if (i % 100 == 0)
					printf "greetwait: pid=1 ip=10.0.0.1 host=\"\" why=noptr delay=1.000 result=pregreet waited=0.001 data=\"EHLO N%d%s\"\n", i, toupper(tail)
			}
		}
	}'
}
