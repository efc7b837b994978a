/* Unit tests for report's number formats and stats' table rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "report.h"
#include "stats.h"

static void thousands(void **state)
{
	char s[REPORT_NUMBER];
	(void)state;
	report_thousands(s, 0);
	assert_string_equal(s, "0");
	report_thousands(s, 999);
	assert_string_equal(s, "999");
	report_thousands(s, 1000);
	assert_string_equal(s, "1,000");
	report_thousands(s, 109285);
	assert_string_equal(s, "109,285");
	report_thousands(s, 1447252);
	assert_string_equal(s, "1,447,252");
}

static void percent(void **state)
{
	char s[REPORT_NUMBER];
	(void)state;
	report_percent(s, 3934, 109285);
	assert_string_equal(s, "3.60");
	report_percent(s, 1053, 109285);
	assert_string_equal(s, "0.96");
	report_percent(s, 1, 8);
	assert_string_equal(s, "12.50");
	report_percent(s, 1, 16);
	assert_string_equal(s, "6.25"); /* 6.25 exactly */
	report_percent(s, 1, 1600);
	assert_string_equal(s, "0.06"); /* 0.0625: half up */
	report_percent(s, 5, 5);
	assert_string_equal(s, "100.00");
	report_percent(s, 0, 0);
	assert_string_equal(s, "0.00");
}

static void share(void **state)
{
	char s[REPORT_NUMBER];
	(void)state;
	report_share(s, 27717, 46583);
	assert_string_equal(s, "60");
	report_share(s, 3424, 46583);
	assert_string_equal(s, "7.4");
	report_share(s, 3704, 46583);
	assert_string_equal(s, "8");
	report_share(s, 9, 10);
	assert_string_equal(s, "90");
	report_share(s, 995, 10000);
	assert_string_equal(s, "10"); /* 9.95 */
	report_share(s, 994, 10000);
	assert_string_equal(s, "9.9");
	report_share(s, 34, 10000);
	assert_string_equal(s, "0.34");
	report_share(s, 30, 10000);
	assert_string_equal(s, "0.3");
	report_share(s, 1, 1);
	assert_string_equal(s, "100");
	report_share(s, 0, 7);
	assert_string_equal(s, "0");
	report_share(s, 0, 0);
	assert_string_equal(s, "0");
}

static void seconds(void **state)
{
	char s[REPORT_NUMBER];
	(void)state;
	report_seconds(s, 0);
	assert_string_equal(s, "0");
	report_seconds(s, 85000);
	assert_string_equal(s, "85");
	report_seconds(s, 2500);
	assert_string_equal(s, "2.5");
	report_seconds(s, 250);
	assert_string_equal(s, "0.25");
	report_seconds(s, 1001);
	assert_string_equal(s, "1.001");
}

static void retry_columns(void **state)
{
	(void)state;
	assert_int_equal(stats_retry_column(1), 0);
	assert_int_equal(stats_retry_column(4), 3);
	assert_int_equal(stats_retry_column(5), 4);
	assert_int_equal(stats_retry_column(10), 4);
	assert_int_equal(stats_retry_column(11), 5);
}

/* Feed stats a connection line. */
static void feed(struct stats *s, long long t, const char *ip, const char *why, unsigned long delay,
		 int result, unsigned long waited)
{
	struct logrec r;
	memset(&r, 0, sizeof r);
	r.kind = LOG_CONNECTION;
	r.hastime = t >= 0;
	r.time = t;
	r.ip = ip;
	r.iplen = strlen(ip);
	r.why = why;
	r.whylen = strlen(why);
	r.delay = delay;
	r.result = result;
	r.waited = waited;
	assert_int_equal(stats_add(s, &r), 0);
}

static void impatience_hosts(void **state)
{
	struct stats s;
	unsigned long *c;
	size_t n;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	feed(&s, -1, "192.0.2.1", "pattern:dynamic", 90000, RESULT_HANGUP, 3000);
	feed(&s, -1, "192.0.2.1", "pattern:dynamic", 90000, RESULT_HANGUP, 12000);
	feed(&s, -1, "192.0.2.2", "pattern:dynamic", 90000, RESULT_PREGREET, 4999);
	feed(&s, -1, "192.0.2.3", "default", 1000, RESULT_HANGUP, 500); /* short: not counted */
	feed(&s, -1, "192.0.2.4", "pattern:dynamic", 90000, RESULT_PASS, 90000);
	assert_int_equal(stats_impatience(&s, 0, &c, &n), 0);
	assert_int_equal(n, 3); /* each host in the bucket of its longest wait */
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 1);
	free(c);
	assert_int_equal(stats_impatience(&s, 1, &c, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(c[0], 2);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 1);
	free(c);
	assert_int_equal(s.longconns, 4);
	assert_int_equal(s.longhosts, 3);
	assert_int_equal(s.closedconns, 3);
	assert_int_equal(s.closedhosts, 2);
	stats_free(&s);
}

static void retries(void **state)
{
	struct stats s;
	struct stats_retryrow *r;
	size_t n;
	unsigned long untimed;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	/* twice, 10 s apart, turned away once under noptr: qualifies */
	feed(&s, 100000, "192.0.2.1", "noptr", 90000, RESULT_HANGUP, 3000);
	feed(&s, 110000, "192.0.2.1", "default", 1000, RESULT_PASS, 1000);
	/* twice, 4.999 s apart: too close */
	feed(&s, 100000, "192.0.2.2", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 104999, "192.0.2.2", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	/* three times turned away as dsl, 5 s apart */
	feed(&s, 100000, "192.0.2.3", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 102000, "192.0.2.3", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 105000, "192.0.2.3", "pattern:dsl", 90000, RESULT_PREGREET, 3000);
	/* no timestamps */
	feed(&s, -1, "192.0.2.4", "default", 1000, RESULT_PREGREET, 3);
	feed(&s, -1, "192.0.2.4", "default", 1000, RESULT_PREGREET, 3);
	assert_int_equal(stats_retries(&s, &r, &n, &untimed), 0);
	assert_int_equal(untimed, 1);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].name, "all");
	assert_int_equal(r[0].ips, 2);
	assert_int_equal(r[0].columns[0], 1);
	assert_int_equal(r[0].columns[2], 1);
	assert_int_equal(r[1].ips, 1);
	assert_int_equal(r[2].ips, 1);
	assert_true((r[1].namelen == 3 && !memcmp(r[1].name, "dsl", 3) && r[1].columns[2] == 1) ||
		    (r[2].namelen == 3 && !memcmp(r[2].name, "dsl", 3) && r[2].columns[2] == 1));
	free(r);
	stats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(thousands),     cmocka_unit_test(percent),
	    cmocka_unit_test(share),         cmocka_unit_test(seconds),
	    cmocka_unit_test(retry_columns), cmocka_unit_test(impatience_hosts),
	    cmocka_unit_test(retries),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
