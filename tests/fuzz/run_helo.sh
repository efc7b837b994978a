#!/bin/sh
# Build greetwait-helo's libFuzzer target with clang and run it for a
# bounded time (FUZZ_SECONDS, default 10) from a few seeds; skipped
# without clang.
cd "$(dirname "$0")/../.." || exit 111
command -v clang >/dev/null || { echo "fuzz-helo: clang not installed: skipped"; exit 0; }
mkdir -p build/fuzz
clang -g -O1 -std=c99 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined -Isrc \
	-o build/fuzz/fuzz_helo tests/fuzz/fuzz_helo.c \
	src/helo.c src/helocheck.c src/nsquery.c src/smtpdpolicy.c src/ip.c src/wait.c src/resolve.c src/message.c -lowfat || exit 1
rm -rf build/fuzz/corpus_helo && mkdir -p build/fuzz/corpus_helo
c=build/fuzz/corpus_helo
printf '\000Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.comlouiskoo.comjpopmail.comtw60.186.213.104' >$c/fanf1
printf '\000cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com' >$c/fanf2
printf '\000[IPv6:2001:db8::7]' >$c/literal
printf '\000mail.example.com.' >$c/name
printf '\001request=smtpd_access_policy\nhelo_name=a..b\nclient_address=192.0.2.7\n\n' >$c/policy
# NOERROR, one question (example.com NS), one NS answer by pointer
printf '\002\000\001\201\200\000\001\000\001\000\000\000\000\007example\003com\000\000\002\000\001\300\014\000\002\000\001\000\000\016\020\000\006\003ns1\300\014' >$c/reply
build/fuzz/fuzz_helo -max_total_time="${FUZZ_SECONDS:-10}" -max_len=4000 \
	-print_final_stats=1 $c 2>build/fuzz/log_helo
rc=$?
grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' build/fuzz/log_helo
[ $rc = 0 ] && echo "fuzz-helo: 1 passed, 0 failed" || { tail -40 build/fuzz/log_helo; echo "fuzz-helo: 0 passed, 1 failed"; }
exit $rc
