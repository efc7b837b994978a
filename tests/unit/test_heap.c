/* heap: timers come out earliest first, whatever order they were set,
 * moved or taken out in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "heap.h"

#define N 1000

static void test_order(void **state)
{
	static struct timer t[N];
	struct heap h = {0};
	unsigned long last = 0;
	size_t out = 0;
	(void)state;
	srand(14);
	for (size_t k = 0; k < N; k++) {
		t[k].index = HEAP_NONE;
		assert_true(heap_set(&h, &t[k], (unsigned long)(rand() % 5000)));
	}
	for (size_t k = 0; k < N; k += 3)
		assert_true(heap_set(&h, &t[k], (unsigned long)(rand() % 5000))); /* moved */
	for (size_t k = 1; k < N; k += 7)
		heap_remove(&h, &t[k]);
	heap_remove(&h, &t[1]); /* twice: nothing */
	while (heap_top(&h)) {
		struct timer *top = heap_top(&h);
		assert_true(top->at >= last);
		last = top->at;
		heap_remove(&h, top);
		assert_int_equal(top->index, HEAP_NONE);
		out++;
	}
	assert_int_equal(out, N - (N + 5) / 7);
	free(h.t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_order)};
	return cmocka_run_group_tests(tests, 0, 0);
}
