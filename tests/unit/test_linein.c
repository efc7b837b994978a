/* Unit tests for linein: the lines of a file, plain or gzip-compressed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <cmocka.h>
#include "linein.h"

/* A file holding len bytes of text, gzip-compressed if gzip; its open
 * descriptor, at the start. */
static int file(const char *text, size_t len, int gzip)
{
	char path[] = "/tmp/test_linein.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	if (gzip) {
		gzFile gz = gzdopen(dup(fd), "wb");
		assert_non_null(gz);
		assert_int_equal(gzwrite(gz, text, (unsigned int)len), (int)len);
		assert_int_equal(gzclose(gz), Z_OK);
	} else
		assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* Read every line of fd; check them against want (n lines, NULL for an
 * overlong one); then the end, and whether it was gzip. */
static void expect(int fd, const char *const *want, size_t n, int gzip)
{
	static struct linein in;
	const char *line;
	size_t len;
	assert_int_equal(linein_open(&in, fd), 0);
	for (size_t k = 0; k < n; k++) {
		int r = linein_next(&in, &line, &len);
		if (!want[k]) {
			assert_int_equal(r, 2);
			assert_int_equal(len, 0);
		} else {
			assert_int_equal(r, 1);
			assert_int_equal(len, strlen(want[k]));
			assert_memory_equal(line, want[k], len);
		}
	}
	assert_int_equal(linein_next(&in, &line, &len), 0);
	assert_int_equal(linein_compressed(&in), gzip);
	assert_int_equal(linein_close(&in), 0);
}

/* Plain and gzip text read alike; an empty line is a line, and the last
 * one counts without its newline. */
static void lines(void **state)
{
	static const char text[] = "greetwait: a\n\nb\r\nlast";
	static const char *const want[] = {"greetwait: a", "", "b\r", "last"};
	(void)state;
	for (int gzip = 0; gzip < 2; gzip++)
		expect(file(text, sizeof text - 1, gzip), want, 4, gzip);
	expect(file("", 0, 0), want, 0, 0);
}

/* A line longer than LINEIN_MAX is skipped whole and reported, once,
 * wherever the buffer's refills cut it; one of LINEIN_MAX bytes is kept. */
static void overlong(void **state)
{
	static const char *want[7];
	size_t n = 0, len = 0;
	char *text = malloc(200000), *max = malloc(LINEIN_MAX + 1);
	(void)state;
	assert_non_null(text);
	assert_non_null(max);
	memset(max, 'm', LINEIN_MAX);
	max[LINEIN_MAX] = 0;
	for (int k = 0; k < 3; k++) { /* short, too long by one, far too long */
		size_t long_len = k == 0 ? 10 : k == 1 ? LINEIN_MAX + 1 : 150000;
		memset(text + len, 'x', long_len);
		len += long_len;
		text[len++] = '\n';
		want[n++] = k == 0 ? "xxxxxxxxxx" : 0;
	}
	memcpy(text + len, max, LINEIN_MAX);
	len += LINEIN_MAX;
	text[len++] = '\n';
	want[n++] = max;
	memcpy(text + len, "after\n", 6);
	len += 6;
	want[n++] = "after";
	memset(text + len, 'z', LINEIN_MAX + 5); /* the last line, too long, no newline */
	len += LINEIN_MAX + 5;
	want[n++] = 0;
	for (int gzip = 0; gzip < 2; gzip++)
		expect(file(text, len, gzip), want, n, gzip);
	free(text);
	free(max);
}

/* A gzip file cut short gives the lines before the damage (the last one
 * maybe cut), then says so, at the end or at the close. */
static void damaged(void **state)
{
	static struct linein in;
	static char text[100000];
	const char *line;
	size_t len, good = 0;
	off_t size;
	int fd, r, cut = 0;
	(void)state;
	for (size_t k = 0; k < sizeof text; k += 20)
		memcpy(text + k, "greetwait: 12345678\n", 20);
	fd = file(text, sizeof text, 1);
	size = lseek(fd, 0, SEEK_END);
	assert_true(size > 100);
	assert_int_equal(ftruncate(fd, size / 2), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(linein_open(&in, fd), 0);
	while ((r = linein_next(&in, &line, &len)) == 1) {
		assert_false(cut); /* only the last line may be cut */
		assert_memory_equal(line, "greetwait: 12345678", len < 19 ? len : 19);
		if (len != 19)
			cut = 1;
		else
			good++;
	}
	assert_true(good > 0 && good < sizeof text / 20);
	if (r == -1)
		linein_close(&in);
	else
		assert_int_equal(linein_close(&in), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lines),
	    cmocka_unit_test(overlong),
	    cmocka_unit_test(damaged),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
