/* dnsbl: -d zone[=filter][*weight] as postscreen_dnsbl_sites reads it,
 * every filter form and bad input refused; the question for IPv4 and
 * IPv6 clients; the score over the answers (weights summed once per
 * matching entry, allow lists negative, failures not counted); the log
 * value and the errors, bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "dns.h"
#include "dnsbl.h"

/* Parse spec, which must be good. */
static struct dnsbl_site good(const char *spec)
{
	struct dnsbl_site site;
	const char *reason = "unset";
	int ok = dnsbl_parse(spec, &site, &reason);
	if (!ok)
		fail_msg("%s refused: %s", spec, reason);
	return site;
}

/* spec must be refused with reason. */
static void bad(const char *spec, const char *reason)
{
	struct dnsbl_site site;
	const char *why = 0;
	if (dnsbl_parse(spec, &site, &why))
		fail_msg("%s accepted", spec);
	assert_non_null(why);
	if (strcmp(why, reason))
		fail_msg("%s: reason \"%s\", expected \"%s\"", spec, why, reason);
}

/* 1 if site's filter takes a.b.c.d. */
static int takes(const struct dnsbl_site *site, unsigned a, unsigned b, unsigned c, unsigned d)
{
	unsigned char x[4] = {(unsigned char)a, (unsigned char)b, (unsigned char)c,
			      (unsigned char)d};
	return dnsbl_match(site, x);
}

static void test_zone_and_weight(void **state)
{
	struct dnsbl_site s;
	(void)state;
	s = good("zen.spamhaus.org");
	assert_string_equal(s.zone, "zen.spamhaus.org");
	assert_int_equal(s.zonelen, 16);
	assert_int_equal(s.weight, 1);
	assert_int_equal(s.filtered, 0);
	assert_true(takes(&s, 127, 0, 0, 2));
	assert_true(takes(&s, 10, 1, 2, 3)); /* no filter: any address */
	s = good("Zen.SpamHaus.ORG*3");
	assert_string_equal(s.zone, "zen.spamhaus.org");
	assert_int_equal(s.weight, 3);
	assert_int_equal(good("swl.spamhaus.org*-4").weight, -4);
	assert_int_equal(good("bl.example*+2").weight, 2);
	assert_int_equal(good("bl.example*0").weight, 0);
	assert_int_equal(good("bl.example*10000").weight, 10000);
	assert_int_equal(good("bl.example*-10000").weight, -10000);
	assert_int_equal(good("bl.example*007").weight, 7);
	good("a_b.c-d.example");
	good("x");
	good("1.2.3.example");
	good("123.bl4"); /* not all digits */
}

static void test_zone_length(void **state)
{
	char zone[DNSBL_ZONE_MAX + 8];
	(void)state;
	/* 63 + 63 + 61 + 2 dots = 189 characters: the longest */
	memset(zone, 'a', sizeof zone);
	zone[63] = '.';
	zone[127] = '.';
	zone[DNSBL_ZONE_MAX] = 0;
	assert_int_equal(good(zone).zonelen, DNSBL_ZONE_MAX);
	zone[DNSBL_ZONE_MAX] = 'a';
	zone[DNSBL_ZONE_MAX + 1] = 0;
	bad(zone, "zone longer than 189 characters");
	memset(zone, 'a', 64);
	strcpy(zone + 64, ".example");
	bad(zone, "label longer than 63 in zone");
	strcpy(zone + 63, ".example");
	good(zone);
}

