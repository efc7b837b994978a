/* ip: parsing, canonical form, prefixes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <cmocka.h>

#include "ip.h"

static void canonical(const char *in, const char *want)
{
	struct ip ip;
	char out[IP_FMT];
	assert_true(ip_parse(&ip, in));
	ip_format(out, &ip);
	assert_string_equal(out, want);
}

static void test_forms(void **state)
{
	(void)state;
	canonical("192.0.2.7", "192.0.2.7");
	canonical("::ffff:192.0.2.7", "192.0.2.7");
	canonical("::FFFF:c000:0207", "192.0.2.7");
	canonical("0:0:0:0:0:ffff:c000:207", "192.0.2.7");
	canonical("2001:DB8:0:0:0:0:0:1", "2001:db8::1");
	canonical("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1");
	canonical("::1", "::1");
	canonical("fe80::", "fe80::");
	/* a lone trailing zero group is written out (libowfat fmt_ip6 wrote "::") */
	canonical("2001:db8:1:2:3:4:5:0", "2001:db8:1:2:3:4:5:0");
	canonical("1:0:0:2:3:4:5:0", "1::2:3:4:5:0");
	canonical("1:0:0:1:0:0:0:1", "1:0:0:1::1");
	canonical("0:0:1:0:0:1:0:0", "::1:0:0:1:0:0");
	canonical("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0");
}

static void test_rejects(void **state)
{
	struct ip ip;
	const char *bad[] = {"",
			     "1.2.3",
			     "1.2.3.4.5",
			     "256.1.1.1",
			     "1.2.3.4 ",
			     " 1.2.3.4",
			     "1..2.3",
			     "1.2.3.4x",
			     "1234.1.1.1",
			     ":::",
			     "2001:db8::1::2",
			     "1.2.3.-1",
			     "example.com",
			     "12345:db8::1",
			     "1.2.3.0004",
			     "99999999999999999999.1.2.3",
			     "1.2.3.4\n",
			     0};
	(void)state;
	for (int k = 0; bad[k]; k++)
		assert_false(ip_parse(&ip, bad[k]));
}

/* The dotted quad at the start of a longer text, as helo reads HELO names. */
static void test_scan4(void **state)
{
	unsigned char b[4];
	(void)state;
	assert_int_equal(ip_scan4("192.0.2.7", 9, b), 9);
	assert_memory_equal(b, "\300\000\002\007", 4);
	assert_int_equal(ip_scan4("192.0.2.7.example.net", 21, b), 9);
	assert_int_equal(ip_scan4("10.1.2.34", 8, b), 8); /* only len bytes: 10.1.2.3 */
	assert_int_equal(b[3], 3);
	assert_int_equal(ip_scan4("000.001.010.100", 15, b), 15);
	assert_memory_equal(b, "\000\001\012\144", 4);
	assert_int_equal(ip_scan4("1.2.3.4567", 10, b), 0);
	assert_int_equal(ip_scan4("1.2.3.256", 9, b), 0);
	assert_int_equal(ip_scan4("1.2.3", 5, b), 0);
	assert_int_equal(ip_scan4("1.2.3.", 6, b), 0);
	assert_int_equal(ip_scan4("1.2.3.4", 6, b), 0);
	assert_int_equal(ip_scan4("", 0, b), 0);
	assert_int_equal(ip_scan4("99999999999999999999999.1.1.1", 29, b), 0);
}

static void test_prefix(void **state)
{
	struct ip a, net;
	unsigned int bits;
	(void)state;
	assert_true(ip_parse_prefix(&net, &bits, "192.0.2.0/24"));
	assert_int_equal(bits, 24);
	assert_true(ip_parse(&a, "192.0.2.255"));
	assert_true(ip_in_prefix(&a, &net, 24));
	assert_true(ip_parse(&a, "192.0.3.0"));
	assert_false(ip_in_prefix(&a, &net, 24));
	assert_true(ip_parse_prefix(&net, &bits, "2001:db8::/32"));
	assert_true(ip_parse(&a, "2001:db8:ffff::1"));
	assert_true(ip_in_prefix(&a, &net, bits));
	assert_true(ip_parse(&a, "2001:db9::1"));
	assert_false(ip_in_prefix(&a, &net, bits));
	/* a v4 client never matches a v6 prefix */
	assert_true(ip_parse(&a, "192.0.2.1"));
	assert_false(ip_in_prefix(&a, &net, bits));
	/* mapped prefix counts in v4 bits */
	assert_true(ip_parse_prefix(&net, &bits, "::ffff:10.0.0.0/104"));
	assert_int_equal(net.len, 4);
	assert_int_equal(bits, 8);
	assert_false(ip_parse_prefix(&net, &bits, "192.0.2.0/33"));
	assert_false(ip_parse_prefix(&net, &bits, "192.0.2.0/"));
	assert_false(ip_parse_prefix(&net, &bits, "192.0.2.0/2x"));
	assert_true(ip_parse_prefix(&net, &bits, "10.1.2.3/0"));
	ip_mask(&net, bits);
	assert_true(ip_in_prefix(&a, &net, 0));
}

static void test_mask(void **state)
{
	struct ip ip;
	char out[IP_FMT];
	(void)state;
	assert_true(ip_parse(&ip, "192.0.2.255"));
	ip_mask(&ip, 25);
	ip_format(out, &ip);
	assert_string_equal(out, "192.0.2.128");
	assert_true(ip_parse(&ip, "2001:db8:1234:5678:9abc::1"));
	ip_mask(&ip, 64);
	ip_format(out, &ip);
	assert_string_equal(out, "2001:db8:1234:5678::");
}

static void test_sockaddr(void **state)
{
	struct sockaddr_in6 s6;
	struct ip ip;
	char out[IP_FMT];
	(void)state;
	memset(&s6, 0, sizeof s6);
	s6.sin6_family = AF_INET6;
	memcpy(&s6.sin6_addr, "\0\0\0\0\0\0\0\0\0\0\xff\xff\x7f\0\0\x03", 16);
	assert_true(ip_from_sockaddr(&ip, &s6, sizeof s6));
	ip_format(out, &ip);
	assert_string_equal(out, "127.0.0.3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_forms), cmocka_unit_test(test_rejects),
	    cmocka_unit_test(test_scan4), cmocka_unit_test(test_prefix),
	    cmocka_unit_test(test_mask),  cmocka_unit_test(test_sockaddr),
	};
	return cmocka_run_group_tests_name("ip", tests, 0, 0);
}
