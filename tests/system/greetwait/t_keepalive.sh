#!/bin/sh
# -K: the teaser line again at an interval during the wait, so that real
# clients with a per-read timeout shorter than the delay survive it and
# deliver, under real tcpserver, to a real SMTP server (exim4 -bs): Ruby's
# Net::SMTP (read_timeout, 60 s by default, here 0.6 s for a 1.5 s delay)
# and Python's smtplib (timeout= is per socket operation).  Without -K
# both give up and lose the message; a bot that answers a teaser line is
# still caught.
. "$(dirname "$0")/../lib.sh"
need_greetwait
command -v ruby >/dev/null || { fail "ruby is not installed (tests/deps.sh)"; finish; }
setup_mta
rules
patterns_cdb </dev/null

# ruby_send PORT TAG: Net::SMTP, read_timeout 0.6 s; prints sent or the error.
ruby_send() {
	ruby -rnet/smtp -e '
	smtp = Net::SMTP.new("127.0.0.1", ARGV[0].to_i)
	smtp.open_timeout = 5
	smtp.read_timeout = 0.6
	begin
	  smtp.start("client.example") do |s|
	    s.send_message("Subject: k\r\n\r\n#{ARGV[1]}\r\n", "a@example.org", "b@example.net")
	  end
	  puts "sent"
	rescue => e
	  puts e.class
	end' "$1" "$2" 2>&1
}

# python_send PORT TAG: smtplib with timeout=0.6 (per read); prints sent or the error.
python_send() {
	$PY -c '
import smtplib, socket, sys
try:
    with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), timeout=0.6, source_address=("127.0.0.2", 0)) as s:
        s.sendmail("a@example.org", ["b@example.net"], "Subject: k\r\n\r\n" + sys.argv[2] + "\r\n")
    print("sent")
except Exception as e:
    print(type(e).__name__)' "$1" "$2" 2>&1
}

# without -K: the 1.5 s wait outlasts each read's 0.6 s
start_tcpserver "$GW" -p "$T/patterns.cdb" -s 1.5 -l 5 -b wait -T 1 $MTA_CMD
assert_eq "Ruby Net::SMTP, teaser once: gives up" "Net::ReadTimeout" "$(ruby_send "$PORT" "ruby-lost-$$")"
# smtplib reports its read timeout as a disconnection
assert_match "Python smtplib, teaser once: gives up" '^(TimeoutError|SMTPServerDisconnected)$' \
	"$(python_send "$PORT" "python-lost-$$")"
stop_tcpserver

LOG=$T/keep.log
start_tcpserver "$GW" -p "$T/patterns.cdb" -s 1.5 -l 5 -b wait -K 0.25 -T 1 $MTA_CMD
assert_eq "Ruby Net::SMTP, -K 0.25: delivers" "sent" "$(ruby_send "$PORT" "ruby-kept-$$")"
assert_eq "Python smtplib, -K 0.25: delivers" "sent" "$(python_send "$PORT" "python-kept-$$")"
for tag in ruby-kept python-kept; do
	if mta_delivered "$tag-$$"; then pass "$tag: in the mailbox"; else fail "$tag-$$ not in the mailbox"; fi
done
wait_ended 2
assert_line 127.0.0.1 'greetwait: pid=[0-9]+ ip=127\.0\.0\.1 host="localhost" why=default delay=1\.500 result=pass waited=1\.5[0-9]{2}'
assert_line 127.0.0.2 'greetwait: pid=[0-9]+ ip=127\.0\.0\.2 host="mail\.example\.org" why=default delay=1\.500 result=pass waited=1\.5[0-9]{2}'

# what a client sees: the teaser every 0.25 s, then the server's own 220
$PY - "$PORT" >"$T/seen" <<'EOF'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
start, buf = time.monotonic(), b""
while b"\r\n220 " not in buf:
    b = s.recv(512)
    if not b:
        break
    buf += b
    for line in b.split(b"\r\n")[:-1]:
        print("%.2f %s" % (time.monotonic() - start, line.decode()))
EOF
lines=$(grep -c ' 220-wait$' "$T/seen")
if [ "$lines" -ge 5 ] && [ "$lines" -le 7 ]; then
	pass "teaser lines during 1.5 s at 0.25 s: $lines"
else
	fail "teaser lines during 1.5 s at 0.25 s: $lines"
	sed 's/^/    /' "$T/seen"
fi
assert_match "then the server's greeting" "^1\.5[0-9] $MTA_BANNER" "$(tail -n 1 "$T/seen")"

# a bot that answers the first teaser line: caught, as with -b alone
$CLIENT dialogue --port "$PORT" --src 127.0.0.3 --wait-first "HELO bot.example" >"$T/bot" 2>/dev/null
wait_ended 4
assert_match "bot answering a teaser: caught" 'result=pregreet' "$(line_for 127.0.0.3)"
assert_match "bot: told why" '^S: 220 No SMTP service here' "$(grep '^S: 220 ' "$T/bot" | head -n 1 | tr -d '\r')"
finish
