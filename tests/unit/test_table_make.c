/* table_make_*: a write that fails anywhere fails the build. /dev/full
 * answers every write(2) with ENOSPC, as a full disk does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cdb.h"
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

/* Rule k of a set whose globs often share their first key: some go
 * under one another's key, some on to a later one. */
static void shared_rule(int k, struct rule_pattern *r)
{
	char line[64];
	const char *why;
	int n;
	if (k % 3 == 0)
		n = snprintf(line, sizeof line, "*dsl%d*", k % 700);
	else if (k % 3 == 1)
		n = snprintf(line, sizeof line, "*.dyn.isp%d.example dyn %d", k % 500, k % 9);
	else
		n = snprintf(line, sizeof line, "host-#.res%d.example.com", k);
	assert_int_equal(rules_parse_pattern(line, (size_t)n, r, &why), 1);
}

/* The bytes of the table in fd, which the caller closes. */
static char *table_bytes(int fd, off_t *size)
{
	char *b;
	*size = lseek(fd, 0, SEEK_END);
	assert_true(*size > 0);
	b = malloc((size_t)*size);
	assert_non_null(b);
	assert_int_equal(pread(fd, b, (size_t)*size, 0), *size);
	return b;
}

/* A temporary file, already unlinked. */
static int temp_file(void)
{
	char path[] = "/tmp/greetwait-test-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

/* table_make_patterns writes the bytes table_make_pattern does, one
 * pattern at a time, whatever the batch size: each glob sees the globs
 * filed before it in the same batch. */
static void test_batch_same_table(void **state)
{
	static struct rule_pattern r[TABLE_MAKE_BATCH];
	unsigned long order[TABLE_MAKE_BATCH];
	static const size_t sizes[] = {1, 7, TABLE_MAKE_BATCH};
	struct rule_pattern one;
	off_t size1, size2;
	char *b1, *b2;
	int fd1 = temp_file();
	(void)state;
	assert_int_equal(table_make_start(&m, fd1, "patterns"), 0);
	for (int k = 0; k < 6000; k++) {
		shared_rule(k, &one);
		assert_int_equal(table_make_pattern(&m, (unsigned long)k + 1, &one), 0);
	}
	assert_int_equal(table_make_finish(&m), 0);
	b1 = table_bytes(fd1, &size1);
	for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
		int fd2 = temp_file();
		size_t done;
		assert_int_equal(table_make_start(&m, fd2, "patterns"), 0);
		for (int k = 0; k < 6000;) {
			size_t n = 0;
			for (; n < sizes[s] && k < 6000; n++, k++) {
				shared_rule(k, &r[n]);
				order[n] = (unsigned long)k + 1;
			}
			assert_int_equal(table_make_patterns(&m, order, r, n, &done), 0);
			assert_int_equal(done, n);
		}
		assert_int_equal(table_make_finish(&m), 0);
		b2 = table_bytes(fd2, &size2);
		assert_int_equal(size2, size1);
		assert_memory_equal(b1, b2, (size_t)size1);
		free(b2);
		close(fd2);
	}
	free(b1);
	close(fd1);
}

/* In a batch, the glob one too many under every key it could go under is
 * the one reported, and those before it are filed. */
static void test_batch_crowded(void **state)
{
	static struct rule_pattern r[TABLE_MAKE_BATCH];
	unsigned long order[TABLE_MAKE_BATCH];
	const char *why;
	size_t done = 99;
	int fd = temp_file();
	(void)state;
	assert_int_equal(table_make_start(&m, fd, "patterns"), 0);
	for (int k = 0; k < 40; k++) {
		assert_int_equal(rules_parse_pattern("*xq*", 4, &r[0], &why), 1);
		assert_int_equal(table_make_pattern(&m, (unsigned long)k + 1, &r[0]), 0);
	}
	for (int k = 0; k < TABLE_MAKE_BATCH; k++) {
		assert_int_equal(rules_parse_pattern("*xq*", 4, &r[k], &why), 1);
		order[k] = (unsigned long)k + 41;
	}
	assert_int_equal(table_make_patterns(&m, order, r, TABLE_MAKE_BATCH, &done),
			 TABLE_MAKE_CROWDED);
	assert_int_equal(done, TABLE_KEY_GLOBS_MAX - 40);
	assert_int_equal(table_make_finish(&m), 0);
	close(fd);
}

/* The value filed under key in the table at fd. */
static void value_of(int fd, const char *key, char *value, size_t size)
{
	struct cdb c;
	size_t len;
	cdb_init(&c, fd);
	assert_int_equal(cdb_find(&c, (const unsigned char *)key, strlen(key)), 1);
	len = cdb_datalen(&c);
	assert_true(len < size);
	assert_int_equal(cdb_read(&c, (unsigned char *)value, len, cdb_datapos(&c)), 0);
	value[len] = 0;
	cdb_free(&c);
}

/* A record's numbers, its order and its delay in ms, in decimal: every
 * number of digits, the ends of each, the largest order. */
static void test_numbers(void **state)
{
	static const unsigned long orders[] = {1,
					       9,
					       10,
					       99,
					       100,
					       101,
					       999,
					       1000,
					       12345,
					       999999,
					       1000000,
					       4294967295UL,
					       (unsigned long)-1};
	static const char *const delays[] = {"0",     "0.001", "0.009", "0.01", "0.099", "0.1",
					     "0.999", "1",     "9.999", "10",   "86400", "3600.5"};
	static const char *const ms[] = {"0",   "1",    "9",    "10",    "99",       "100",
					 "999", "1000", "9999", "10000", "86400000", "3600500"};
	char line[80], key[80], value[400], want[400], order[24];
	struct rule_pattern r;
	const char *why;
	int fd = temp_file();
	(void)state;
	assert_int_equal(table_make_start(&m, fd, "patterns"), 0);
	for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
		snprintf(line, sizeof line, "h%zu.example x %s", k,
			 delays[k % (sizeof delays / sizeof delays[0])]);
		assert_int_equal(rules_parse_pattern(line, strlen(line), &r, &why), 1);
		assert_int_equal(table_make_pattern(&m, orders[k], &r), 0);
	}
	assert_int_equal(table_make_finish(&m), 0);
	for (size_t k = 0; k < sizeof orders / sizeof orders[0]; k++) {
		snprintf(key, sizeof key, "sh%zu.example", k);
		snprintf(order, sizeof order, "%lu", orders[k]);
		snprintf(want, sizeof want, "%s %s x h%zu.example", order,
			 ms[k % (sizeof ms / sizeof ms[0])], k);
		value_of(fd, key, value, sizeof value);
		assert_string_equal(value, want);
	}
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_full_disk_whitelist),
	    cmocka_unit_test(test_full_disk_small_patterns),
	    cmocka_unit_test(test_next_table_starts_clean),
	    cmocka_unit_test(test_batch_same_table),
	    cmocka_unit_test(test_batch_crowded),
	    cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
