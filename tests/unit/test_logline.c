/* logline: the stable key order and the escaping of network bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "logline.h"

static void test_design_lines(void **state)
{
	char out[LOGLINE_MAX + 2];
	struct logline l = {.pid = 812, .ip = "192.0.2.7", .host = "dsl-192-0-2-7.example.net",
			    .hostlen = 25, .why = "pattern:dynamic", .delay_ms = 90000,
			    .result = "hangup", .waited_ms = 25113};
	(void)state;
	logline_format(out, &l);
	assert_string_equal(out, "greetwait: pid=812 ip=192.0.2.7 host=\"dsl-192-0-2-7.example.net\" "
				 "why=pattern:dynamic delay=90.000 result=hangup waited=25.113\n");
	l.pid = 813;
	l.ip = "192.0.2.8";
	l.host = "mail.example.org";
	l.hostlen = 16;
	l.why = "default";
	l.delay_ms = 1000;
	l.result = "pregreet";
	l.waited_ms = 4;
	l.data = "HELO 192.0.2.8";
	l.datalen = 14;
	logline_format(out, &l);
	assert_string_equal(out, "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=default "
				 "delay=1.000 result=pregreet waited=0.004 data=\"HELO 192.0.2.8\"\n");
	l.result = 0;
	l.data = 0;
	l.error = "unable to open x: file does not exist";
	logline_format(out, &l);
	assert_string_equal(out, "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=default "
				 "delay=1.000 status=waiting error=\"unable to open x: file does not exist\"\n");
}

static void test_escaping(void **state)
{
	char out[64];
	(void)state;
	logline_quote(out, sizeof out, "a\"b\\c\r\n\x01\x7f\xff\xc3\xa9 ", 13);
	assert_string_equal(out, "\"a\\\"b\\\\c\\x0d\\x0a\\x01\\x7f\\xff\\xc3\\xa9 \"");
	/* cut, never overflowed, still quoted */
	memset(out, 'Z', sizeof out);
	logline_quote(out, 10, "\xff\xff\xff\xff", 4);
	assert_string_equal(out, "\"\\xff\"");
	assert_int_equal(out[7], 'Z');
}

static void test_hostile_host_bounded(void **state)
{
	char host[4096], out[LOGLINE_MAX + 2];
	struct logline l = {.pid = 1, .ip = "::1", .host = host, .hostlen = sizeof host,
			    .why = "default", .result = "pass", .data = host, .datalen = 100,
			    .error = host};
	size_t n;
	(void)state;
	memset(host, '\n', sizeof host);
	host[sizeof host - 1] = 0;
	n = logline_format(out, &l);
	assert_true(n <= LOGLINE_MAX + 1);
	assert_int_equal(out[n - 1], '\n');
	assert_null(memchr(out, '\n', n - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_lines), cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_hostile_host_bounded),
	};
	return cmocka_run_group_tests_name("logline", tests, 0, 0);
}
