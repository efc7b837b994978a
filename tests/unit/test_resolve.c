/* resolve: the PTR question asked for a client; a forward question is
 * asked only for a name that fits DNS's wire form (255 bytes, labels of
 * 63); any other is refused with a reason, and so never confirmed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dns.h"
#include "ip.h"
#include "resolve.h"

/* The question of the query under way: its name in wire form, then type
 * and class (libowfat's query: a 2-byte length, the 12-byte header). */
static void asks(const struct resolve *r, const char *name, size_t len, const char *type)
{
	assert_int_equal(r->tx.querylen, 2 + 12 + len + 4);
	assert_memory_equal(r->tx.query + 14, name, len);
	assert_memory_equal(r->tx.query + 14 + len, type, 2);
	assert_memory_equal(r->tx.query + 16 + len, DNS_C_IN, 2);
}

static void test_ptr_question(void **state)
{
	static struct resolve r;
	static const char v6[] =
	    "\0017\0010\0010\0010\0010\0010\0010\0010\0010\0010\0010"
	    "\0010\0010\0010\0010\0010\0010\0010\0010\0010\0010\0010"
	    "\0010\0010\0018\001b\001d\0010\0011\0010\0010\0012\003ip6\004arpa";
	static const char v4[] = "\0017\0012\0010\003192\007in-addr\004arpa";
	struct ip ip;
	(void)state;
	assert_int_equal(setenv("DNSCACHEIP", "127.0.0.1", 1), 0);
	assert_int_equal(resolve_init(&r), 1);
	assert_true(ip_parse(&ip, "192.0.2.7"));
	assert_int_equal(resolve_ptr_start(&r, &ip), 1);
	asks(&r, v4, sizeof v4, DNS_T_PTR); /* the NUL is the root's empty label */
	resolve_stop(&r);
	assert_true(ip_parse(&ip, "2001:db8::7"));
	assert_int_equal(resolve_ptr_start(&r, &ip), 1);
	asks(&r, v6, sizeof v6, DNS_T_PTR);
	resolve_stop(&r);
}

/* name, as four labels of the given lengths joined by dots, into r. */
static void labels(struct resolve *r, size_t a, size_t b, size_t c, size_t d)
{
	size_t len[4] = {a, b, c, d}, n = 0;
	for (int k = 0; k < 4; k++) {
		if (k)
			r->name[n++] = '.';
		memset(r->name + n, 'a' + k, len[k]);
		n += len[k];
	}
	r->name[n] = 0;
	r->namelen = n;
}

static void test_forward_fits(void **state)
{
	static struct resolve r;
	(void)state;
	/* the servers: nothing listens there, and no answer is awaited */
	assert_int_equal(setenv("DNSCACHEIP", "127.0.0.1", 1), 0);
	assert_int_equal(resolve_init(&r), 1);
	r.client.len = 4;
	/* 253 characters, 255 bytes in wire form: the longest name there is */
	labels(&r, 63, 63, 63, 61);
	assert_int_equal(resolve_forward_start(&r), 1);
	assert_int_equal(r.tx.querylen, 255 + 18); /* header, name, type, class */
	resolve_stop(&r);
	/* one byte more, 254 characters: the question would be 256 bytes */
	labels(&r, 63, 63, 63, 62);
	assert_int_equal(resolve_forward_start(&r), 0);
	assert_string_equal(r.error, "unable to look up A: name too long for DNS");
	labels(&r, 63, 63, 63, 63);
	r.error[0] = 0;
	assert_int_equal(resolve_forward_start(&r), 0);
	assert_string_equal(r.error, "unable to look up A: name too long for DNS");
	/* a label of 64 */
	labels(&r, 1, 1, 1, 64);
	r.error[0] = 0;
	assert_int_equal(resolve_forward_start(&r), 0);
	assert_string_equal(r.error, "unable to look up A: name too long for DNS");
	/* a PTR name that was cut to fit r->name is not asked either */
	labels(&r, 3, 3, 3, 3);
	r.cut = 1;
	r.client.len = 16;
	r.error[0] = 0;
	assert_int_equal(resolve_forward_start(&r), 0);
	assert_string_equal(r.error, "unable to look up AAAA: name too long for DNS");
	r.cut = 0;
	assert_int_equal(resolve_forward_start(&r), 1);
	assert_int_equal(r.tx.querylen, 17 + 18);
	resolve_stop(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ptr_question),
	    cmocka_unit_test(test_forward_fits),
	};
	return cmocka_run_group_tests_name("resolve", tests, 0, 0);
}
