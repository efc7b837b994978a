#!/bin/sh
# greetwait-stats reads every carrier of the log mixed in one file (plain,
# multilog @tai64n, tai64nlocal, BSD and RFC 3339 syslog), skips other
# programs' lines, reads gzip by content, prints CSV and a well-formed SVG,
# and exits 100 on usage errors and 111 when it cannot read.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ

cat >"$T/mixed.log" <<'LOG'
@400000006b048d3a00000000 greetwait: pid=101 ip=192.0.2.1 host="dsl-1.example.net" why=pattern:dynamic delay=90.000 result=hangup waited=12.500
@400000006b048d3a00000000 tcpserver: status: 1/40
2026-11-23 19:00:10.000000000 greetwait: pid=102 ip=192.0.2.1 host="dsl-1.example.net" why=pattern:dynamic delay=90.000 result=pregreet waited=0.250 data="HELO 192.0.2.1\x0d"
2026-11-23 19:00:10.000000000 qmail-smtpd: pid 4711 from 192.0.2.9
Nov 23 19:00:20 mx greetwait[103]: pid=103 ip=192.0.2.1 host="dsl-1.example.net" why=pattern:dynamic delay=90.000 result=hangup waited=31.000
Nov 23 19:00:21 mx postfix/smtpd[5]: connect from unknown[192.0.2.9]
2026-11-23T19:00:30.5+00:00 mx greetwait[104]: greetwait: pid=104 ip=192.0.2.2 host="" why=noptr delay=0.000 result=reject waited=0.000
Nov 23 19:00:40 mx greetwait: pid=105 ip=192.0.2.2 host="" why=noptr delay=0.000 result=reject waited=0.000
greetwait: pid=106 ip=2001:db8::1 host="mail.example.org" why=whitelist:.example.org delay=0.000 result=pass waited=0.000
tcpserver: pid 106 from 2001:db8::1
greetwait: pid=106 ip=2001:db8::1 host="mail.example.org" why=whitelist:.example.org delay=0.000 result=exec-failed waited=0.000 error="unable to run qmail-smtpd: file does not exist"
@400000006b048d3a00000000 greetwait: pid=107 ip=192.0.2.3 host="ppp.example.net" why=pattern:dynamic delay=90.000 status=waiting
@400000006b048d7600000000 greetwait: pid=107 ip=192.0.2.3 host="ppp.example.net" why=pattern:dynamic delay=90.000 result=pass waited=90.000
LOG

cat >"$T/expected" <<'OUT'
Summary
  From 2026-11-23 19:00:00 UTC to 2026-11-23 19:01:00 UTC, 7 connections were made by 4 hosts.
  4 connections from 2 hosts were given the long delay (more than 1 s); of these,
  3 connections from 1 host closed during the wait.
  In all, 6 connections from 3 hosts were turned away.

  why                     connections  hosts
  pattern:dynamic                   4      2
  noptr                             2      1
  whitelist:.example.org            1      1

  result       connections  hosts
  pass                   1      1
  pregreet               1      1
  hangup                 2      1
  reject                 2      1
  tempfail               0      0
  exec-failed            1      1
  toomany                0      0

  Read 13 lines: 1 status line, 4 other lines skipped, 0 malformed lines, 0 overlong lines.

Impatience: 1 host hung up or talked during a long delay, per 5 s of waiting
  Count       %  Cumulative %  Seconds
      0    0.00          0.00        0
      0    0.00          0.00        5
      0    0.00          0.00       10
      0    0.00          0.00       15
      0    0.00          0.00       20
      0    0.00          0.00       25
      1  100.00        100.00       30

Retries: addresses that connected at least twice at least 5 s apart, by how often they were turned away
  What             Different IPs  1 try  2 tries  3 tries  4 tries  5-10 tries  more
  all turned away              2     0%      50%      50%       0%          0%    0%
  no PTR                       1     0%     100%       0%       0%          0%    0%
  pattern:dynamic              1     0%       0%     100%       0%          0%    0%

