/* Unit tests for helo: the HELO name rules. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "helo.h"

#define S(x) x, strlen(x)

static void dots(void **state)
{
	(void)state;
	assert_int_equal(helo_dots(S("localhost")), 0);
	assert_int_equal(helo_dots(S("mail.example.org")), 2);
	assert_int_equal(helo_dots(S("a..b.")), 3);
	assert_int_equal(helo_dots(S("")), 0);
}

static void dotted_quad(void **state)
{
	(void)state;
	assert_true(helo_is_dotted_quad(S("192.0.2.8")));
	assert_true(helo_is_dotted_quad(S("0.0.0.0")));
	assert_true(helo_is_dotted_quad(S("255.255.255.255")));
	assert_false(helo_is_dotted_quad(S("256.1.1.1")));
	assert_false(helo_is_dotted_quad(S("1.2.3")));
	assert_false(helo_is_dotted_quad(S("1.2.3.4.5")));
	assert_false(helo_is_dotted_quad(S("1.2.3.")));
	assert_false(helo_is_dotted_quad(S(".1.2.3")));
	assert_false(helo_is_dotted_quad(S("1..2.3")));
	assert_false(helo_is_dotted_quad(S("1.2.3.0004")));
	assert_false(helo_is_dotted_quad(S("[192.0.2.8]")));
	assert_false(helo_is_dotted_quad(S("1.2.3.a")));
	assert_false(helo_is_dotted_quad(S("")));
}

static void double_dot(void **state)
{
	(void)state;
	assert_true(helo_has_double_dot(S("a..b")));
	assert_true(helo_has_double_dot(S("..")));
	assert_false(helo_has_double_dot(S("a.b.c.")));
	assert_false(helo_has_double_dot(S(".a")));
	assert_false(helo_has_double_dot(S("")));
}

static void long_name(void **state)
{
	const char *fanf = "Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.comlouiskoo."
			   "comjpopmail.comtw60.186.213.104";
	char name[60];
	(void)state;
	memset(name, 'a', sizeof name);
	assert_false(helo_is_long(name, 54));
	assert_true(helo_is_long(name, 55));
	assert_true(helo_is_long(S(fanf)));
	assert_false(helo_is_long(S("cave.ngs.ouse.hello.nl")));
}

static void command(void **state)
{
	const char *name;
	size_t len;
	(void)state;
	assert_true(helo_name_from_command(S("HELO 192.0.2.8"), &name, &len));
	assert_int_equal(len, 9);
	assert_memory_equal(name, "192.0.2.8", 9);
	assert_true(helo_name_from_command(S("ehlo  mail.example.org\r"), &name, &len));
	assert_int_equal(len, 16);
	assert_memory_equal(name, "mail.example.org", 16);
	assert_true(helo_name_from_command(S("Helo x y"), &name, &len));
	assert_int_equal(len, 1);
	assert_false(helo_name_from_command(S("HELO "), &name, &len));
	assert_false(helo_name_from_command(S("HELO"), &name, &len));
	assert_false(helo_name_from_command(S("HELOx a"), &name, &len));
	assert_false(helo_name_from_command(S("HHLO a"), &name, &len));
	assert_false(helo_name_from_command(S("MAIL FROM:<a@b>"), &name, &len));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(dots),       cmocka_unit_test(dotted_quad),
	    cmocka_unit_test(double_dot), cmocka_unit_test(long_name),
	    cmocka_unit_test(command),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
