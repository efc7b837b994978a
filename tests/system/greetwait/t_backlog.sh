#!/bin/sh
# tcpserver's listen backlog. While -c connections are open tcpserver
# accepts no more: the kernel queues the next ones, up to -b (default 20),
# and turns the rest away before greetwait ever runs. So every run script
# the documentation gives sets -b (README, examples/, greetwait(8)), and
# a burst of 1,000 connections against tcpserver -c 20 in front of
# greetwait shows why: with -b 20 most of them are lost, with -b 1024
# (a queue that holds the whole burst) none. The burst runs in a network
# namespace of its own when it can (unshare -n), where the kernel's
# ListenOverflows counter is the burst's alone.
. "$(dirname "$0")/../lib.sh"
need_greetwait
cd "$ROOT" || exit 111

# server_lines FILE...: "FILE:LINE: command" for every command line that
# runs tcpserver, tcpsvd or s6-tcpserver (after "exec " or a "$ " prompt),
# continuation lines joined (a man page's \e is its backslash); in the
# README only its examples count, which are indented, not its prose.
server_lines() {
	awk '
	FNR == 1 { cmd = ""; cont = 0 }
	!cont && FILENAME ~ /README$/ && !/^[ \t]/ { next }
	{
		l = $0
		if (FILENAME ~ /\.[0-9]$/) sub(/\\e$/, "\\", l)
		if (cont) cmd = cmd " " l; else { cmd = l; at = FNR }
		cont = sub(/\\$/, "", cmd)
		if (cont) next
		n = split(cmd, w, /[ \t]+/)
		k = 1
		if (w[k] == "") k++
		if (w[k] == "exec" || w[k] == "$") k++
		if (w[k] ~ /^(tcpserver|tcpsvd|s6-tcpserver)$/ && w[k + 1] ~ /^-/)
			printf "%s:%d: %s\n", FILENAME, at, cmd
	}' "$@"
}

# backlog COMMAND: the value of its -b option, empty if none.
backlog() {
	printf '%s\n' "$1" | sed -n 's/.* -b *\([0-9][0-9]*\)\( .*\)*$/\1/p'
}

# The documented run scripts: each file has some, and each sets -b, big
# enough for the bursts measured (2,000 to 10,000 connections; 1024 lost
# none of them). greetwait(8)'s by-hand trial serves one connection; its
# run scripts start with exec.
for f in README examples/daemontools/run examples/runit/run examples/s6/run man/greetwait.8; do
	case $f in
	man/*) server_lines "$f" | grep ': exec ' ;;
	*) server_lines "$f" ;;
	esac >"$T/lines"
	assert_match "$f has run scripts" . "$(cat "$T/lines")"
	while IFS= read -r line; do
		b=$(backlog "$line")
		if [ -n "$b" ] && [ "$b" -ge 1024 ]; then
			pass "${line%%: *}: -b $b"
		else
			fail "no -b of 1024 or more (${b:-none}): $line"
		fi
	done <"$T/lines"
done
# systemd listens itself: its Backlog= is the -b of the socket unit.
for f in examples/systemd/*.socket; do
	b=$(sed -n 's/^Backlog=\([0-9]*\)$/\1/p' "$f")
	if [ -n "$b" ] && [ "$b" -ge 1024 ]; then pass "$f: Backlog=$b"; else fail "$f: no Backlog= of 1024 or more"; fi
done

# in_netns CMD...: CMD in a network namespace of its own, loopback up;
# where that is not allowed, in this one (NETNS says which).
NETNS=own
if unshare -n true 2>/dev/null && command -v ip >/dev/null; then
	in_netns() { unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"; }
else
	NETNS=shared
	echo "note: no network namespace of its own (unshare -n): the kernel's counters are shared"
	in_netns() { "$@"; }
fi

# burst BACKLOG SECONDS: 1,000 connections at once against tcpserver -c
# 20 -b BACKLOG running greetwait -s 0.01 (each client gives up on its
# SYN after 3 s, and on its greeting after SECONDS; the burst ends sooner
# once every client has its greeting); sets GREETED, REACHED (how many
# greetwait logged) and OVERFLOWS.
burst() {
	in_netns $PY "$SYS/burst.py" -n 1000 -c 20 -b "$1" --syn-retries 1 --deadline "$2" \
		--log "$T/burst$1.log" -- "$GW" -n accept -s 0.01 /bin/echo "220 ready" >"$T/burst$1.out"
	cat "$T/burst$1.out"
	_l=$(cat "$T/burst$1.out")
	GREETED=$(field greeted "$_l")
	OVERFLOWS=$(field overflows "$_l")
	REACHED=$(grep -c '^greetwait: .* result=pass ' "$T/burst$1.log")
}

# Lost, with -b 20: a queue overflow turns a connection away for good
# (the client gives up on its SYN) or for seconds (its handshake waits
# for the next SYN-ACK); 8 s show it. With -b 1024 nothing overflows, and
# every connection reaches greetwait, however slowly a loaded machine
# serves them (a sanitizer build serves fewer than 100 a second).
burst 20 8
lost=$((1000 - ${GREETED:-0}))
if [ "$lost" -gt 0 ] && [ "$REACHED" -lt 1000 ]; then
	pass "-b 20: $lost of 1,000 connections lost; greetwait ran for $REACHED"
else
	fail "-b 20: expected connections lost in the listen queue; greeted ${GREETED:-?}, greetwait ran for $REACHED"
fi
[ "$NETNS" = own ] && assert_match "-b 20: the kernel counted listen queue overflows" '^[1-9][0-9]*$' "$OVERFLOWS"

burst 1024 60
assert_eq "-b 1024: every connection greeted" 1000 "$GREETED"
assert_eq "-b 1024: greetwait ran for every connection" 1000 "$REACHED"
[ "$NETNS" = own ] && assert_eq "-b 1024: no listen queue overflow" 0 "$OVERFLOWS"
finish
