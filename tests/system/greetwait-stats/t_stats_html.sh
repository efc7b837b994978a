#!/bin/sh
# greetwait-stats --html FILE: one self-contained page (no script, nothing
# fetched from elsewhere) that headless Chromium loads without a console
# message and renders: its DOM has every section with its table and the
# two inline pictures, and the screenshot shows the histogram's bars and
# the lines in their colours.
. "$(dirname "$0")/../lib.sh"
TZ=UTC; export TZ
command -v chromium >/dev/null || { fail "chromium is not installed (tests/deps.sh)"; finish; }

# Three days of a busy server: impatient hosts, passes, early talkers.
awk 'BEGIN {
	for (d = 0; d < 3; d++) for (h = 1; h <= 60; h++) {
		t = 1795392000 + d * 86400 + h * 600
		printf "@40000000%08x00000000 greetwait: pid=%d ip=192.0.2.%d host=\"dsl-%d.example.net\" why=pattern:dynamic delay=90.000 result=%s waited=%d.000%s\n", \
			t + 10, h, h, h, h % 3 ? "hangup" : "pregreet", h % 45, h % 3 ? "" : " data=\"HELO a.b.c\""
		printf "@40000000%08x00000000 greetwait: pid=%d ip=198.51.100.%d host=\"mail.example.org\" why=default delay=1.000 result=pass waited=1.000\n", \
			t + 11, h, h
	}
}' >"$T/log"
echo 'greetwait: pid=1 ip=192.0.2.200 host="" why=pattern:x<b>&y delay=0.000 result=reject waited=0.000' >>"$T/log"
echo old >"$T/report.html"
"$GWSTATS" -t summary --html "$T/report.html" "$T/log" >/dev/null; rc=$?
assert_eq "exit code" 0 "$rc"
ls "$T" | grep -q 'report.html.tmp' && fail "a temporary file is left" || pass "no temporary file"
# Self-contained: nothing to fetch, nothing to run; the log's bytes escaped.
if grep -Eiq '<script|<link|<img|<iframe|src=|url\(|@import|href="(https?:|//)' "$T/report.html"; then
	fail "the page refers to something outside itself"
else
	pass "nothing outside the page"
fi
grep -q 'pattern:x&lt;b&gt;&amp;y' "$T/report.html" && pass "the log's bytes are escaped" || fail "not escaped"

# Chromium: its log (console messages are INFO:CONSOLE lines) and the DOM.
chrome() {
	chromium --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$T/chrome" \
		--enable-logging=stderr --v=0 "$@" "file://$T/report.html" 2>>"$T/chrome.log"
}
chrome --dump-dom >"$T/dom"; rc=$?
assert_eq "chromium loads the page" 0 "$rc"
grep -q 'CONSOLE' "$T/chrome.log" && fail "console messages: $(grep CONSOLE "$T/chrome.log")" ||
	pass "no console message"
for id in summary impatience impatience-table advice series series-table rules retries helo; do
	grep -q "<section id=\"$id\">" "$T/dom" && pass "section $id" || fail "no section $id in the DOM"
done
assert_eq "two inline pictures" 2 "$(grep -c '<svg xmlns="http://www.w3.org/2000/svg"' "$T/dom")"
# 60 impatient hosts and 60 patient ones a day, the same every day
for l in "  2026-11-25          120    120        20      40       0         0            0                  0          50.00" \
	"  pattern:dynamic          180     60      66.67           33.33      0.00                60              0       0.00" \
	"UTC, 361 connections were made by 121 hosts."; do
	grep -qF -- "$l" "$T/dom" && pass "in the DOM: $l" || fail "not in the DOM: $l"
done
# The screenshot: the window's size, the histogram's blue bars, the red
# cumulative line and the series' red line.
chrome --screenshot="$T/report.png" --window-size=1000,2200 >/dev/null
$PY "$SYS/greetwait-stats/pngcolours.py" "$T/report.png" 3366cc cc0033 >"$T/colours" ||
	fail "the screenshot does not decode"
assert_eq "screenshot size" "1000 2200" "$(head -n 1 "$T/colours")"
blue=$(awk '$1 == "3366cc" { print $2 }' "$T/colours")
red=$(awk '$1 == "cc0033" { print $2 }' "$T/colours")
[ "${blue:-0}" -gt 5000 ] && pass "blue bars drawn ($blue pixels)" || fail "no bars: $blue blue pixels"
[ "${red:-0}" -gt 200 ] && pass "red lines drawn ($red pixels)" || fail "no lines: $red red pixels"

"$GWSTATS" -t summary --html "$T/no/such/report.html" "$T/log" >/dev/null 2>&1
assert_eq "unwritable: exit code" 111 "$?"
finish