HELO: 1 different name in 1 HELO/EHLO line sent before the greeting, by number of dots
0
0 .
0 ..
1 ...

  bogus form      names
  dotted quad         1
  double dot          0
  55+ characters      0
  concatenated        0
OUT
"$GWSTATS" -y 2026 "$T/mixed.log" >"$T/out"; rc=$?
[ "$rc" = 0 ] || fail "exit code $rc"
assert_bytes "mixed formats: every table" "$T/expected" "$T/out"

# The same lines from stdin, gzipped, and split across two files.
"$GWSTATS" -y 2026 <"$T/mixed.log" >"$T/out" || fail "stdin: exit code $?"
assert_bytes "stdin" "$T/expected" "$T/out"
gzip -c "$T/mixed.log" >"$T/mixed.log.gz"
"$GWSTATS" -y 2026 "$T/mixed.log.gz" >"$T/out" || fail "gzip file: exit code $?"
assert_bytes "gzip file" "$T/expected" "$T/out"
"$GWSTATS" -z -y 2026 - <"$T/mixed.log.gz" >"$T/out" || fail "gzip stdin: exit code $?"
assert_bytes "gzip on stdin with -z" "$T/expected" "$T/out"
head -n 6 "$T/mixed.log" | gzip -c >"$T/part1.gz"
tail -n +7 "$T/mixed.log" >"$T/part2"
"$GWSTATS" -y 2026 "$T/part1.gz" "$T/part2" >"$T/out" || fail "two files: exit code $?"
assert_bytes "two files, one gzipped" "$T/expected" "$T/out"

# -c counts connections: 0.25 s, 12.5 s and 31 s.
"$GWSTATS" -c -t impatience "$T/mixed.log" | section /dev/stdin "Impatience:" | awk '$1 != 0' >"$T/out"
printf '%s\n' "Count % Cumulative % Seconds" "1 33.33 33.33 0" "1 33.33 66.67 10" "1 33.33 100.00 30" >"$T/exp"
assert_bytes "-c counts connections" "$T/exp" "$T/out"
# -w 2.5: fractional bucket labels.
"$GWSTATS" -c -w 2.5 -t impatience "$T/mixed.log" | section /dev/stdin "Impatience:" | awk '$1 != 0 { print $1, $4 }' >"$T/out"
printf '%s\n' "Count %" "1 0" "1 12.5" "1 30" >"$T/exp"
assert_bytes "-w 2.5 labels" "$T/exp" "$T/out"
# -s 90: a 90 s delay is no longer long.
"$GWSTATS" -s 90 -t summary "$T/mixed.log" >"$T/out"
assert_has_line "-s 90" "$T/out" "  0 connections from 0 hosts were given the long delay (more than 90 s); of these,"

# CSV.
"$GWSTATS" --csv -y 2026 "$T/mixed.log" >"$T/csv" || fail "csv: exit code $?"
for l in "# summary" "item,connections,hosts" "all,7,4" "turned away,6,3" \
	"why:whitelist:.example.org,1,1" "result:exec-failed,1,1" "overlong lines,0,0" \
	"# impatience (hosts)" "Count,%,Cumulative %,Seconds" "1,100.00,100.00,30" "# retries" \
	"all turned away,2,0,50,50,0,0,0" "no PTR,1,0,100,0,0,0,0" "# helo" "dots,names" "3,1" \
	"# helo bogus" "dotted quad,1"; do
	assert_has_line "csv: $l" "$T/csv" "$l"
done
[ "$(head -n 1 "$T/csv")" = "# summary" ] || fail "csv: first line is not '# summary'"
[ "$(grep -c '^$' "$T/csv")" = 4 ] || fail "csv: want 4 blank lines between 5 tables"
[ "$(grep -c , "$T/csv")" = 42 ] || fail "csv: $(grep -c , "$T/csv") rows, want 42"

