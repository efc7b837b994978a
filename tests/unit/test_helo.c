/* helo: the HELO name rules, one definition each, as greetwait-stats
 * counts them and greetwait-helo enforces them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "helo.h"
#include "ip.h"

#define S(x) x, strlen(x)

/* The two names quoted in fanf's "more HELO statistics". */
static const char *const fanf[] = {
    "Antigone.meter.ernet.ne.jpsouthparkmail.comnetlane.com"
    "louiskoo.comjpopmail.comtw60.186.213.104",
    "cave.ngs.ouse.hello.nlsammail.compcmail.com.twsouthparkmail.com",
};

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
	/* only the len bytes given count */
	assert_true(helo_is_dotted_quad("192.0.2.8 and more", 9));
	assert_false(helo_is_dotted_quad("192.0.2.8", 8));
	assert_false(helo_is_dotted_quad("192.0.2.8\0", 10));
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
	char name[60];
	(void)state;
	memset(name, 'a', sizeof name);
	assert_false(helo_is_long(name, 54));
	assert_true(helo_is_long(name, 55));
	assert_true(helo_is_long(S(fanf[0])));
	assert_true(helo_is_long(S(fanf[1])));
	assert_false(helo_is_long(S("cave.ngs.ouse.hello.nl")));
	assert_true(helo_is_long_at(S("abcd"), 4));
	assert_false(helo_is_long_at(S("abc"), 4));
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

static void bare_ip(void **state)
{
	(void)state;
	assert_true(helo_is_bare_ip(S("192.0.2.7")));
	assert_true(helo_is_bare_ip(S("2001:db8::7")));
	assert_true(helo_is_bare_ip(S("::ffff:192.0.2.7")));
	assert_false(helo_is_bare_ip(S("[192.0.2.7]")));
	assert_false(helo_is_bare_ip(S("192.0.2.256")));
	assert_false(helo_is_bare_ip(S("192.0.2.7.example.net")));
	assert_false(helo_is_bare_ip(S("2001:db8::7::1")));
	assert_false(helo_is_bare_ip(S(fanf[0])));
}

static void literal(void **state)
{
	struct ip ip, client;
	(void)state;
	assert_true(helo_literal(S("[192.0.2.7]"), &ip));
	assert_int_equal(ip.len, 4);
	assert_memory_equal(ip.b, "\300\000\002\007", 4);
	assert_true(helo_literal(S("[IPv6:2001:DB8::7]"), &ip));
	assert_int_equal(ip.len, 16);
	assert_true(helo_literal(S("[ipv6:2001:db8::7]"), &ip));
	assert_false(helo_literal(S("[2001:db8::7]"), &ip));
	assert_false(helo_literal(S("[IPv6:192.0.2.7]"), &ip));
	assert_false(helo_literal(S("[192.0.2]"), &ip));
	assert_false(helo_literal(S("192.0.2.7"), &ip));
	assert_false(helo_literal(S("[]"), &ip));
	assert_true(ip_parse(&client, "192.0.2.7"));
	assert_false(helo_literal_mismatch(S("[192.0.2.7]"), &client));
	assert_true(helo_literal_mismatch(S("[192.0.2.8]"), &client));
	assert_true(helo_literal_mismatch(S("[IPv6:2001:db8::7]"), &client));
	assert_false(helo_literal_mismatch(S("mail.example.org"), &client));
	assert_false(helo_literal_mismatch(S("[192.0.2.8]"), 0));
}

/* fanf's names, shorter runs of the same kind, and honest names shaped
 * like them: a bare com in the middle, or three labels that begin with
 * com, net or org, or an address glued to a word. */
static void concatenated(void **state)
{
	static const struct {
		const char *name;
		int glued;
	} cases[] = {
	    {"hello.nlsammail.compcmail.com.twsouthparkmail.com", 1},
	    {"jpsouthparkmail.comnetlane.comlouiskoo.comjpopmail.com", 1},
	    /* two words that begin with com or net are not enough: honest names have them */
	    {"jpsouthparkmail.comnetlane.comlouiskoo.com", 0},
	    {"louiskoo.comtw60.186.213.104", 1},
	    {"60.186.213.104jpsouthparkmail.com", 1},
	    /* a trailing dot changes nothing */
	    {"louiskoo.comtw60.186.213.104.", 1},
	    {"hello.nlsammail.compcmail.com.twsouthparkmail.com.", 1},
	    {"smtp.mail.compute.network.example.com.au.", 0},
	    {"mailhost.comp.netlab.example.ac.uk", 0},
	    {"www.example.com.cdn.cloudflare.net", 0},
	    {"mx.example.com.edgekey.net.example.org", 1},
	    {"mx.compute.network.organic.example.org", 1},
	    {"mx.compute.example.com.edgekey.net.example", 1},
	    {"host-60.186.213.104", 0}, /* after a hyphen: not glued */
	};
	(void)state;
	for (int k = 0; k < 2; k++) {
		assert_true(helo_is_concatenated(S(fanf[k])));
		assert_false(helo_has_double_dot(S(fanf[k])));
	}
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		if (helo_is_concatenated(S(cases[k].name)) != cases[k].glued)
			fail_msg("%s: concatenated should be %d", cases[k].name, cases[k].glued);
}

static void sld(void **state)
{
	size_t sld, tld, end;
	const char *n;
	(void)state;
	n = "mail.example.com";
	assert_true(helo_sld(S(n), &sld, &tld, &end));
	assert_string_equal(n + sld, "example.com");
	assert_string_equal(n + tld, "com");
	n = "Example.COM.";
	assert_true(helo_sld(S(n), &sld, &tld, &end));
	assert_int_equal(sld, 0);
	assert_int_equal(tld, 8);
	assert_int_equal(end, 11);
	assert_false(helo_sld(S("localhost"), &sld, &tld, &end));
	assert_false(helo_sld(S("192.0.2.7"), &sld, &tld, &end));
	assert_false(helo_sld(S("host.1.2"), &sld, &tld, &end));
	assert_false(helo_sld(S("[192.0.2.7]"), &sld, &tld, &end));
	assert_false(helo_sld(S(".com"), &sld, &tld, &end));
	assert_false(helo_sld(S("a..com"), &sld, &tld, &end));
	assert_false(helo_sld(S("a.b c.com"), &sld, &tld, &end));
	/* only the last two labels count */
	assert_true(helo_sld(S("a b.c.com"), &sld, &tld, &end));

	assert_true(helo_sld_is_bogus(1, 0));
	assert_false(helo_sld_is_bogus(1, 1)); /* exists, with or without NS */
	assert_false(helo_sld_is_bogus(1, -1));
	assert_false(helo_sld_is_bogus(0, 0));
	assert_false(helo_sld_is_bogus(-1, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(dots),       cmocka_unit_test(dotted_quad),
	    cmocka_unit_test(double_dot), cmocka_unit_test(long_name),
	    cmocka_unit_test(command),    cmocka_unit_test(bare_ip),
	    cmocka_unit_test(literal),    cmocka_unit_test(concatenated),
	    cmocka_unit_test(sld),
	};
	return cmocka_run_group_tests_name("helo", tests, 0, 0);
}
