/* pattern: the glob language and {ip}, on real-world PTR names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "ip.h"
#include "pattern.h"

static int match(const char *glob, const char *name, const char *addr)
{
	struct ip ip;
	struct ipforms forms;
	assert_true(ip_parse(&ip, addr));
	ipforms_build(&forms, &ip);
	return pattern_match(glob, strlen(glob), name, strlen(name), &forms);
}

static void test_wildcards(void **state)
{
	(void)state;
	assert_true(match("*", "anything.example.net", "192.0.2.1"));
	assert_true(match("*.dyn.*", "a.b.dyn.example.net", "192.0.2.1"));
	assert_false(match("*.dyn.*", "dyn.example.net", "192.0.2.1"));
	assert_false(match("*.dyn.*", "a.dynamo.example.net", "192.0.2.1"));
	assert_true(match("mail?.example.com", "mail2.example.com", "192.0.2.1"));
	assert_false(match("mail?.example.com", "mail.example.com", "192.0.2.1"));
	assert_true(
	    match("*-#-#-#-#.pool.example.net", "a-1-22-333-4.pool.example.net", "192.0.2.1"));
	assert_false(
	    match("*-#-#-#-#.pool.example.net", "a-1-22--4.pool.example.net", "192.0.2.1"));
	assert_false(match("host#.example.com", "host.example.com", "192.0.2.1"));
	assert_true(match("host#.example.com", "host12345.example.com", "192.0.2.1"));
	assert_false(match("host#.example.com", "host12a.example.com", "192.0.2.1"));
	assert_true(match("exact.example.com", "exact.example.com", "192.0.2.1"));
	assert_false(match("exact.example.com", "exact.example.comx", "192.0.2.1"));
	assert_false(match("*dsl*", "", "192.0.2.1"));
}

/* '<' and '>': the start and the end of a word, a run of letters. */
static void test_words(void **state)
{
	(void)state;
	assert_true(match("*<dsl>*", "dsl-7.example.net", "192.0.2.1"));
	assert_true(match("*<dsl>*", "x.dsl9.example.net", "192.0.2.1"));
	assert_true(match("*<dsl>*", "a.b.dsl", "192.0.2.1"));
	assert_false(match("*<dsl>*", "mail9.dslextreme.com", "192.0.2.1"));
	assert_false(match("*<dsl>*", "adsl-7.example.net", "192.0.2.1"));
	assert_true(match("*dsl>*", "adsl-7.example.net", "192.0.2.1"));
	assert_false(match("*<dynamic*", "mail.generaldynamics.com", "192.0.2.1"));
	assert_true(match("*<dynamic*", "dynamics.example.com", "192.0.2.1"));
	assert_true(match("*<cm>?*", "cm102-132.liwest.at", "192.0.2.1"));
	assert_false(match("*<cm>?*", "host.example.cm", "192.0.2.1"));
	assert_true(match("*<ppp*", "ppp11.odn.ad.jp", "192.0.2.1"));
	assert_true(match("*<ppp*", "x.pppoe.example", "192.0.2.1"));
	assert_false(match("*<ppp*", "appp.example", "192.0.2.1"));
	/* a bound between two non-letters, or inside a word, never holds */
	assert_false(match("*-<-*", "a--b", "192.0.2.1"));
	assert_false(match("a<b", "ab", "192.0.2.1"));
	assert_false(match("a>b", "ab", "192.0.2.1"));
	assert_true(match("<a>", "a", "192.0.2.1"));
	assert_true(match("*<mail*{ip}*", "mail-192-0-2-7.example.net", "192.0.2.7"));
}