static void test_bad_specs(void **state)
{
	(void)state;
	bad("", "empty zone");
	bad("=127.0.0.2", "empty zone");
	bad("*2", "empty zone");
	bad("a..example", "empty label in zone");
	bad(".example", "empty label in zone");
	bad("bl.example.", "empty label in zone");
	bad("-bl.example", "label starts with '-' in zone");
	bad("bl-.example", "label ends in '-' in zone");
	bad("bl.example-", "label ends in '-' in zone");
	bad("bl example", "bad character in zone");
	bad("bl.example\n", "bad character in zone");
	bad("bl.exam/ple", "bad character in zone");
	bad("bl.\xc3\xa9xample", "bad character in zone");
	bad("127.0.0.2", "zone is all digits: an address, not a zone");
	bad("bl.example*", "weight: need an integer");
	bad("bl.example*-", "weight: need an integer");
	bad("bl.example*x", "weight: need an integer");
	bad("bl.example*1x", "weight: need an integer");
	bad("bl.example* 1", "weight: need an integer");
	bad("bl.example*--1", "weight: need an integer");
	bad("bl.example*1.5", "weight: need an integer");
	bad("bl.example*10001", "weight: beyond -10000..10000");
	bad("bl.example*-10001", "weight: beyond -10000..10000");
	bad("bl.example*99999999999999999999", "weight: beyond -10000..10000");
	/* the weight comes after the filter, as in postscreen */
	bad("bl.example*2=127.0.0.2", "weight: need an integer");
	bad("bl.example=127.0.0.2*1*2", "weight: need an integer");
	bad("bl.example=", "empty filter");
	bad("bl.example=*2", "empty filter");
	bad("bl.example=127.0.0", "filter: need four fields");
	bad("bl.example=127.0.0.", "filter: need four fields");
	bad("bl.example=127.0.0.2.", "filter: garbage after four fields");
	bad("bl.example=127.0.0.2.5", "filter: garbage after four fields");
	bad("bl.example=127.0.0.2x", "filter: garbage after four fields");
	bad("bl.example=127.0.0.2 ", "filter: garbage after four fields");
	bad("bl.example=127.0,0.2", "filter: need '.'");
	bad("bl.example=127.0.0.256", "filter: need a number 0..255 or '['");
	bad("bl.example=127.0.0.x", "filter: need a number 0..255 or '['");
	bad("bl.example=127..0.2", "filter: need a number 0..255 or '['");
	bad("bl.example=-127.0.0.2", "filter: need a number 0..255 or '['");
	bad("bl.example=127.0.0.]", "filter: need a number 0..255 or '['");
	bad("bl.example=127.0.0.[]", "filter: need a number 0..255 in [...]");
	bad("bl.example=127.0.0.[", "filter: need a number 0..255 in [...]");
	bad("bl.example=127.0.0.[2", "filter: need ';' or ']'");
	bad("bl.example=127.0.0.[2;]", "filter: need a number 0..255 in [...]");
	bad("bl.example=127.0.0.[;2]", "filter: need a number 0..255 in [...]");
	bad("bl.example=127.0.0.[2,3]", "filter: need ';' or ']'");
	bad("bl.example=127.0.0.[2-3]", "filter: need ';' or ']'");
	bad("bl.example=127.0.0.[256]", "filter: need a number 0..255 in [...]");
	bad("bl.example=127.0.0.[[2]]", "filter: need a number 0..255 in [...]");
	bad("bl.example=127.0.0.[2.3]", "filter: a range is lo..hi");
	bad("bl.example=127.0.0.[2.]", "filter: a range is lo..hi");
	bad("bl.example=127.0.0.[3..2]", "filter: a range is lo..hi, lo <= hi <= 255");
	bad("bl.example=127.0.0.[2..256]", "filter: a range is lo..hi, lo <= hi <= 255");
	bad("bl.example=127.0.0.[2..]", "filter: a range is lo..hi, lo <= hi <= 255");
	bad("bl.example=127.0.0.[2...3]", "filter: a range is lo..hi, lo <= hi <= 255");
	bad("bl.example=127.0.0.3[2]", "filter: garbage after four fields");
	bad("bl.example=127.0.[0.0].2", "filter: a range is lo..hi");
	bad("bl.example=127.0.0.2=127.0.0.3", "filter: garbage after four fields");
	bad("bl.example=[127.0.0.2", "filter: a range is lo..hi");
	bad("bl.example=[127.0.0.2]]", "filter: a range is lo..hi");
	bad("bl.example=[[127.0.0.2]]", "filter: a range is lo..hi"); /* bracketed once only */
	bad("bl.example=[]", "empty filter");
}

