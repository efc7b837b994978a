/* Unit tests for svg: the impatience histogram as a picture. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "svg.h"

static char picture[65536];

/* Draw counts (n buckets of widthms) and keep the text in picture. */
static void draw(const unsigned long *counts, size_t n, unsigned long widthms, const char *what)
{
	FILE *f = tmpfile();
	size_t len;
	assert_non_null(f);
	assert_int_equal(svg_impatience(f, counts, n, widthms, what), 0);
	rewind(f);
	len = fread(picture, 1, sizeof picture - 1, f);
	assert_true(len > 0 && len < sizeof picture - 1);
	picture[len] = 0;
	fclose(f);
}

/* How often needle occurs in picture. */
static size_t occurrences(const char *needle)
{
	size_t n = 0;
	for (const char *p = picture; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* One bar per bucket, titled with its count, in bucket order; the title
 * says how many of what; a complete document. */
static void bars(void **state)
{
	static const unsigned long counts[] = {3934, 1053, 0, 14312};
	const char *p = picture;
	char title[64];
	(void)state;
	draw(counts, 4, 5000, "hosts");
	assert_int_equal(strncmp(picture, "<?xml version=\"1.0\"", 19), 0);
	assert_non_null(strstr(picture, "</svg>\n"));
	assert_int_equal(occurrences("<svg "), 1);
	assert_non_null(
	    strstr(picture, ">How long 19,299 hosts waited before hanging up or talking<"));
	assert_int_equal(occurrences("</title></rect>"), 4);
	for (size_t k = 0; k < 4; k++) {
		sprintf(title, "><title>%lu</title></rect>", counts[k]);
		assert_non_null(p = strstr(p, title));
	}
	assert_int_equal(occurrences("<polyline "), 1);
	assert_non_null(strstr(picture, ">seconds waited<"));
}

/* The axis is labelled in seconds of the bucket width, fractions kept. */
static void seconds_axis(void **state)
{
	static const unsigned long counts[] = {1, 2, 3};
	(void)state;
	draw(counts, 3, 2500, "connections");
	assert_non_null(strstr(picture, ">0</text>"));
	assert_non_null(strstr(picture, ">2.5</text>"));
	assert_non_null(strstr(picture, ">7.5</text>"));
	assert_non_null(strstr(picture, ">How long 6 connections waited"));
	assert_non_null(strstr(picture, ">connections</text>"));
}

/* Many buckets get at most about twenty labels, but every bar. */
static void many_buckets(void **state)
{
	unsigned long counts[200];
	(void)state;
	for (size_t k = 0; k < 200; k++)
		counts[k] = k % 7;
	draw(counts, 200, 1000, "hosts");
	assert_int_equal(occurrences("</title></rect>"), 200);
	assert_true(occurrences("text-anchor=\"middle\">") <= 21 + 4);
	assert_non_null(strstr(picture, ">190</text>"));
	assert_null(strstr(picture, ">199</text>"));
}

/* No counts at all is still a picture, with no bars. */
static void empty(void **state)
{
	(void)state;
	draw(0, 0, 5000, "hosts");
	assert_int_equal(occurrences("</title></rect>"), 0);
	assert_non_null(strstr(picture, ">How long 0 hosts waited"));
	assert_non_null(strstr(picture, "</svg>\n"));
}

/* A full disk is reported, by the drawing or at the close. */
static void full_disk(void **state)
{
	unsigned long counts[100];
	FILE *f = fopen("/dev/full", "w");
	int r;
	(void)state;
	if (!f)
		skip();
	for (size_t k = 0; k < 100; k++)
		counts[k] = k;
	r = svg_impatience(f, counts, 100, 5000, "hosts");
	assert_true(fclose(f) == EOF || r < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(bars),  cmocka_unit_test(seconds_axis), cmocka_unit_test(many_buckets),
	    cmocka_unit_test(empty), cmocka_unit_test(full_disk),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