/* Names seen in the wild, with the verdict of the default rules' {ip}. */
static void test_ip_forms(void **state)
{
	static const struct {
		const char *name, *addr;
		int want;
	} cases[] = {
	    {"dsl-192-0-2-7.example.net", "192.0.2.7", 1},
	    {"7.2.0.192.dynamic.example.net", "192.0.2.7", 1},
	    {"host-7-2-0-192.static.example.net", "192.0.2.7", 1},
	    {"192_0_2_7.example.net", "192.0.2.7", 1},
	    {"ppp192000002007.example.net", "192.0.2.7", 1},
	    {"c0000207.example.net", "192.0.2.7", 1},
	    {"c-0702-00c0.example.net", "192.0.2.7", 0},
	    {"pool-192-0-2-7.bstnma.fios.verizon.net", "192.0.2.7", 1},
	    {"cpe-98-76-54-32.nc.res.rr.com", "98.76.54.32", 1},
	    {"dslb-094-216-045-012.094.216.pools.vodafone-ip.de", "94.216.45.12", 1},
	    {"p5b0c1d2e.dip0.t-ipconnect.de", "91.12.29.46", 1},
	    {"12.45.216.94.in-addr.arpa.example", "94.216.45.12", 1},
	    {"mail-qt1-f170.google.com", "209.85.160.170", 0},
	    {"mail.example.org", "192.0.2.8", 0},
	    {"a9-112.smtp-out.amazonses.com", "54.240.9.112", 0},
	    {"mx.192-0-2-8.example.net", "192.0.2.7", 0},
	    {"2001-db8--1.example.net", "2001:db8::1", 1},
	    {"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.example",
	     "2001:db8::1", 1},
	    {"x20010db8000000000000000000000001.example.net", "2001:db8::1", 1},
	    {"mail-dm6nam10on2070.outbound.protection.outlook.com", "40.107.93.70", 0},
	    /* the last octet first, and other text between the octets */
	    {"118.red-80-35-201.staticip.rima-tde.net", "80.35.201.118", 1},
	    {"87.sub-72-108-136.myvzw.com", "72.108.136.87", 1},
	    {"ip232.ip-137-74-152.eu", "137.74.152.232", 1},
	    {"delhi-203.200.111-174.static.vsnl.net.in", "203.200.111.174", 1},
	    {"modemcable090.28-201-24.mc.videotron.ca", "24.201.28.90", 1},
	    {"c-192-00-002-7.example.net", "192.0.2.7", 1},
	    {"mail-oln040092074062.outbound.protection.outlook.com", "40.92.74.62", 1},
	    /* no digit right before or after: someone else's address */
	    {"dsl-11-2-3-4.example.net", "1.2.3.4", 0},
	    {"dsl-1-2-3-45.example.net", "1.2.3.4", 0},
	    {"dsl-1-2-3-4.example.net", "1.2.3.4", 1},
	    /* two or three octets, or another order, are not the address */
	    {"a8-200.smtp-out.amazonses.com", "54.240.8.200", 0},
	    {"m17-178.vip.126.com", "123.58.178.17", 0},
	    {"host-0-2-192-7.example.net", "192.0.2.7", 0},
	    /* IPv6 with the zero groups written out, padded or not */
	    {"2001-db8-0-0-0-0-0-1.example.net", "2001:db8::1", 1},
	    {"2001-0db8-0000-0000-0000-0000-0000-0001.example.net", "2001:db8::1", 1},
	    {"2a02-a44f-d2f0-0-56ce-b296-68ac-ee9c.fixed6.kpn.net",
	     "2a02:a44f:d2f0:0:56ce:b296:68ac:ee9c", 1},
	    /* the address as one base-36 number */
	    {"node-1w7jr9qj3rbr48myelzfsw8ag.ipv6.telus.net",
	     "2001:569:72ba:9300:305f:add3:6c04:99f8", 1},
	    {"node-1w7jr9qj3rbr48myelzfsw8ah.ipv6.telus.net",
	     "2001:569:72ba:9300:305f:add3:6c04:99f8", 0},
	};
	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		int got = match("*{ip}*", cases[k].name, cases[k].addr);
		if (got != cases[k].want)
			fail_msg("%s from %s: want %d, got %d", cases[k].name, cases[k].addr,
				 cases[k].want, got);
	}
}

static void test_check(void **state)
{
	(void)state;
	assert_null(pattern_check("*{ip}*", 6));
	assert_null(pattern_check("*-#-#.x_y.net", 13));
	assert_non_null(pattern_check("*{ipx}*", 7));
	assert_non_null(pattern_check("*{ip", 4));
	assert_non_null(pattern_check("Mail.example.com", 16));
	assert_non_null(pattern_check("a b", 3));
	assert_non_null(pattern_check("", 0));
	assert_non_null(pattern_check("a\"b", 3));
	assert_null(pattern_check("*<dsl>*", 7));
}

static void key(const char *glob, const char *want, size_t wantlen)
{
	char k[PATTERN_GLOB_MAX + 2];
	size_t n = pattern_key(k, glob, strlen(glob), 0, 0, 0);
	assert_int_equal(n, wantlen);
	assert_memory_equal(k, want, wantlen);
}

static void test_keys(void **state)
{
	(void)state;
	key("*-#-#-#-#.pool.example.net", "spool.example.net", 17);
	key("mail.example.org", "smail.example.org", 17);
	key("*.dyn.*", "ldyn", 4);
	key("dyn.*", "ldyn", 4);
	key("*dsl*", "gdsl", 4);
	key("*{ip}*", "*", 1);
	key("*ab*", "*", 1);
	/* a literal run of six bytes before one of three */
	key("*dynamic*", "gdynami", 7);
	key("*dsl12345*", "gdsl123", 7);
	key("*dsl12*", "gdsl", 4);
	/* a whole run of letters: between '<' and '>', digits, '#' or dots */
	key("*<cm>*", "acm", 3);
	key("*<cm#*", "acm", 3);
	key("*.cm.*", "lcm", 3);
	key("*<cm*", "*", 1);
	key("*{ip}cm>*", "*", 1);
}