static void test_filters(void **state)
{
	struct dnsbl_site s;
	(void)state;
	s = good("bl.example=127.0.0.2");
	assert_true(s.filtered);
	assert_true(takes(&s, 127, 0, 0, 2));
	assert_false(takes(&s, 127, 0, 0, 3));
	assert_false(takes(&s, 126, 0, 0, 2));
	assert_false(takes(&s, 2, 0, 0, 127));
	s = good("bl.example=127.0.0.[2..11]");
	assert_false(takes(&s, 127, 0, 0, 1));
	assert_true(takes(&s, 127, 0, 0, 2));
	assert_true(takes(&s, 127, 0, 0, 7));
	assert_true(takes(&s, 127, 0, 0, 11));
	assert_false(takes(&s, 127, 0, 0, 12));
	s = good("list.dnswl.org=127.0.[0..255].[1;2;3]*-2");
	assert_int_equal(s.weight, -2);
	assert_true(takes(&s, 127, 0, 0, 1));
	assert_true(takes(&s, 127, 0, 255, 3));
	assert_true(takes(&s, 127, 0, 10, 2));
	assert_false(takes(&s, 127, 0, 10, 0));
	assert_false(takes(&s, 127, 0, 10, 4));
	assert_false(takes(&s, 127, 1, 10, 2));
	/* numbers and ranges mixed, overlapping, in any order */
	s = good("bl.example=127.[0;5..7;3].0.[200..255;0;9..9;4..5]");
	assert_true(takes(&s, 127, 0, 0, 0));
	assert_true(takes(&s, 127, 3, 0, 255));
	assert_true(takes(&s, 127, 6, 0, 9));
	assert_true(takes(&s, 127, 7, 0, 5));
	assert_false(takes(&s, 127, 4, 0, 4));
	assert_false(takes(&s, 127, 8, 0, 4));
	assert_false(takes(&s, 127, 0, 0, 6));
	assert_false(takes(&s, 127, 0, 0, 199));
	/* every field a sequence, the first one too */
	s = good("bl.example=[126..127].[0].[0;1].[2]");
	assert_true(takes(&s, 126, 0, 1, 2));
	assert_false(takes(&s, 125, 0, 1, 2));
	/* the whole pattern bracketed */
	s = good("bl.example=[127.0.0.[2;4]]");
	assert_true(takes(&s, 127, 0, 0, 4));
	assert_false(takes(&s, 127, 0, 0, 3));
	s = good("bl.example=[127.0.0.2]");
	assert_true(takes(&s, 127, 0, 0, 2));
	assert_false(takes(&s, 127, 0, 0, 3));
	/* a first sequence that closes early is no whole bracket */
	s = good("bl.example=[127].0.0.[2]*5");
	assert_true(takes(&s, 127, 0, 0, 2));
	assert_int_equal(s.weight, 5);
	/* leading zeros, as Postfix reads them */
	s = good("bl.example=127.000.0.0002");
	assert_true(takes(&s, 127, 0, 0, 2));
	s = good("bl.example=0.0.0.0");
	assert_true(takes(&s, 0, 0, 0, 0));
	assert_false(takes(&s, 0, 0, 0, 1));
	s = good("bl.example=255.255.255.[0..255]");
	assert_true(takes(&s, 255, 255, 255, 255));
	assert_false(takes(&s, 255, 255, 254, 255));
}

static void test_add(void **state)
{
	static struct dnsbl_config c;
	const char *reason = 0;
	char spec[32];
	(void)state;
	memset(&c, 0, sizeof c);
	assert_true(dnsbl_add(&c, "zen.example*3", &reason));
	assert_true(dnsbl_add(&c, "list.dnswl.example=127.0.[0..255].0*-1", &reason));
	assert_true(dnsbl_add(&c, "LIST.dnswl.example=127.0.[0..255].1*-2", &reason));
	assert_true(dnsbl_add(&c, "zen.example=127.0.0.[10;11]", &reason));
	assert_int_equal(c.nsites, 4);
	assert_int_equal(c.nzones, 2); /* one question for each zone */
	assert_int_equal(c.site[0].zone_index, 0);
	assert_int_equal(c.site[1].zone_index, 1);
	assert_int_equal(c.site[2].zone_index, 1);
	assert_int_equal(c.site[3].zone_index, 0);
	assert_int_equal(c.zone_site[0], 0);
	assert_int_equal(c.zone_site[1], 1);
	assert_false(dnsbl_add(&c, "bad..zone", &reason));
	assert_string_equal(reason, "empty label in zone");
	assert_int_equal(c.nsites, 4);
	/* 16 zones at most */
	for (int k = 2; k < DNSBL_ZONES_MAX; k++) {
		snprintf(spec, sizeof spec, "bl%d.example", k);
		assert_true(dnsbl_add(&c, spec, &reason));
	}
	assert_int_equal(c.nzones, DNSBL_ZONES_MAX);
	assert_false(dnsbl_add(&c, "one-more.example", &reason));
	assert_string_equal(reason, "more than 16 zones");
	/* 32 sites at most, more filters of known zones still welcome */
	while (c.nsites < DNSBL_SITES_MAX)
		assert_true(dnsbl_add(&c, "zen.example=127.0.0.2", &reason));
	assert_false(dnsbl_add(&c, "zen.example=127.0.0.3", &reason));
	assert_string_equal(reason, "more than 32 lists");
	assert_int_equal(c.nsites, DNSBL_SITES_MAX);
}

