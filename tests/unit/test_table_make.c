/* table_make_*: a write that fails anywhere fails the build. /dev/full
 * answers every write(2) with ENOSPC, as a full disk does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "table.h"
#include "table_make.h"

/* Parse a whitelist line that must be an entry. */
static void whitelist_entry(const char *line, struct rule_whitelist *r)
{
	const char *why;
	assert_int_equal(rules_parse_whitelist(line, strlen(line), r, &why), 1);
}

static struct table_make m;

/* Entries that fill table_make's 64 KiB buffer many times over: each add
 * after the first failed flush, or else finish, must say -1 and ENOSPC. */
static void test_full_disk_whitelist(void **state)
{
	struct rule_whitelist r;
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC), result = 0;
	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(table_make_start(&m, fd, "whitelist"), 0);
	whitelist_entry("mail.example.org", &r);
	for (int k = 0; k < 20000 && result == 0; k++)
		result = table_make_whitelist(&m, &r);
	assert_int_equal(result, -1);
	assert_int_equal(errno, ENOSPC);
	/* once failed, failed for good: finish does not pretend otherwise */
	errno = 0;
	assert_int_equal(table_make_finish(&m), -1);
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

/* A table small enough for the buffer fails at finish, not later. */
static void test_full_disk_small_patterns(void **state)
{
	struct rule_pattern r;
	const char *why;
	int fd = open("/dev/full", O_WRONLY | O_CLOEXEC);
	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(table_make_start(&m, fd, "patterns"), 0);
	assert_int_equal(rules_parse_pattern("*dsl*  dynamic", 14, &r, &why), 1);
	assert_int_equal(table_make_pattern(&m, 1, &r), 0);
	errno = 0;
	assert_int_equal(table_make_finish(&m), -1);
	assert_int_equal(errno, ENOSPC);
	close(fd);
}

/* After a failed table, the next one on a good file starts clean. */
static void test_next_table_starts_clean(void **state)
{
	struct rule_whitelist r;
	char path[] = "/tmp/greetwait-test-XXXXXX";
	int full = open("/dev/full", O_WRONLY | O_CLOEXEC), fd;
	(void)state;
	assert_true(full >= 0);
	assert_int_equal(table_make_start(&m, full, "whitelist"), 0);
	assert_int_equal(table_make_finish(&m), -1);
	close(full);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(table_make_start(&m, fd, "whitelist"), 0);
	whitelist_entry("192.0.2.0/24", &r);
	assert_int_equal(table_make_whitelist(&m, &r), 0);
	assert_int_equal(table_make_finish(&m), 0);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_disk_whitelist),
	    cmocka_unit_test(test_full_disk_small_patterns),
	    cmocka_unit_test(test_next_table_starts_clean),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
