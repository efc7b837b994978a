#!/bin/sh
# greetwait-helo's exit codes and what it says on each: a usage error
# (100), and an answer it cannot write or a request it cannot read (111,
# "greetwait-helo: fatal: unable to ...", where it used to exit in
# silence), in each of its three ways in. DNS is off (-d bogus-sld).
. "$(dirname "$0")/../lib.sh"
HELO=$BUILD/greetwait-helo
USAGE="greetwait-helo: usage: greetwait-helo [ -q [ -m ] | -p | -i ip name ] [ -d rule ]\
 [ -e rule ] [ -l length ] [ -t timeout ]"

# A usage error: the one usage line, exit 100.
for args in "-x" "-d nosuchrule a.example" "-l 0 a.example" "-l 1234567 a.example" "-t x a.example" \
	"-i 300.1.2.3 a.example" "" "-m a.example"; do
	# shellcheck disable=SC2086
	"$HELO" $args >"$T/out" 2>"$T/err" </dev/null
	assert_eq "usage '$args': exit" 100 "$?"
	assert_eq "usage '$args': message" "$USAGE" "$(cat "$T/err")"
	assert_eq "usage '$args': no output" "" "$(cat "$T/out")"
done
"$HELO" -l 60 -d bogus-sld a.example >"$T/out" 2>&1
assert_eq "-l 60: a good name passes" "0 ok" "$? $(cat "$T/out")"

# The command (Exim's ${run}): the verdict cannot be written.
"$HELO" -d bogus-sld mail..example.org >/dev/full 2>"$T/err"
assert_eq "command, full stdout: exit" 111 "$?"
assert_eq "command, full stdout: message" \
	"greetwait-helo: fatal: unable to write the answer: No space left on device" "$(cat "$T/err")"

# qmail-spp: the refusal cannot be written; the decision was logged first.
SMTPHELOHOST=mail..example.org TCPREMOTEIP=192.0.2.7 "$HELO" -q -d bogus-sld >/dev/full 2>"$T/err"
assert_eq "spp, full stdout: exit" 111 "$?"
assert_match "spp, full stdout: the decision logged" \
	'^greetwait-helo: pid=[0-9]+ ip=192\.0\.2\.7 helo="mail\.\.example\.org" why=double-dot result=reject$' \
	"$(head -1 "$T/err")"
assert_eq "spp, full stdout: then the message" \
	"greetwait-helo: fatal: unable to write the answer: No space left on device" "$(tail -n +2 "$T/err")"

# Postfix: the answer cannot be written, or the requests cannot be read.
printf 'request=smtpd_access_policy\nhelo_name=a..b\n\n' | "$HELO" -p -d bogus-sld >/dev/full 2>"$T/err"
assert_eq "policy, full stdout: exit" 111 "$?"
assert_eq "policy, full stdout: message" \
	"greetwait-helo: fatal: unable to write the answer: No space left on device" "$(tail -1 "$T/err")"
"$HELO" -p -d bogus-sld </ >"$T/out" 2>"$T/err"
assert_eq "policy, unreadable input: exit" 111 "$?"
assert_eq "policy, unreadable input: message" \
	"greetwait-helo: fatal: unable to read the request: Is a directory" "$(cat "$T/err")"
assert_eq "policy, unreadable input: no answer" "" "$(cat "$T/out")"
finish
