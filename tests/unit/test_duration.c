/* duration: the delays of -s, -l, -T and the tables ("90", "0.25"), the
 * pass cache's TTL ("30d"), and how the log writes them ("90.000"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "duration.h"

static void test_delays(void **state)
{
	unsigned long ms;
	(void)state;
	assert_true(duration_parse("90", &ms));
	assert_int_equal(ms, 90000);
	assert_true(duration_parse("0.25", &ms));
	assert_int_equal(ms, 250);
	assert_true(duration_parse("1.5", &ms));
	assert_int_equal(ms, 1500);
	assert_true(duration_parse("0.001", &ms));
	assert_int_equal(ms, 1);
	assert_true(duration_parse("007", &ms));
	assert_int_equal(ms, 7000);
	/* a day at most: a greeting delay never needs more */
	assert_true(duration_parse("86400", &ms));
	assert_int_equal(ms, DURATION_MAX_MS);
	assert_false(duration_parse("86400.001", &ms));
	assert_false(duration_parse("999999", &ms));
}

/* Every one refused; the long runs of digits never wrap round to a small delay. */
static void test_delays_malformed(void **state)
{
	static const char *const bad[] = {
	    "",
	    ".5",
	    "1.",
	    "1.0001",
	    "-1",
	    "+1",
	    " 1",
	    "1 ",
	    "1e3",
	    "0x10",
	    "1.2.3",
	    "1,5",
	    "9999999",
	    "1s",
	    "99999999999999999999999999",
	    "0.00000000000000000000000001",
	};
	unsigned long ms = 12345;
	(void)state;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		if (duration_parse(bad[k], &ms))
			fail_msg("\"%s\" taken as %lu ms", bad[k], ms);
	assert_int_equal(ms, 12345); /* left alone on failure */
}

/* The tables' delay fields: only the field's own bytes count. */
static void test_delay_fields(void **state)
{
	unsigned long ms;
	(void)state;
	assert_true(duration_parseb("30  # a comment", 2, &ms));
	assert_int_equal(ms, 30000);
	assert_true(duration_parseb("0.25\tpool", 4, &ms));
	assert_int_equal(ms, 250);
	assert_false(duration_parseb("0.25\tpool", 5, &ms));
	assert_false(duration_parseb("1.5", 2, &ms)); /* "1." */
	assert_false(duration_parseb("15", 0, &ms));
}

static void test_format(void **state)
{
	char out[DURATION_FMT];
	(void)state;
	assert_int_equal(duration_format(out, 90000), 6);
	assert_string_equal(out, "90.000");
	duration_format(out, 4);
	assert_string_equal(out, "0.004");
	duration_format(out, 25113);
	assert_string_equal(out, "25.113");
	duration_format(out, 0);
	assert_string_equal(out, "0.000");
	duration_format(out, DURATION_MAX_MS);
	assert_string_equal(out, "86400.000");
}

static void test_ttl(void **state)
{
	unsigned long s = 0;
	(void)state;
	assert_true(duration_parse_ttl("3600", &s));
	assert_int_equal(s, 3600);
	assert_true(duration_parse_ttl("30d", &s));
	assert_int_equal(s, 30 * 86400);
	assert_true(duration_parse_ttl("12h", &s));
	assert_int_equal(s, 12 * 3600);
	assert_true(duration_parse_ttl("5m", &s));
	assert_int_equal(s, 300);
	assert_true(duration_parse_ttl("90s", &s));
	assert_int_equal(s, 90);
	assert_true(duration_parse_ttl("2w", &s));
	assert_int_equal(s, 14 * 86400);
	/* ten years at most */
	assert_true(duration_parse_ttl("3650d", &s));
	assert_int_equal(s, 3650UL * 86400);
	assert_false(duration_parse_ttl("3651d", &s));
	assert_false(duration_parse_ttl("522w", &s));
}

static void test_ttl_malformed(void **state)
{
	static const char *const bad[] = {
	    "",    "0",           "0d",         "d",
	    "1dd", "1.5h",        "-1",         "+1",
	    " 1",  "1 ",          "1D",         "1y",
	    "1 d", "99999999999", "1234567890", "99999999999999999999999999d",
	};
	unsigned long s = 777;
	(void)state;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
		if (duration_parse_ttl(bad[k], &s))
			fail_msg("TTL \"%s\" taken as %lu s", bad[k], s);
	assert_int_equal(s, 777);
	/* nine digits still fit, as seconds */
	assert_true(duration_parse_ttl("315360000", &s));
	assert_int_equal(s, 315360000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_delays),       cmocka_unit_test(test_delays_malformed),
	    cmocka_unit_test(test_delay_fields), cmocka_unit_test(test_format),
	    cmocka_unit_test(test_ttl),          cmocka_unit_test(test_ttl_malformed),
	};
	return cmocka_run_group_tests_name("duration", tests, 0, 0);
}