/* The question for ip under zone must be the wire form of text. */
static void qname_is(const char *ip_text, const char *zone, const char *text)
{
	char out[DNSBL_QNAME_MAX], *want = 0;
	struct ip ip;
	size_t n;
	assert_true(ip_parse(&ip, ip_text));
	n = dnsbl_qname(out, zone, strlen(zone), &ip);
	assert_true(dns_domain_fromdot(&want, text, strlen(text)));
	assert_int_equal(n, dns_domain_length(want));
	assert_memory_equal(out, want, n);
	assert_true(n <= DNSBL_QNAME_MAX);
	free(want);
}

static void test_qname(void **state)
{
	struct ip none = {{0}, 0};
	char out[DNSBL_QNAME_MAX], zone[DNSBL_ZONE_MAX + 1];
	(void)state;
	qname_is("192.0.2.99", "zen.spamhaus.org", "99.2.0.192.zen.spamhaus.org");
	qname_is("127.0.0.2", "x", "2.0.0.127.x");
	qname_is("10.200.0.255", "bl.example", "255.0.200.10.bl.example");
	/* a mapped address is the IPv4 one */
	qname_is("::ffff:192.0.2.1", "bl.example", "1.2.0.192.bl.example");
	qname_is("2001:db8::1", "bl.example",
		 "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.bl.example");
	qname_is("2001:DB8:abcd:12::f0e", "bl.example",
		 "e.0.f.0.0.0.0.0.0.0.0.0.0.0.0.0.2.1.0.0.d.c.b.a.8.b.d.0.1.0.0.2.bl.example");
	qname_is("::5", "v6.bl.example",
		 "5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.v6.bl.example");
	/* the longest zone under an IPv6 client: DNS's 255 bytes exactly */
	memset(zone, 'a', DNSBL_ZONE_MAX);
	zone[63] = '.';
	zone[127] = '.';
	zone[DNSBL_ZONE_MAX] = 0;
	{
		struct ip ip;
		assert_true(ip_parse(&ip, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
		assert_int_equal(dnsbl_qname(out, zone, DNSBL_ZONE_MAX, &ip), 255);
		assert_int_equal(out[0], 1);
		assert_int_equal(out[1], 'f');
		assert_int_equal(out[64], 63);
		assert_int_equal(out[254], 0);
	}
	assert_int_equal(dnsbl_qname(out, "bl.example", 10, &none), 0);
}

/* A config of the specs, and an answer for each zone, pending. */
static void config(struct dnsbl_config *c, struct dnsbl_answer *a, const char **specs, int n)
{
	const char *reason = 0;
	memset(c, 0, sizeof *c);
	for (int k = 0; k < n; k++)
		if (!dnsbl_add(c, specs[k], &reason))
			fail_msg("%s: %s", specs[k], reason);
	memset(a, 0, sizeof *a * DNSBL_ZONES_MAX);
}

/* Set zone z's reply to the addresses given as text, up to 8. */
static void reply(struct dnsbl_answer *a, const struct dnsbl_config *c, unsigned z, int n, ...)
{
	unsigned char addrs[64 * 4];
	va_list ap;
	va_start(ap, n);
	for (int k = 0; k < n; k++) {
		struct ip ip;
		assert_true(ip_parse(&ip, va_arg(ap, const char *)));
		memcpy(addrs + 4 * k, ip.b, 4);
	}
	va_end(ap);
	dnsbl_answer_set(&a[z], c, z, addrs, (size_t)n);
}

static void test_score(void **state)
{
	static struct dnsbl_config c;
	static struct dnsbl_answer a[DNSBL_ZONES_MAX];
	static const char *specs[] = {
	    "zen.example=127.0.0.[2..11]*3",        /* site 0, zone 0 */
	    "bl.example*2",                         /* site 1, zone 1 */
	    "wl.example=127.0.[0..255].[1;2;3]*-2", /* site 2, zone 2 */
	    "zen.example=127.0.0.[10;11]*1",        /* site 3, zone 0 */
	    "down.example*5",                       /* site 4, zone 3 */
	    "wl.example=127.0.[0..255].0*-1",       /* site 5, zone 2 */
	};
	(void)state;
	config(&c, a, specs, 6);
	assert_int_equal(c.nzones, 4);
	/* nothing in yet: 0 */
	assert_int_equal(dnsbl_score(&c, a), 0);
	/* zen: two addresses match site 0, one of them site 3: 3 + 1 once each */
	reply(a, &c, 0, 3, "127.0.0.11", "127.0.0.4", "127.0.0.200");
	assert_int_equal(a[0].state, DNSBL_LISTED);
	assert_int_equal(a[0].matched, 1UL << 0 | 1UL << 3);
	assert_int_equal(a[0].naddr, 2);
	assert_memory_equal(a[0].addr[0], "\177\0\0\4", 4);
	assert_memory_equal(a[0].addr[1], "\177\0\0\13", 4);
	assert_int_equal(dnsbl_score(&c, a), 4);
	/* bl: no filter: any address counts, its weight once */
	reply(a, &c, 1, 2, "127.0.0.2", "10.0.0.1");
	assert_int_equal(dnsbl_score(&c, a), 6);
	/* wl: allow list, one of its entries */
	reply(a, &c, 2, 1, "127.0.9.2");
	assert_int_equal(a[2].matched, 1UL << 2);
	assert_int_equal(dnsbl_score(&c, a), 4);
	/* both of wl's entries */
	reply(a, &c, 2, 2, "127.0.9.0", "127.0.9.2");
	assert_int_equal(dnsbl_score(&c, a), 3);
	/* a failed list never counts */
	dnsbl_answer_fail(&a[3], &c, 3, "server failure");
	assert_int_equal(a[3].state, DNSBL_FAILED);
	assert_string_equal(a[3].error, "unable to look up down.example: server failure");
	assert_int_equal(dnsbl_score(&c, a), 3);
	/* an answer none of the filters takes is not listed */
	reply(a, &c, 0, 1, "127.0.0.1");
	assert_int_equal(a[0].state, DNSBL_NOT_LISTED);
	assert_int_equal(a[0].naddr, 0);
	assert_int_equal(dnsbl_score(&c, a), -1);
	/* no address at all (NXDOMAIN) */
	reply(a, &c, 1, 0);
	assert_int_equal(a[1].state, DNSBL_NOT_LISTED);
	assert_int_equal(dnsbl_score(&c, a), -3);
}

static void test_format(void **state)
{
	static struct dnsbl_config c;
	static struct dnsbl_answer a[DNSBL_ZONES_MAX];
	static const char *specs[] = {"zen.example=127.0.0.[2..11]*3", "bl.example*2",
				      "wl.example=127.0.[0..255].[1;2;3]*-2", "down.example",
				      "slow.example"};
	char out[DNSBL_LOG_MAX + 1], err[300];
	size_t n;
	(void)state;
	config(&c, a, specs, 5);
	assert_int_equal(dnsbl_format(out, &c, a), 0);
	assert_string_equal(out, "");
	assert_int_equal(dnsbl_format_errors(err, sizeof err, &c, a), 0);
	assert_string_equal(err, "");
	reply(a, &c, 0, 3, "127.0.0.11", "127.0.0.1", "127.0.0.4");
	reply(a, &c, 1, 0);
	reply(a, &c, 2, 2, "127.0.3.2", "127.0.3.2");
	dnsbl_answer_fail(&a[3], &c, 3, "server failure");
	dnsbl_answer_fail(&a[4], &c, 4, "no answer within the time limit");
	dnsbl_format(out, &c, a);
	/* matching addresses only, ascending, each once */
	assert_string_equal(out,
			    "zen.example:127.0.0.4,zen.example:127.0.0.11,wl.example:127.0.3.2");
	assert_int_equal(dnsbl_score(&c, a), 1);
	n = dnsbl_format_errors(err, sizeof err, &c, a);
	assert_int_equal(n, strlen(err));
	assert_string_equal(err, "unable to look up down.example: server failure; "
				 "unable to look up slow.example: no answer within the time limit");
	/* cut to fit the buffer */
	assert_int_equal(dnsbl_format_errors(err, 40, &c, a), 39);
	assert_string_equal(err, "unable to look up down.example: server ");
}

/* Write into out a zone of len characters (labels of 63) starting with first. */
static void long_zone(char *out, char first, size_t len)
{
	memset(out, 'a', len);
	for (size_t i = 63; i < len; i += 64)
		out[i] = '.';
	out[0] = first;
	out[len] = 0;
}

static void test_format_bounded(void **state)
{
	static struct dnsbl_config c;
	static struct dnsbl_answer a[DNSBL_ZONES_MAX];
	unsigned char addrs[20 * 4];
	char out[DNSBL_LOG_MAX + 8], zone[DNSBL_ZONE_MAX + 1], want[DNSBL_LOG_MAX + 8];
	const char *reason = 0;
	size_t n;
	(void)state;
	/* one reply of 20 matching addresses: the 8 smallest are kept */
	memset(&c, 0, sizeof c);
	memset(a, 0, sizeof a);
	assert_true(dnsbl_add(&c, "b.example", &reason));
	for (int k = 0; k < 20; k++) {
		addrs[4 * k] = 127;
		addrs[4 * k + 1] = 0;
		addrs[4 * k + 2] = 0;
		addrs[4 * k + 3] = (unsigned char)(40 - k);
	}
	dnsbl_answer_set(&a[0], &c, 0, addrs, 20);
	assert_int_equal(a[0].naddr, DNSBL_ADDRS_MAX);
	assert_int_equal(a[0].dropped, 12);
	n = dnsbl_format(out, &c, a);
	assert_string_equal(out, "b.example:127.0.0.21,b.example:127.0.0.22,b.example:127.0.0.23,"
				 "b.example:127.0.0.24,b.example:127.0.0.25,b.example:127.0.0.26,"
				 "b.example:127.0.0.27,b.example:127.0.0.28,...");
	assert_int_equal(n, strlen(out));

	/* three items of 199: with room kept for ",...", one fits */
	memset(&c, 0, sizeof c);
	memset(a, 0, sizeof a);
	for (char k = 'x'; k <= 'z'; k++) {
		long_zone(zone, k, DNSBL_ZONE_MAX);
		assert_true(dnsbl_add(&c, zone, &reason));
	}
	for (unsigned z = 0; z < 3; z++)
		reply(a, &c, z, 1, "127.0.0.2");
	n = dnsbl_format(out, &c, a);
	long_zone(zone, 'x', DNSBL_ZONE_MAX);
	snprintf(want, sizeof want, "%s:127.0.0.2,...", zone);
	assert_string_equal(out, want);
	assert_int_equal(n, 199 + 4);

	/* items of 201 and 198, 400 with the comma: the whole value */
	memset(&c, 0, sizeof c);
	memset(a, 0, sizeof a);
	long_zone(zone, 'x', DNSBL_ZONE_MAX);
	assert_true(dnsbl_add(&c, zone, &reason));
	long_zone(zone, 'y', DNSBL_ZONE_MAX - 3);
	assert_true(dnsbl_add(&c, zone, &reason));
	reply(a, &c, 0, 1, "127.0.0.200");
	reply(a, &c, 1, 1, "127.0.0.200");
	n = dnsbl_format(out, &c, a);
	assert_int_equal(n, DNSBL_LOG_MAX);
	assert_int_equal(strlen(out), DNSBL_LOG_MAX);
	assert_null(strstr(out, "..."));
	assert_string_equal(out + n - 12, ":127.0.0.200");
	/* two characters more: the second item goes, whole */
	reply(a, &c, 1, 1, "127.0.100.200");
	n = dnsbl_format(out, &c, a);
	assert_int_equal(n, 201 + 4);
	assert_string_equal(out + 201, ",...");
	/* the longest zone's error is whole */
	dnsbl_answer_fail(&a[0], &c, 0, "no answer within the time limit");
	long_zone(zone, 'x', DNSBL_ZONE_MAX);
	snprintf(want, sizeof want, "unable to look up %s: no answer within the time limit", zone);
	assert_string_equal(a[0].error, want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_zone_and_weight),
	    cmocka_unit_test(test_zone_length),
	    cmocka_unit_test(test_bad_specs),
	    cmocka_unit_test(test_filters),
	    cmocka_unit_test(test_add),
	    cmocka_unit_test(test_qname),
	    cmocka_unit_test(test_score),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_bounded),
	};
	return cmocka_run_group_tests_name("dnsbl", tests, 0, 0);
}
