/* Unit tests for grid: aligned text, CSV quoting, escaping of bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>
#include "grid.h"

static char captured[16384];
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

/* Hundreds of rows line up under the widest cell; a NUL byte is data,
 * shown escaped, and a cell longer than 4096 bytes is cut there. */
static void many_rows(void **state)
{
	static char big[5000];
	struct grid g;
	char num[16], want[64];
	size_t lines = 0;
	(void)state;
	ncaptured = 0;
	grid_init(&g, 2, "lr");
	for (int k = 0; k < 300; k++) {
		sprintf(num, "%d", k);
		assert_int_equal(grid_adds(&g, k == 150 ? "widest label" : "x"), 0);
		assert_int_equal(grid_adds(&g, num), 0);
	}
	assert_int_equal(grid_print_text(&g, &out, ""), 0);
	assert_int_equal(buffer_flush(&out), 0);
	for (const char *p = captured; (p = strchr(p, '\n')); p++)
		lines++;
	assert_int_equal(lines, 300);
	assert_non_null(strstr(captured, "\nwidest label  150\n"));
	assert_non_null(strstr(captured, "\nx             299\n"));
	grid_free(&g);

	ncaptured = 0;
	grid_init(&g, 1, "l");
	assert_int_equal(grid_add(&g, "a\0b", 3), 0);
	memset(big, 'y', sizeof big);
	assert_int_equal(grid_add(&g, big, sizeof big), 0);
	assert_int_equal(grid_print_csv(&g, &out), 0);
	assert_int_equal(buffer_flush(&out), 0);
	assert_memory_equal(captured, "a\\x00b\n", 7);
	assert_int_equal(ncaptured, 7 + 4096 + 1);
	sprintf(want, "%.*s\n", 20, big);
	assert_string_equal(captured + ncaptured - 21, want);
	grid_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(text),
	    cmocka_unit_test(csv),
	    cmocka_unit_test(short_row),
	    cmocka_unit_test(many_rows),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
