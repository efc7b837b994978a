/* Unit tests for grow: tables that double, so that a log of millions of
 * addresses costs a few dozen reallocations, and start their counts at 0. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "grow.h"

/* A million appends, one at a time: the capacity doubles each time it
 * changes, and every new element is 0 however the old ones were used. */
static void doubling(void **state)
{
	unsigned long *t = 0;
	size_t cap = 0, last = 0, changes = 0;
	(void)state;
	for (size_t n = 1; n <= 1000000; n++) {
		assert_int_equal(grow(&t, &cap, n, sizeof *t), 0);
		assert_true(cap >= n);
		if (cap != last) {
			assert_true(last == 0 || cap >= 2 * last);
			for (size_t k = last; k < cap; k++)
				assert_int_equal(t[k], 0);
			changes++;
			last = cap;
		}
		t[n - 1] = ~0UL; /* the old part is in use */
	}
	assert_true(changes <= 15);
	for (size_t k = 0; k < 1000000; k++)
		assert_int_equal(t[k], ~0UL);
	free(t);
}

/* Room already there changes nothing; a jump grows at once. */
static void jumps(void **state)
{
	char *t = 0, *was;
	size_t cap = 0;
	(void)state;
	assert_int_equal(grow(&t, &cap, 0, 1), 0);
	assert_int_equal(grow(&t, &cap, 100000, 1), 0);
	assert_true(cap >= 100000);
	was = t;
	assert_int_equal(grow(&t, &cap, 50, 1), 0);
	assert_ptr_equal(t, was);
	assert_true(cap >= 100000);
	for (size_t k = 0; k < cap; k++)
		assert_int_equal(t[k], 0);
	free(t);
}

/* More elements than bytes can count is out of memory, not a wrap-around
 * to a small table; the table is left as it was. */
static void overflow(void **state)
{
	uint64_t *t = 0;
	size_t cap = 0;
	(void)state;
	assert_int_equal(grow(&t, &cap, 10, sizeof *t), 0);
	t[9] = 42;
	assert_int_equal(grow(&t, &cap, SIZE_MAX / sizeof *t + 1, sizeof *t), -1);
	assert_int_equal(grow(&t, &cap, SIZE_MAX / 2, sizeof *t), -1);
	assert_true(cap >= 10 && cap < 1000);
	assert_int_equal(t[9], 42);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(doubling),
	    cmocka_unit_test(jumps),
	    cmocka_unit_test(overflow),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
