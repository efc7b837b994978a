#!/bin/sh
# Standard input that is not a socket (run by hand, from a script, under a
# launcher that hands over a pipe): end of file is a hangup, not a client
# that talked first; data on a pipe is an early talker, and with -e ignore
# it reaches the program unread.
. "$(dirname "$0")/../lib.sh"
need_greetwait
export TCPREMOTEIP=127.0.0.2 TCPREMOTEHOST=mail.example.org
"$GW" -s 0.2 -T 1 true </dev/null >"$T/out" 2>"$T/err"
assert_eq "/dev/null: exit code" 0 "$?"
assert_match "/dev/null: a hangup" '^greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=0\.200 result=hangup waited=0\.[0-9]{3}$' "$(cat "$T/err")"
assert_eq "/dev/null: nothing said" "" "$(cat "$T/out")"
: | "$GW" -s 0.2 -T 1 true >"$T/out" 2>"$T/err"
assert_match "empty pipe: a hangup" ' result=hangup ' "$(cat "$T/err")"
printf 'HELO x\r\n' | "$GW" -s 0.2 -e ignore cat >"$T/out" 2>"$T/err"
assert_match "pipe with data: would have been a pregreet, no kind (unseen)" ' result=pass would=pregreet waited=[0-9.]* data=""$' "$(cat "$T/err")"
assert_eq "pipe with data, -e ignore: every byte reached the program" "HELO x" "$(tr -d '\r' <"$T/out")"
finish