/* Every glob can be found through one of the probes of a name it matches. */
static void test_probes_find_keys(void **state)
{
	static const char *const globs[] = {"*-#-#-#-#.pool.example.net",
					    "*.dyn.*",
					    "*dsl*",
					    "*{ip}*",
					    "mail?.example.com",
					    "*dynamic*",
					    "x*.example.com",
					    "*<cm>?*",
					    "*x-<dsl>*"};
	static const char *const names[] = {"a-1-2-3-4.pool.example.net",
					    "x.dyn.example.net",
					    "adsl-7.example.net",
					    "1-2-3-4.example.net",
					    "mail2.example.com",
					    "host.dynamic.example.net",
					    "xy.example.com",
					    "cm12.example.net",
					    "x-dsl.example.net"};
	(void)state;
	for (size_t g = 0; g < sizeof globs / sizeof globs[0]; g++) {
		char want[PATTERN_GLOB_MAX + 2], probe[PATTERN_NAME_MAX + 2];
		size_t wl = pattern_key(want, globs[g], strlen(globs[g]), 0, 0, 0), pl;
		struct pattern_probe p;
		int seen = 0, count = 0;
		pattern_probe_start(&p, names[g], strlen(names[g]));
		while ((pl = pattern_probe_next(&p, probe))) {
			count++;
			if (pl == wl && !memcmp(probe, want, wl))
				seen = 1;
		}
		assert_true(seen);
		/* at most 2n + 3c keys for n labels and c bytes */
		assert_true(count <= 2 * 8 + 3 * (int)strlen(names[g]));
	}
}

/* A load function over a set of keys: each holds its place in the set
 * plus one globs (so the first holds one, the second two, ...). */
static char taken[16][PATTERN_GLOB_MAX + 2];
static size_t ntaken;

static unsigned int load(void *ctx, const char *k, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < ntaken; i++)
		if (strlen(taken[i]) == len && !memcmp(taken[i], k, len))
			return (unsigned int)i + 1;
	return 0;
}

/* Steered by what the table holds: the first key no glob has, else the
 * one fewest share; *shared says how many. */
static void test_key_steered(void **state)
{
	static const char *const order[] = {"sbig.example", "lbig",  "lexample", "whost9",  "wbig",
					    "wexample",     "ahost", "abig",     "aexample"};
	char k[PATTERN_GLOB_MAX + 2];
	unsigned int shared = 99;
	size_t n;
	(void)state;
	ntaken = 0;
	/* each key the glob could go under, most specific first */
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		n = pattern_key(k, "*-host9-*.big.example", 21, load, 0, &shared);
		k[n] = 0;
		assert_string_equal(k, order[i]);
		assert_int_equal(shared, 0);
		strcpy(taken[ntaken++], k);
	}
	/* the grams come next: "ghost9-", then the rest */
	n = pattern_key(k, "*-host9-*.big.example", 21, load, 0, &shared);
	assert_int_equal(k[0], 'g');
	assert_int_equal(n, 7);
	/* all taken: the one fewest share, here the first */
	ntaken = 0;
	strcpy(taken[ntaken++], "gdsl");
	strcpy(taken[ntaken++], "gsl3");
	n = pattern_key(k, "*dsl3*", 6, load, 0, &shared);
	k[n] = 0;
	assert_string_equal(k, "gdsl");
	assert_int_equal(shared, 1);
	/* no key at all: the catch-all, and what it holds */
	strcpy(taken[ntaken++], "*");
	n = pattern_key(k, "*{ip}*", 6, load, 0, &shared);
	assert_int_equal(n, 1);
	assert_int_equal(k[0], '*');
	assert_int_equal(shared, 3);
}

static void test_no_blowup(void **state)
{
	char name[256], glob[] = "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
	(void)state;
	memset(name, 'a', 255);
	name[255] = 0;
	/* memoised: this returns at once instead of after 10^20 steps */
	assert_false(pattern_match(glob, strlen(glob), name, 255, 0));
	assert_false(pattern_match("*{ip}*", 6, "1.2.3.4", 7, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wildcards),   cmocka_unit_test(test_ip_forms),
	    cmocka_unit_test(test_check),       cmocka_unit_test(test_keys),
	    cmocka_unit_test(test_key_steered), cmocka_unit_test(test_probes_find_keys),
	    cmocka_unit_test(test_words),       cmocka_unit_test(test_no_blowup),
	};
	return cmocka_run_group_tests_name("pattern", tests, 0, 0);
}
