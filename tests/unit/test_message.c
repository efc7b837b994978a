/* message: error texts joined into the fixed buffers that carry them to
 * the log (table and cache errors reach error="..."), cut to fit, and
 * the reasons they give. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include "message.h"

static void test_join(void **state)
{
	const char *parts[] = {"unable to open ", "/etc/greetwait/patterns.cdb", ": ",
			       "file does not exist"};
	char out[200];
	(void)state;
	assert_int_equal(message_join(out, sizeof out, parts, 4), 63);
	assert_string_equal(out, "unable to open /etc/greetwait/patterns.cdb: file does not exist");
	assert_int_equal(message_join(out, sizeof out, parts, 0), 0);
	assert_string_equal(out, "");
	parts[1] = "";
	message_join(out, sizeof out, parts, 4);
	assert_string_equal(out, "unable to open : file does not exist");
}

static void test_cut(void **state)
{
	const char *parts[] = {"unable to use cache ", "/var/lib/greetwait", ": ", "No space"};
	char out[32];
	(void)state;
	memset(out, 'Z', sizeof out);
	assert_int_equal(message_join(out, 21, parts, 4), 20);
	assert_string_equal(out, "unable to use cache ");
	assert_int_equal(out[21], 'Z');
	assert_int_equal(message_join(out, 1, parts, 4), 0);
	assert_string_equal(out, "");
	/* no room at all: nothing written */
	out[0] = 'Z';
	assert_int_equal(message_join(out, 0, parts, 4), 0);
	assert_int_equal(out[0], 'Z');
}

static void test_error(void **state)
{
	(void)state;
	assert_string_equal(message_error(ENOENT), "file does not exist");
	assert_string_equal(message_error(ENOSPC), "No space left on device");
	assert_string_equal(message_error(EACCES), "Permission denied");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_join),
	    cmocka_unit_test(test_cut),
	    cmocka_unit_test(test_error),
	};
	return cmocka_run_group_tests_name("message", tests, 0, 0);
}
