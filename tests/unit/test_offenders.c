/* Unit tests for offenders: who is handed to the firewall. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "offenders.h"

/* Feed a timed connection line. */
static void feed(struct stats *s, long long t, const char *ip, const char *why, int result)
{
	struct logrec r;
	memset(&r, 0, sizeof r);
	r.kind = LOG_CONNECTION;
	r.hastime = 1;
	r.time = t;
	r.ip = ip;
	r.iplen = strlen(ip);
	r.why = why;
	r.whylen = strlen(why);
	r.result = result;
	assert_int_equal(stats_add(s, &r), 0);
}

/* The n latest turn-aways count, in whatever order the lines come; the
 * window ends at the last line; trusted and unparsable addresses never
 * count; the list is sorted, IPv4 first. */
static void list(void **state)
{
	struct stats s;
	struct offender *o;
	size_t n;
	char text[IP_FMT];
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	stats_keep_offenders(&s, 2);
	feed(&s, 100000000, "2001:db8::1", "noptr", RESULT_HANGUP);
	feed(&s, 100001000, "2001:db8::1", "noptr", RESULT_HANGUP);
	feed(&s, 100009000, "192.0.2.9", "noptr", RESULT_REJECT); /* the last line */
	feed(&s, 100005000, "192.0.2.9", "noptr", RESULT_REJECT);
	feed(&s, 1000, "192.0.2.9", "noptr", RESULT_REJECT); /* older: kept out of the 2 */
	feed(&s, 100002000, "192.0.2.1", "noptr", RESULT_PREGREET);
	feed(&s, 100003000, "192.0.2.1", "noptr", RESULT_PREGREET);
	feed(&s, 100003000, "192.0.2.1", "whitelist:192.0.2.1", RESULT_PASS);
	feed(&s, 100002000, "192.0.2.2", "noptr", RESULT_PASS);
	feed(&s, 100003000, "192.0.2.2", "noptr", RESULT_HANGUP);
	feed(&s, 100002000, "fff", "noptr", RESULT_HANGUP);
	feed(&s, 100003000, "fff", "noptr", RESULT_HANGUP);
	assert_int_equal(offenders_list(&s, 10000, &o, &n), 0);
	assert_int_equal(n, 2);
	ip_format(text, &o[0].ip);
	assert_string_equal(text, "192.0.2.9");
	assert_int_equal(o[0].turned, 3);
	assert_true(o[0].last == 100009000);
	ip_format(text, &o[1].ip);
	assert_string_equal(text, "2001:db8::1");
	free(o);
	/* a window of 8.5 s leaves 2001:db8::1's second turn-away out */
	assert_int_equal(offenders_list(&s, 8500, &o, &n), 0);
	assert_int_equal(n, 1);
	free(o);
	stats_free(&s);
}

/* rbldns data: the answer line, then the IPv4 addresses. */
static void rbldns(void **state)
{
	struct offender o[2];
	char *buf = 0;
	size_t len = 0;
	FILE *f;
	(void)state;
	memset(o, 0, sizeof o);
	assert_true(ip_parse(&o[0].ip, "192.0.2.9"));
	assert_true(ip_parse(&o[1].ip, "2001:db8::1"));
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(offenders_rbldns(f, o, 2, 3600000), 0);
	fclose(f);
	assert_string_equal(buf,
			    "# greetwait-stats: addresses turned away repeatedly in the 3600 s "
			    "before the log's last line\n"
			    ":127.0.0.2:Turned away repeatedly by greetwait: $\n"
			    "192.0.2.9\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(list),
	    cmocka_unit_test(rbldns),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
