/* Unit tests for grid: aligned text, CSV quoting, escaping of bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>
#include "grid.h"

static char captured[4096];
static size_t ncaptured;

/* A write(2) stand-in that keeps what the buffer flushes. */
static ssize_t capture(int fd, const char *s, size_t n)
{
	(void)fd;
	if (n > sizeof captured - 1 - ncaptured)
		n = sizeof captured - 1 - ncaptured;
	memcpy(captured + ncaptured, s, n);
	ncaptured += n;
	captured[ncaptured] = 0;
	return (ssize_t)n;
}

static char space[256];
static buffer out = BUFFER_INIT(capture, 1, space, sizeof space);

/* A 2x3 grid with a header. */
static void fill(struct grid *g)
{
	grid_init(g, 3, "lrr");
	assert_int_equal(grid_adds(g, "what"), 0);
	assert_int_equal(grid_adds(g, "n"), 0);
	assert_int_equal(grid_adds(g, "%"), 0);
	assert_int_equal(grid_adds(g, "a, \"b\""), 0);
	assert_int_equal(grid_adds(g, "12,345"), 0);
	assert_int_equal(grid_add(g, "x\033y\\", 4), 0);
}

static void text(void **state)
{
	struct grid g;
	(void)state;
	ncaptured = 0;
	fill(&g);
	assert_int_equal(grid_print_text(&g, &out, "  "), 0);
	assert_int_equal(buffer_flush(&out), 0);
	assert_string_equal(captured, "  what         n           %\n"
				      "  a, \"b\"  12,345  x\\x1by\\x5c\n");
	grid_free(&g);
}

static void csv(void **state)
{
	struct grid g;
	(void)state;
	ncaptured = 0;
	fill(&g);
	assert_int_equal(grid_print_csv(&g, &out), 0);
	assert_int_equal(buffer_flush(&out), 0);
	assert_string_equal(captured, "what,n,%\n\"a, \"\"b\"\"\",\"12,345\",x\\x1by\\x5c\n");
	grid_free(&g);
}

static void short_row(void **state)
{
	struct grid g;
	(void)state;
	ncaptured = 0;
	grid_init(&g, 2, "ll");
	assert_int_equal(grid_adds(&g, "only"), 0);
	assert_int_equal(grid_print_text(&g, &out, ""), 0);
	assert_int_equal(buffer_flush(&out), 0);
	assert_string_equal(captured, "only\n");
	grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text),
	    cmocka_unit_test(csv),
	    cmocka_unit_test(short_row),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