# SVG: well-formed, one bar per bucket, the cumulative line.
"$GWSTATS" --svg "$T/imp.svg" -t impatience "$T/mixed.log" >/dev/null || fail "svg: exit code $?"
if xmllint --noout "$T/imp.svg"; then pass "svg is well-formed XML"; else fail "svg is not well-formed"; fi
[ "$(grep -c '<rect x=' "$T/imp.svg")" = 7 ] || fail "svg: want 7 bars, have $(grep -c '<rect x=' "$T/imp.svg")"
grep -q '<polyline' "$T/imp.svg" || fail "svg: no cumulative line"
"$GWSTATS" -c --svg "$T/conn.svg" -t impatience "$T/mixed.log" >/dev/null
grep -q 'How long 3 connections waited' "$T/conn.svg" || fail "svg -c: title"

# -t picks tables, in the usual order.
"$GWSTATS" -t helo,summary "$T/mixed.log" | grep -E '^(Summary|Impatience|Retries|HELO)' | cut -c1-7 >"$T/out"
printf '%s\n' Summary "HELO: 1" >"$T/exp"
assert_bytes "-t helo,summary" "$T/exp" "$T/out"
"$GWSTATS" -t impatience "$T/mixed.log" | head -n 1 >"$T/out"
echo "Impatience: 1 host hung up or talked during a long delay, per 5 s of waiting" >"$T/exp"
assert_bytes "-t impatience: no blank line first" "$T/exp" "$T/out"

# Exit codes: 100 for usage, 111 for input it cannot read.
for args in "-x" "-w 0" "-w abc" "-s" "-t nosuch" "-y 12" "--svg"; do
	"$GWSTATS" $args </dev/null >/dev/null 2>"$T/err"; rc=$?
	[ "$rc" = 100 ] || fail "'$args': exit code $rc, want 100"
	grep -q '^greetwait-stats: usage: ' "$T/err" || fail "'$args': no usage line"
done
"$GWSTATS" "$T/nonexistent" >/dev/null 2>"$T/err"; rc=$?
[ "$rc" = 111 ] || fail "missing file: exit code $rc, want 111"
assert_has_line "missing file message" "$T/err" \
	"greetwait-stats: fatal: unable to open $T/nonexistent: No such file or directory"
"$GWSTATS" -z "$T/mixed.log" >/dev/null 2>"$T/err"; rc=$?
[ "$rc" = 111 ] || fail "-z on plain text: exit code $rc, want 111"
assert_has_line "-z on plain text" "$T/err" "greetwait-stats: fatal: not gzip data: $T/mixed.log"
"$GWSTATS" --svg /nonexistent/dir/x.svg "$T/mixed.log" >/dev/null 2>"$T/err"; rc=$?
[ "$rc" = 111 ] || fail "unwritable svg: exit code $rc, want 111"
# The HELO table uses greetwait-helo's own rules: the seed's glued names
# count as concatenated.
cat >"$T/glued.log" <<'LOG'
greetwait: pid=901 ip=192.0.2.60 host="" why=noptr delay=90.000 result=pregreet waited=0.010 data="HELO Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.comlouiskoo.comjpopmail.comtw60.186.213.104"
greetwait: pid=902 ip=192.0.2.61 host="" why=noptr delay=90.000 result=pregreet waited=0.010 data="EHLO cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com"
greetwait: pid=903 ip=192.0.2.62 host="" why=noptr delay=90.000 result=pregreet waited=0.010 data="EHLO mail-qt1-f170.google.com"
LOG
"$GWSTATS" -t helo "$T/glued.log" | grep -E '^  (concatenated|55\+ characters) ' >"$T/out"
printf '  55+ characters      2\n  concatenated        2\n' >"$T/exp"
assert_bytes "HELO: seed's glued names are concatenated" "$T/exp" "$T/out"
finish
