/* grow: array_allocate with a room that doubles, and nothing lost or
 * uninitialised on the way. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "grow.h"

static void test_contents_and_room(void **state)
{
	array a = {0};
	long grows = 0;
	int64 room = 0;
	(void)state;
	for (long i = 0; i < 1000000; i++) {
		long *p = grow_allocate(&a, sizeof *p, i);
		assert_non_null(p);
		assert_int_equal(*p, 0); /* fresh slots read as zero */
		*p = i;
		if (a.allocated != room) {
			grows++;
			room = a.allocated;
		}
	}
	assert_int_equal(array_length(&a, sizeof(long)), 1000000);
	for (long i = 0; i < 1000000; i += 9973)
		assert_int_equal(((long *)array_start(&a))[i], i);
	/* a page at a time would take about 2,000 reallocs; doubling about 20 */
	assert_true(grows < 40);
	array_reset(&a);
}

static void test_sparse(void **state)
{
	array a = {0};
	(void)state;
	assert_non_null(grow_allocate(&a, 1, 10));
	assert_int_equal(array_length(&a, 1), 11);
	assert_non_null(grow_allocate(&a, 1, 100000));
	assert_int_equal(array_length(&a, 1), 100001);
	assert_int_equal(((char *)array_start(&a))[50000], 0);
	array_reset(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_contents_and_room),
	    cmocka_unit_test(test_sparse),
	};
	return cmocka_run_group_tests_name("grow", tests, 0, 0);
}
