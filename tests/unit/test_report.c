/* Unit tests for report: its number formats and the tables it prints. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>
#include "logparse.h"
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

static char captured[16384];
static size_t ncaptured;

/* A write(2) stand-in that keeps what the buffer flushes. */
static ssize_t capture(int fd, const char *p, size_t n)
{
	(void)fd;
	if (n > sizeof captured - 1 - ncaptured)
		n = sizeof captured - 1 - ncaptured;
	memcpy(captured + ncaptured, p, n);
	ncaptured += n;
	captured[ncaptured] = 0;
	return (ssize_t)n;
}

static char space[512];
static buffer out = BUFFER_INIT(capture, 1, space, sizeof space);

/* Four connections from two hosts over 20 s, and a status line. */
static const char *const loglines[] = {
    "@400000006b048da800000000 greetwait: pid=1 ip=192.0.2.1 host=\"\" why=noptr delay=90.000 "
    "result=hangup waited=3.000",
    "@400000006b048db200000000 greetwait: pid=2 ip=192.0.2.1 host=\"x\" why=default "
    "delay=1.000 result=pass waited=1.000",
    "@400000006b048da800000000 greetwait: pid=3 ip=192.0.2.3 host=\"dsl\" why=pattern:dsl "
    "delay=90.000 result=pregreet waited=12.500 data=\"HELO a.b.c\"",
    "@400000006b048dbc00000000 greetwait: pid=4 ip=192.0.2.3 host=\"dsl\" why=pattern:dsl "
    "delay=90.000 result=hangup waited=2.000",
    "greetwait: pid=5 ip=192.0.2.9 host=\"dsl\" why=pattern:dsl delay=90.000 status=waiting",
};

/* The statistics of loglines[]. */
static void gather(struct stats *s)
{
	static const struct logclock utc = {2026, 0};
	static struct logrec rec;
	stats_init(s, 1000, 5000, 5000);
	for (size_t k = 0; k < sizeof loglines / sizeof loglines[0]; k++) {
		logparse_line(loglines[k], strlen(loglines[k]), &utc, &rec);
		assert_int_equal(stats_add(s, &rec), 0);
	}
}

/* What one report prints for loglines[], as text or CSV. */
static const char *
print(int (*report)(const struct stats *, const struct report_options *, buffer *), int csv)
{
	static struct stats s;
	struct report_options o = {.csv = csv};
	gather(&s);
	ncaptured = 0;
	captured[0] = 0;
	assert_int_equal(report(&s, &o, &out), 0);
	assert_int_equal(buffer_flush(&out), 0);
	stats_free(&s);
	return captured;
}

static void summary(void **state)
{
	(void)state;
	assert_string_equal(
	    print(report_summary, 0),
	    "Summary\n"
	    "  From 2026-11-23 19:01:50 UTC to 2026-11-23 19:02:10 UTC, 4 connections were made by "
	    "2 hosts.\n"
	    "  3 connections from 2 hosts were given the long delay (more than 1 s); of these,\n"
	    "  3 connections from 2 hosts closed during the wait.\n"
	    "  In all, 3 connections from 2 hosts were turned away.\n"
	    "\n"
	    "  why          connections  hosts\n"
	    "  noptr                  1      1\n"
	    "  default                1      1\n"
	    "  pattern:dsl            2      1\n"
	    "\n"
	    "  result       connections  hosts\n"
	    "  pass                   1      1\n"
	    "  pregreet               1      1\n"
	    "  hangup                 2      2\n"
	    "  reject                 0      0\n"
	    "  tempfail               0      0\n"
	    "  exec-failed            0      0\n"
	    "  toomany                0      0\n"
	    "\n"
	    "  Read 5 lines: 1 status line, 0 other lines skipped, 0 malformed lines, 0 overlong "
	    "lines.\n");
}

static void summary_csv(void **state)
{
	(void)state;
	assert_string_equal(print(report_summary, 1), "# summary\n"
						      "item,connections,hosts\n"
						      "all,4,2\n"
						      "long delay,3,2\n"
						      "closed during wait,3,2\n"
						      "turned away,3,2\n"
						      "why:noptr,1,1\n"
						      "why:default,1,1\n"
						      "why:pattern:dsl,2,1\n"
						      "result:pass,1,1\n"
						      "result:pregreet,1,1\n"
						      "result:hangup,2,2\n"
						      "result:reject,0,0\n"
						      "result:tempfail,0,0\n"
						      "result:exec-failed,0,0\n"
						      "result:toomany,0,0\n"
						      "lines read,5,0\n"
						      "status lines,1,0\n"
						      "other lines,0,0\n"
						      "malformed lines,0,0\n"
						      "overlong lines,0,0\n");
}

static void impatience(void **state)
{
	(void)state;
	assert_string_equal(
	    print(report_impatience, 0),
	    "Impatience: 2 hosts hung up or talked during a long delay, per 5 s of waiting\n"
	    "  Count      %  Cumulative %  Seconds\n"
	    "      1  50.00         50.00        0\n"
	    "      0   0.00         50.00        5\n"
	    "      1  50.00        100.00       10\n");
}

/* The retry rows are named as the summary names the why values; rows of
 * as many addresses come shorter name first. */
static void retries(void **state)
{
	(void)state;
	assert_string_equal(
	    print(report_retries, 0),
	    "Retries: addresses that connected at least twice at least 5 s apart, "
	    "by how often they were turned away\n"
	    "  What             Different IPs  1 try  2 tries  3 tries  4 tries  "
	    "5-10 tries  more\n"
	    "  all turned away              2    50%      50%       0%       0%        "
	    "  0%    0%\n"
	    "  no PTR                       1   100%       0%       0%       0%        "
	    "  0%    0%\n"
	    "  pattern:dsl                  1     0%     100%       0%       0%        "
	    "  0%    0%\n");
	assert_string_equal(print(report_retries, 1),
			    "# retries\n"
			    "What,Different IPs,1 try,2 tries,3 tries,4 tries,5-10 tries,more\n"
			    "all turned away,2,50,50,0,0,0,0\n"
			    "no PTR,1,100,0,0,0,0,0\n"
			    "pattern:dsl,1,0,100,0,0,0,0\n");
}

/* The dot histogram, drawn with dots, and the bogus forms. */
static void helo(void **state)
{
	(void)state;
	assert_string_equal(print(report_helo, 0),
			    "HELO: 1 different name in 1 HELO/EHLO line sent "
			    "before the greeting, by number of dots\n"
			    "0\n"
			    "0 .\n"
			    "1 ..\n"
			    "\n"
			    "  bogus form      names\n"
			    "  dotted quad         0\n"
			    "  double dot          0\n"
			    "  55+ characters      0\n"
			    "  concatenated        0\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(thousands),  cmocka_unit_test(percent), cmocka_unit_test(share),
	    cmocka_unit_test(seconds),    cmocka_unit_test(summary), cmocka_unit_test(summary_csv),
	    cmocka_unit_test(impatience), cmocka_unit_test(retries), cmocka_unit_test(helo),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
