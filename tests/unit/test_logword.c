/* logword: the result= words greetwait writes and greetwait-stats reads
 * back are DESIGN.md's, each read back as itself and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "logword.h"

static void test_results(void **state)
{
	static const char *const design[RESULT_COUNT] = {
	    "pass", "pregreet", "hangup", "reject", "tempfail", "exec-failed", "toomany"};
	(void)state;
	assert_string_equal(logword_result(RESULT_PASS), "pass");
	assert_string_equal(logword_result(RESULT_EXEC_FAILED), "exec-failed");
	for (int r = 0; r < RESULT_COUNT; r++) {
		const char *w = logword_result(r);
		assert_string_equal(w, design[r]);
		assert_int_equal(logword_result_parse(w, strlen(w)), r);
	}
	assert_string_equal(logword_result(RESULT_COUNT), "?");
	assert_string_equal(logword_result(-1), "?");
}

static void test_parse_exact(void **state)
{
	(void)state;
	/* a word is read by its length: the rest of the log line is not part of it */
	assert_int_equal(logword_result_parse("pass waited=0.004", 4), RESULT_PASS);
	assert_int_equal(logword_result_parse("pas", 3), -1);
	assert_int_equal(logword_result_parse("passed", 6), -1);
	assert_int_equal(logword_result_parse("PASS", 4), -1);
	assert_int_equal(logword_result_parse("exec", 4), -1);
	assert_int_equal(logword_result_parse("", 0), -1);
	assert_int_equal(logword_result_parse(LOGWORD_LATER, strlen(LOGWORD_LATER)), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_results),
	    cmocka_unit_test(test_parse_exact),
	};
	return cmocka_run_group_tests_name("logword", tests, 0, 0);
}
