/* nsquery_parse: DNS replies to an NS question, as a resolver or an
 * authoritative server sends them, and damaged ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dns.h"
#include "nsquery.h"

static char packet[512];
static unsigned int plen;

/* Start a reply: rcode, counts of answers and authority records. */
static void reply(int rcode, int answers, int authority)
{
	static const char question[] = "\007example\003com\000\000\002\000\001";
	memset(packet, 0, 12);
	packet[2] = (char)0x81;
	packet[3] = (char)(0x80 | rcode);
	packet[5] = 1;
	packet[7] = (char)answers;
	packet[9] = (char)authority;
	memcpy(packet + 12, question, sizeof question - 1);
	plen = 12 + sizeof question - 1;
}

/* Add a record: owner (wire form, or a pointer to the question's name), type, rdata. */
static void record(const char *owner, size_t olen, const char *type, const char *rdata, size_t rlen)
{
	memcpy(packet + plen, owner, olen);
	plen += (unsigned int)olen;
	memcpy(packet + plen, type, 2);
	memcpy(packet + plen + 2, "\000\001\000\000\016\020", 6);
	packet[plen + 8] = 0;
	packet[plen + 9] = (char)rlen;
	plen += 10;
	memcpy(packet + plen, rdata, rlen);
	plen += (unsigned int)rlen;
}

#define SELF "\300\014", 2
#define NS1  "\003ns1\300\014", 6

static enum nsquery_answer parse(void)
{
	char *q = 0;
	enum nsquery_answer a;
	assert_true(dns_domain_fromdot(&q, "example.com", 11));
	a = nsquery_parse(packet, plen, q);
	free(q);
	return a;
}

static void test_answers(void **state)
{
	(void)state;
	reply(0, 1, 0); /* a resolver's answer */
	record(SELF, DNS_T_NS, NS1);
	assert_int_equal(parse(), NSQUERY_FOUND);
	reply(0, 0, 1); /* an authoritative server's referral */
	record(SELF, DNS_T_NS, NS1);
	assert_int_equal(parse(), NSQUERY_FOUND);
	reply(0, 2, 0); /* a CNAME first, the NS after */
	record(SELF, DNS_T_CNAME, NS1);
	record(SELF, DNS_T_NS, NS1);
	assert_int_equal(parse(), NSQUERY_FOUND);
	reply(0, 1, 0); /* the written-out owner name, in another case */
	record("\007EXAMPLE\003Com\000", 13, DNS_T_NS, NS1);
	assert_int_equal(parse(), NSQUERY_FOUND);
}

static void test_no_ns(void **state)
{
	(void)state;
	reply(3, 0, 0); /* NXDOMAIN */
	assert_int_equal(parse(), NSQUERY_NXDOMAIN);
	reply(3, 0, 1); /* NXDOMAIN with the zone's SOA */
	record("\003com\000", 5, DNS_T_SOA, "\000\000", 2);
	assert_int_equal(parse(), NSQUERY_NXDOMAIN);
	reply(0, 0, 1); /* NODATA: the zone's SOA in authority */
	record("\003com\000", 5, DNS_T_SOA, "\000\000", 2);
	assert_int_equal(parse(), NSQUERY_NODATA);
	reply(0, 1, 0); /* NS records, but of another name */
	record("\003com\000", 5, DNS_T_NS, NS1);
	assert_int_equal(parse(), NSQUERY_NODATA);
	reply(0, 1, 0); /* only an A record */
	record(SELF, DNS_T_A, "\300\000\002\007", 4);
	assert_int_equal(parse(), NSQUERY_NODATA);
}

static void test_failures(void **state)
{
	(void)state;
	reply(2, 0, 0); /* SERVFAIL */
	assert_int_equal(parse(), NSQUERY_FAILED);
	reply(5, 0, 0); /* REFUSED */
	assert_int_equal(parse(), NSQUERY_FAILED);
	reply(0, 2, 0); /* two answers promised, one sent */
	record(SELF, DNS_T_A, "\300\000\002\007", 4);
	assert_int_equal(parse(), NSQUERY_FAILED);
	reply(0, 1, 0); /* rdata longer than the packet */
	record(SELF, DNS_T_A, "\300\000\002\007", 4);
	packet[plen - 5] = 40;
	assert_int_equal(parse(), NSQUERY_FAILED);
	plen = 8; /* no whole header */
	assert_int_equal(parse(), NSQUERY_FAILED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_answers),
	    cmocka_unit_test(test_no_ns),
	    cmocka_unit_test(test_failures),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
