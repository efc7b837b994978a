# How tests run the programs built with -fsanitize=address,undefined
# (make asan: build/asan/); sourced by tests/unit/run.sh and
# tests/system/run.sh. The settings are harmless for the plain build,
# which ignores them.
#
# greetwait's stderr is its log, which the tests read line by line, so a
# report must not go there: log_path sends each process's report to a
# file PREFIX.<pid> of its own, and the file's existence fails the test,
# whatever the program's exit code happened to be. abort_on_error: the
# process then dies by SIGABRT, never by an exit code a test might
# expect (greetwait-helo's 1 for a bogus name is ASan's default 1).
#
# detect_leaks=1 checks the programs that return from main or call exit
# (greetwait-rules, -stats, -helo, -expire, the unit tests). greetwait
# itself never reaches the check: it leaves by exec (the server replaces
# it) or _exit, neither of which runs LeakSanitizer's atexit hook; and
# it allocates nothing on its per-connection path to leak. tests/lsan.supp
# names the leaks that are libowfat's by design.

# sourced from the top of the tree, or with ROOT set to it
_sanitizer_root=${ROOT:-$PWD}

# sanitizer_env PREFIX: export the options, reports going to PREFIX.<pid>.
sanitizer_env() {
	ASAN_OPTIONS="log_path=$1:abort_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1"
	UBSAN_OPTIONS="log_path=$1:abort_on_error=1:halt_on_error=1:print_stacktrace=1"
	LSAN_OPTIONS="suppressions=$_sanitizer_root/tests/lsan.supp:print_suppressions=0"
	export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
}

# sanitizer_reports PREFIX: print the reports written to PREFIX.*, if
# any (they stay for a closer look); 1 if there were any.
sanitizer_reports() {
	_found=0
	for _r in "$1".*; do
		[ -f "$_r" ] || continue
		_found=$((_found + 1))
		[ "$_found" -le 2 ] || continue
		echo "    sanitizer report $_r:"
		head -n 60 "$_r" | sed 's/^/    | /'
	done
	[ "$_found" -le 2 ] || echo "    ... $((_found - 2)) more sanitizer reports in $1.*"
	[ "$_found" = 0 ]
}
