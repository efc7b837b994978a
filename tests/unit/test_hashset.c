/* Unit tests for hashset: distinct strings numbered in order of first
 * sight, and sets of 64-bit keys. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "hashset.h"

/* Keys short enough for the entry, for the slot, and longer; each one
 * numbered once, and read back byte for byte. */
static void numbers(void **state)
{
	static const char *const keys[] = {
	    "192.0.2.1",
	    "2001:db8::1",
	    "dsl-192-0-2-1.ex",   /* STRSET_INLINE bytes: the last kept in the entry */
	    "dsl-192-0-2-1.exam", /* in the slot, not the entry */
	    "dsl-192-0-2-1.example.net",
	    "2001:db8:85a3:8d3:1319:8a2e:370:7348",
	    "",
	};
	struct strset set;
	size_t n = sizeof keys / sizeof keys[0], len;
	int isnew;
	(void)state;
	strset_init(&set);
	for (size_t k = 0; k < n; k++) {
		assert_int_equal(strset_add(&set, keys[k], strlen(keys[k]), &isnew), (long)k);
		assert_true(isnew);
	}
	for (size_t k = n; k-- > 0;) {
		assert_int_equal(strset_add(&set, keys[k], strlen(keys[k]), &isnew), (long)k);
		assert_false(isnew);
	}
	assert_int_equal(set.count, n);
	for (size_t k = 0; k < n; k++) {
		const char *p = strset_key(&set, k, &len);
		assert_int_equal(len, strlen(keys[k]));
		assert_memory_equal(p, keys[k], len);
	}
	strset_free(&set);
	assert_int_equal(set.count, 0);
}

/* Keys differ by their bytes, NUL included, and by their length. */
static void bytes(void **state)
{
	struct strset set;
	int isnew;
	(void)state;
	strset_init(&set);
	assert_int_equal(strset_add(&set, "ab\0c", 4, &isnew), 0);
	assert_int_equal(strset_add(&set, "ab\0d", 4, &isnew), 1);
	assert_int_equal(strset_add(&set, "ab", 2, &isnew), 2);
	assert_int_equal(strset_add(&set, "ab\0", 3, &isnew), 3);
	assert_int_equal(strset_add(&set, "AB", 2, &isnew), 4);
	assert_int_equal(strset_add(&set, "ab\0c", 4, &isnew), 0);
	assert_false(isnew);
	strset_free(&set);
}

/* A hundred thousand names of every length class: the set grows, and
 * every name keeps its number and its bytes. */
static void growth(void **state)
{
	struct strset set;
	char name[64];
	size_t len;
	int isnew;
	(void)state;
	strset_init(&set);
	for (int k = 0; k < 100000; k++) {
		int n = sprintf(name, k % 3 ? "h%d" : "host-%d.dyn.example.net", k);
		assert_int_equal(strset_add(&set, name, (size_t)n, &isnew), k);
		assert_true(isnew);
	}
	for (int k = 0; k < 100000; k += 7) {
		int n = sprintf(name, k % 3 ? "h%d" : "host-%d.dyn.example.net", k);
		assert_int_equal(strset_add(&set, name, (size_t)n, &isnew), k);
		assert_false(isnew);
		assert_memory_equal(strset_key(&set, (size_t)k, &len), name, (size_t)n);
		assert_int_equal(len, (size_t)n);
	}
	assert_int_equal(set.count, 100000);
	strset_free(&set);
}

/* u64set: 1 for a new key, 0 for one seen; the largest key has no room. */
static void keys(void **state)
{
	struct u64set set;
	(void)state;
	u64set_init(&set);
	for (uint64_t k = 0; k < 50000; k++)
		assert_int_equal(u64set_add(&set, k << 32 | (k * 7 & 0xffffffff)), 1);
	for (uint64_t k = 0; k < 50000; k += 3)
		assert_int_equal(u64set_add(&set, k << 32 | (k * 7 & 0xffffffff)), 0);
	assert_int_equal(set.count, 50000);
	assert_int_equal(u64set_add(&set, UINT64_MAX - 1), 1);
	assert_int_equal(u64set_add(&set, UINT64_MAX), -1);
	assert_int_equal(set.count, 50001);
	u64set_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(numbers),
	    cmocka_unit_test(bytes),
	    cmocka_unit_test(growth),
	    cmocka_unit_test(keys),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
