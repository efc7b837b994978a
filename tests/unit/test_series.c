/* Unit tests for series: connections counted per local day or hour. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "series.h"

#define DAY0 1795392000000LL /* 2026-11-23 00:00:00 UTC, in ms */

/* Local periods: the offset moves the boundary; before 1970 rounds down. */
static void periods(void **state)
{
	struct series sr;
	(void)state;
	series_init(&sr, SERIES_DAY, 0);
	assert_true(series_period(&sr, DAY0) == DAY0 / SERIES_DAY);
	assert_true(series_period(&sr, DAY0 - 1) == DAY0 / SERIES_DAY - 1);
	assert_true(series_period(&sr, -1) == -1);
	sr.utcoffset = 7200;
	assert_true(series_period(&sr, DAY0 - 7200000) == DAY0 / SERIES_DAY);
	assert_true(series_period(&sr, DAY0 - 7200001) == DAY0 / SERIES_DAY - 1);
	series_free(&sr);
}

/* Counts per period, hosts once per period, an earlier period added
 * later, a gap between, and a pass moved to another result. */
static void counts(void **state)
{
	struct series sr;
	long long p, q;
	char label[SERIES_LABEL];
	(void)state;
	series_init(&sr, SERIES_DAY, 0);
	assert_int_equal(series_add(&sr, DAY0 + 2 * SERIES_DAY, 1, RESULT_HANGUP, 0, &p), 0);
	assert_int_equal(series_add(&sr, DAY0 + 2 * SERIES_DAY + 5, 1, RESULT_PASS, 1, &p), 0);
	assert_int_equal(sr.n, 1);
	assert_int_equal(series_add(&sr, DAY0, 1, RESULT_PASS, 0, &q), 0);
	assert_int_equal(sr.n, 3);
	assert_int_equal(sr.periods[0].conns, 1);
	assert_int_equal(sr.periods[0].hosts, 1);
	assert_int_equal(sr.periods[1].conns, 0); /* the gap */
	assert_int_equal(sr.periods[2].conns, 2);
	assert_int_equal(sr.periods[2].hosts, 1);
	assert_int_equal(sr.periods[2].longpasses, 1);
	series_move(&sr, p, 1, RESULT_EXEC_FAILED);
	assert_int_equal(sr.periods[2].results[RESULT_PASS], 0);
	assert_int_equal(sr.periods[2].results[RESULT_EXEC_FAILED], 1);
	assert_int_equal(sr.periods[2].longpasses, 0);
	series_label(label, &sr, 0);
	assert_string_equal(label, "2026-11-23");
	series_label(label, &sr, 2);
	assert_string_equal(label, "2026-11-25");
	/* a million days off is left out and counted */
	assert_int_equal(series_add(&sr, DAY0 + SERIES_MAX * SERIES_DAY, 2, RESULT_PASS, 0, &p), 1);
	assert_int_equal(series_add(&sr, DAY0 - SERIES_MAX * SERIES_DAY, 2, RESULT_PASS, 0, &p), 1);
	assert_int_equal(sr.far, 2);
	assert_int_equal(sr.n, 3);
	series_free(&sr);
}

/* Hourly labels carry the hour. */
static void hours(void **state)
{
	struct series sr;
	long long p;
	char label[SERIES_LABEL];
	(void)state;
	series_init(&sr, SERIES_HOUR, 3600);
	assert_int_equal(series_add(&sr, DAY0 - 1, 9, RESULT_PASS, 0, &p), 0);
	series_label(label, &sr, 0);
	assert_string_equal(label, "2026-11-23 00:00");
	series_free(&sr);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(periods),
	    cmocka_unit_test(counts),
	    cmocka_unit_test(hours),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
