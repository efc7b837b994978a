/* Unit tests for html: the report's sections, escaping, and no outside. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "html.h"

static void report(void **state)
{
	static const char *const ids[] = {"summary", "impatience", "advice", "series",
					  "rules",   "retries",    "helo"};
	struct stats s;
	struct report_options o = {0, 0, 95000, 86400000};
	struct logrec r;
	char *buf = 0, want[64];
	size_t len = 0;
	FILE *f;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	stats_keep_series(&s, SERIES_DAY, 0);
	stats_keep_rules(&s);
	memset(&r, 0, sizeof r);
	r.kind = LOG_CONNECTION;
	r.hastime = 1;
	r.time = 1795392000000LL;
	r.ip = "192.0.2.1";
	r.iplen = 9;
	r.why = "pattern:<b>&\"";
	r.whylen = strlen(r.why);
	r.delay = 90000;
	r.result = RESULT_HANGUP;
	r.waited = 12000;
	assert_int_equal(stats_add(&s, &r), 0);
	assert_non_null(f = open_memstream(&buf, &len));
	assert_int_equal(html_report(f, &s, &o), 0);
	fclose(f);
	assert_true(!strncmp(buf, "<!DOCTYPE html>\n", 16));
	for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
		snprintf(want, sizeof want, "<section id=\"%s\">", ids[k]);
		assert_non_null(strstr(buf, want));
	}
	assert_non_null(strstr(buf, "pattern:&lt;b&gt;&amp;&quot;"));
	assert_null(strstr(buf, "<b>"));
	assert_null(strstr(buf, "<?xml")); /* the pictures inline, no declaration */
	assert_null(strstr(buf, "<script"));
	assert_non_null(strstr(buf, "</html>\n"));
	free(buf);
	stats_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(report),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
