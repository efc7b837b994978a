/* Unit tests for prometheus: label values and the text it writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "prometheus.h"

/* \ and " escaped, bytes outside printable ASCII as '?', cut to fit. */
static void labels(void **state)
{
	char out[16];
	(void)state;
	assert_int_equal(prometheus_label(out, sizeof out, "a\"b\\c", 5), 7);
	assert_string_equal(out, "a\\\"b\\\\c");
	assert_int_equal(prometheus_label(out, sizeof out, "x\ny\377\0z", 6), 6);
	assert_memory_equal(out, "x?y??z", 6);
	assert_int_equal(prometheus_label(out, sizeof out, "0123456789abcdefghij", 20), 13);
	assert_string_equal(out, "0123456789abc");
	assert_int_equal(prometheus_label(out, 5, "\"\"\"", 3), 2);
	assert_string_equal(out, "\\\"");
}

/* The counters and a cumulative histogram, from counted lines. */
static void text(void **state)
{
	struct stats s;
	struct logrec r;
	char *buf = 0;
	size_t len = 0;
	FILE *f;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	memset(&r, 0, sizeof r);
	r.kind = LOG_CONNECTION;
	r.ip = "192.0.2.1";
	r.iplen = 9;
	r.why = "noptr";
	r.whylen = 5;
	r.delay = 90000;
	r.result = RESULT_HANGUP;
	r.waited = 2000;
	assert_int_equal(stats_add(&s, &r), 0);
	r.waited = 400000;
	assert_int_equal(stats_add(&s, &r), 0);
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(prometheus_write(f, &s), 0);
	fclose(f);
	assert_non_null(
	    strstr(buf, "greetwait_connections_total{why=\"noptr\",result=\"hangup\"} 2\n"));
	assert_non_null(strstr(buf, "greetwait_wait_seconds_bucket{le=\"1\"} 0\n"));
	assert_non_null(strstr(buf, "greetwait_wait_seconds_bucket{le=\"2\"} 1\n"));
	assert_non_null(strstr(buf, "greetwait_wait_seconds_bucket{le=\"300\"} 1\n"));
	assert_non_null(strstr(buf, "greetwait_wait_seconds_bucket{le=\"+Inf\"} 2\n"));
	assert_non_null(strstr(buf, "greetwait_wait_seconds_sum 402.000\n"));
	assert_null(strstr(buf, "last_line")); /* no timestamps */
	free(buf);
	stats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(labels),
	    cmocka_unit_test(text),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
