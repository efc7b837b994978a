/* policy: the decision of DESIGN.md, step by step in its order, first
 * match wins; with -r every state of the lookups, and what the decision
 * asks for next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"

static const struct policy_config config = {
    .short_ms = 1000, .long_ms = 90000, .noptr = NOPTR_DELAY};
static const struct policy_config with_r = {
    .short_ms = 1000, .long_ms = 90000, .noptr = NOPTR_DELAY, .resolve = 1};

/* A client with a plain name that nothing lists and no pattern matches. */
static struct policy_facts plain(void)
{
	struct policy_facts f = {.ptr = PTR_NAME, .cache = CACHE_UNKNOWN};
	return f;
}

/* A name a pattern gives the long delay. */
static struct policy_facts dynamic(void)
{
	struct policy_facts f = plain();
	f.pattern_hit = 1;
	f.pattern_long = 1;
	f.pattern_class = "dynamic";
	return f;
}

static void expect(const struct policy_config *c, const struct policy_facts *f, enum verdict v,
		   unsigned long delay, int long_wait, enum need need, const char *why)
{
	struct policy_decision d;
	memset(&d, 0x55, sizeof d); /* nothing is left from before */
	policy_decide(c, f, &d);
	assert_string_equal(d.why, why);
	assert_int_equal(d.verdict, v);
	assert_int_equal(d.delay_ms, delay);
	assert_int_equal(d.long_wait, long_wait);
	assert_int_equal(d.need, need);
}

/* Every fact at once: each step wins over all later ones. */
static void test_order(void **state)
{
	struct policy_facts f = dynamic();
	(void)state;
	f.greetwait_env = "2.5";
	f.relayclient = 1;
	f.listed = LISTED_ADDRESS;
	f.whitelist_delay_ms = 3000;
	f.whitelist_entry = "10.0.0.0/8";
	f.ptr = PTR_BAD;
	f.cache = CACHE_HIT;
	expect(&config, &f, VERDICT_WAIT, 2500, 0, NEED_NOTHING, "env");
	f.greetwait_env = 0;
	expect(&config, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "relayclient");
	f.relayclient = 0;
	expect(&config, &f, VERDICT_WAIT, 3000, 0, NEED_NOTHING, "whitelist:10.0.0.0/8");
	f.listed = LISTED_NOT;
	f.ptr = PTR_NONE;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "noptr");
	f.ptr = PTR_BAD;
	expect(&config, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "cache");
	f.cache = CACHE_MISS;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "badptr");
	f.ptr = PTR_NAME;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "pattern:dynamic");
	f.pattern_hit = 0;
	expect(&config, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
}

/* 1. $GREETWAIT: its value is the delay, empty or 0 none; a malformed one
 * is ignored and reported. */
static void test_env(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = {.ptr = PTR_NONE};
	struct policy_decision d;
	(void)state;
	c.noptr = NOPTR_REJECT;
	f.greetwait_env = "";
	expect(&c, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "env");
	f.greetwait_env = "0";
	expect(&c, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "env");
	f.greetwait_env = "0.25";
	expect(&c, &f, VERDICT_WAIT, 250, 0, NEED_NOTHING, "env");
	f.greetwait_env = "soon";
	expect(&c, &f, VERDICT_REJECT, 0, 0, NEED_NOTHING, "noptr");
	policy_decide(&c, &f, &d);
	assert_string_equal(d.error, "ignored malformed $GREETWAIT");
	f.greetwait_env = "1";
	policy_decide(&c, &f, &d);
	assert_null(d.error);
	/* before everything -r would have to ask */
	f.ptr = PTR_UNASKED;
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "env");
}

/* 2. $RELAYCLIENT: exec at once, whatever the tables and DNS say. */
static void test_relayclient(void **state)
{
	struct policy_config c = with_r;
	struct policy_facts f = dynamic();
	(void)state;
	f.relayclient = 1;
	f.listed = LISTED_NAME;
	f.whitelist_delay_ms = 5000;
	f.whitelist_entry = "mail.example.org";
	expect(&c, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "relayclient");
	f.listed = LISTED_NOT;
	f.ptr = PTR_UNASKED;
	c.noptr = NOPTR_REJECT;
	expect(&c, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "relayclient");
}

/* 3. An address entry counts with or without -r, name or no name; a
 * whitelisted client without PTR is not rejected. */
static void test_whitelist_address(void **state)
{
	struct policy_config c = with_r;
	struct policy_facts f = dynamic();
	(void)state;
	f.listed = LISTED_ADDRESS;
	f.whitelist_delay_ms = 2000;
	f.whitelist_entry = "192.0.2.0/24";
	expect(&config, &f, VERDICT_WAIT, 2000, 0, NEED_NOTHING, "whitelist:192.0.2.0/24");
	expect(&with_r, &f, VERDICT_WAIT, 2000, 0, NEED_NOTHING, "whitelist:192.0.2.0/24");
	f.ptr = PTR_UNASKED; /* no PTR lookup is needed */
	expect(&with_r, &f, VERDICT_WAIT, 2000, 0, NEED_NOTHING, "whitelist:192.0.2.0/24");
	c.noptr = NOPTR_REJECT;
	f.ptr = PTR_NONE;
	f.whitelist_delay_ms = 0;
	f.whitelist_entry = "::1";
	expect(&c, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "whitelist:::1");
}

/* 3. A name entry counts without -r (tcpserver -p confirmed the name);
 * with -r only once the name's A or AAAA records list the client.  Until
 * then the client is decided on as unlisted. */
static void test_whitelist_name(void **state)
{
	struct policy_facts f = plain();
	(void)state;
	f.listed = LISTED_NAME;
	f.whitelist_entry = ".example.org";
	expect(&config, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "whitelist:.example.org");
	f.forward = FORWARD_UNASKED;
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_FORWARD, "default");
	f.forward = FORWARD_PENDING;
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
	f.forward = FORWARD_CONFIRMED;
	expect(&with_r, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "whitelist:.example.org");
	f.forward = FORWARD_UNCONFIRMED;
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
}

/* 3. With -r, a listed name that also matches a pattern: the pass cache
 * first (it answers at once, and the wait meanwhile depends on it), then
 * the forward lookup. */
static void test_whitelist_name_and_cache(void **state)
{
	struct policy_facts f = dynamic();
	(void)state;
	f.listed = LISTED_NAME;
	f.whitelist_entry = "dsl.example.org";
	expect(&with_r, &f, VERDICT_WAIT, 90000, 1, NEED_CACHE, "pattern:dynamic");
	f.cache = CACHE_HIT;
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_FORWARD, "cache");
	f.cache = CACHE_MISS;
	expect(&with_r, &f, VERDICT_WAIT, 90000, 1, NEED_FORWARD, "pattern:dynamic");
	f.forward = FORWARD_CONFIRMED;
	expect(&with_r, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "whitelist:dsl.example.org");
}

/* 4. No PTR name: the -n action. */
static void test_noptr(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = {.ptr = PTR_NONE};
	(void)state;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "noptr");
	c.noptr = NOPTR_REJECT;
	expect(&c, &f, VERDICT_REJECT, 0, 0, NEED_NOTHING, "noptr");
	c.noptr = NOPTR_TEMPFAIL;
	expect(&c, &f, VERDICT_TEMPFAIL, 0, 0, NEED_NOTHING, "noptr");
	c.noptr = NOPTR_ACCEPT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
	/* -r's lookup said no PTR record: the same */
	c.resolve = 1;
	c.noptr = NOPTR_REJECT;
	expect(&c, &f, VERDICT_REJECT, 0, 0, NEED_NOTHING, "noptr");
}

/* 4. With -r and no name given: ask.  Until the answer the short delay,
 * then the long one, logged as dnswait, whatever -n says (the answer may
 * be a name); neither is a long wait the pass cache would record. */
static void test_ptr_lookup(void **state)
{
	struct policy_config c = with_r;
	struct policy_facts f = {.ptr = PTR_UNASKED};
	(void)state;
	for (int a = NOPTR_DELAY; a <= NOPTR_ACCEPT; a++) {
		c.noptr = (enum noptr_action)a;
		f.ptr = PTR_UNASKED;
		expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_PTR, "dnswait");
		f.ptr = PTR_PENDING;
		expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "dnswait");
		f.ptr = PTR_PENDING_LONG;
		expect(&c, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "dnswait");
	}
	/* the answer: a name decides on by steps 5 to 8 */
	f = dynamic();
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_CACHE, "pattern:dynamic");
}

/* 4. A failed lookup (-r) is never a rejection: the long delay, why=dnsfail;
 * with -n accept the client falls through to the default. */
static void test_ptr_failed(void **state)
{
	struct policy_config c = with_r;
	struct policy_facts f = {.ptr = PTR_FAILED};
	(void)state;
	for (int a = NOPTR_DELAY; a <= NOPTR_TEMPFAIL; a++) {
		c.noptr = (enum noptr_action)a;
		expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "dnsfail");
	}
	c.noptr = NOPTR_ACCEPT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
}

/* 5. The pass cache: asked only when a pattern or an unusable name would
 * give the long delay; meanwhile the decision is that of a miss. */
static void test_cache(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = dynamic();
	(void)state;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_CACHE, "pattern:dynamic");
	f.cache = CACHE_HIT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "cache");
	f.cache = CACHE_MISS;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "pattern:dynamic");
	/* a pattern's own delay too, if longer than the short one */
	f.pattern_long = 0;
	f.pattern_delay_ms = 30000;
	f.cache = CACHE_HIT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "cache");
	/* but one no longer than it: a hit would lengthen it, so the cache
	 * is not asked, and a pass is not remembered */
	f.pattern_delay_ms = 100;
	expect(&c, &f, VERDICT_WAIT, 100, 0, NEED_NOTHING, "pattern:dynamic");
	f.cache = CACHE_UNKNOWN;
	expect(&c, &f, VERDICT_WAIT, 100, 0, NEED_NOTHING, "pattern:dynamic");
	f.pattern_short = 1; /* delay "short": -s */
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "pattern:dynamic");
	/* never for a delay a pass does not shorten */
	f = plain();
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
	f.ptr = PTR_NONE;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "noptr");
	f.ptr = PTR_FAILED;
	expect(&with_r, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "dnsfail");
	f.ptr = PTR_PENDING;
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "dnswait");
	c.noptr = NOPTR_ACCEPT;
	f.ptr = PTR_NONE;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
}

/* 6. A name too long or escaped: the long delay, whatever a pattern or -n
 * says; like a pattern's long delay, a pass shortens it. */
static void test_bad_ptr(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = dynamic();
	(void)state;
	c.noptr = NOPTR_REJECT;
	f.ptr = PTR_BAD;
	f.pattern_long = 0;
	f.pattern_delay_ms = 100;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_CACHE, "badptr");
	f.cache = CACHE_MISS;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "badptr");
	f.cache = CACHE_HIT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "cache");
}

/* 10. A pattern: the long delay, or the pattern's own, a long wait too (a
 * pass is recorded) if longer than the short delay; "short": -s's. */
static void test_pattern(void **state)
{
	struct policy_facts f = dynamic();
	(void)state;
	f.cache = CACHE_MISS;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "pattern:dynamic");
	f.pattern_long = 0;
	f.pattern_delay_ms = 30000;
	f.pattern_class = "pool";
	expect(&config, &f, VERDICT_WAIT, 30000, 1, NEED_NOTHING, "pattern:pool");
	f.pattern_delay_ms = 0;
	expect(&config, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "pattern:pool");
	f.pattern_delay_ms = 1000;
	expect(&config, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "pattern:pool");
	f.pattern_short = 1;
	f.pattern_class = "mailname";
	expect(&config, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "pattern:mailname");
	expect(&with_r, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "pattern:mailname");
}

/* 8. Otherwise the short delay. */
static void test_default(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = plain();
	(void)state;
	c.short_ms = 250;
	expect(&c, &f, VERDICT_WAIT, 250, 0, NEED_NOTHING, "default");
	c.noptr = NOPTR_REJECT;
	expect(&c, &f, VERDICT_WAIT, 250, 0, NEED_NOTHING, "default");
}

/* A suffix too long for why is cut, and why stays terminated; a why
 * without one copies nothing from a null pointer (-fsanitize=undefined
 * would abort here). */
/* -d with every threshold set: block at 5, long delay at 1, allow at -1. */
static const struct policy_config with_d = {
    .short_ms = 1000,
    .long_ms = 90000,
    .noptr = NOPTR_DELAY,
    .lists = {.asked = 1, .long_at = 1, .block = 1, .block_at = 5, .allow = 1, .allow_at = -1}};

/* A client whose lists have all answered with this score. */
static struct policy_facts scored(struct policy_facts f, int score)
{
	f.lists = LISTS_DONE;
	f.score = score;
	return f;
}

/* expect() for f with its lists answered, scoring score. */
static void expect_at(const struct policy_config *c, struct policy_facts f, int score,
		      enum verdict v, unsigned long delay, int long_wait, enum need need,
		      const char *why)
{
	struct policy_facts at = scored(f, score);
	expect(c, &at, v, delay, long_wait, need, why);
}

/* The lists are asked after the exemptions, first of the rest, and
 * decided on as listed nowhere until all have answered. */
static void test_lists_asked(void **state)
{
	struct policy_facts f = dynamic();
	(void)state;
	/* the cache answers at once, so it is asked first; then the lists */
	expect(&with_d, &f, VERDICT_WAIT, 90000, 1, NEED_CACHE, "pattern:dynamic");
	f.cache = CACHE_MISS;
	expect(&with_d, &f, VERDICT_WAIT, 90000, 1, NEED_LISTS, "pattern:dynamic");
	f.lists = LISTS_PENDING;
	expect(&with_d, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "pattern:dynamic");
	f = plain();
	f.cache = CACHE_MISS;
	expect(&with_d, &f, VERDICT_WAIT, 1000, 0, NEED_LISTS, "default");
	/* with -r the PTR lookup comes next */
	f.ptr = PTR_UNASKED;
	f.lists = LISTS_UNASKED;
	expect(&with_d, &f, VERDICT_WAIT, 1000, 0, NEED_LISTS, "dnswait");
	f.lists = LISTS_PENDING;
	expect(&with_d, &f, VERDICT_WAIT, 1000, 0, NEED_PTR, "dnswait");
	/* no -d: never asked */
	f = plain();
	f.cache = CACHE_MISS;
	expect(&config, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
	/* GREETWAIT, RELAYCLIENT, the whitelist: no list is asked */
	f.greetwait_env = "";
	expect(&with_d, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "env");
	f.greetwait_env = 0;
	f.relayclient = 1;
	expect(&with_d, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "relayclient");
	f.relayclient = 0;
	f.listed = LISTED_ADDRESS;
	f.whitelist_entry = "192.0.2.0/24";
	expect(&with_d, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "whitelist:192.0.2.0/24");
	f.listed = LISTED_NOT;
	f = scored(f, 50); /* even a known score does not outrank them */
	f.relayclient = 1;
	expect(&with_d, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "relayclient");
}

/* Each threshold at, above and below its mark. */
static void test_lists_thresholds(void **state)
{
	struct policy_facts f = plain();
	struct policy_config tempfail = with_d;
	(void)state;
	f.cache = CACHE_MISS;
	expect(&with_d, &(struct policy_facts){0}, VERDICT_WAIT, 90000, 1, NEED_LISTS, "noptr");
	expect_at(&with_d, f, 0, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
	expect_at(&with_d, f, 1, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "dnsbl");
	expect_at(&with_d, f, 4, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "dnsbl");
	expect_at(&with_d, f, 5, VERDICT_REJECT, 0, 0, NEED_NOTHING, "dnsbl");
	expect_at(&with_d, f, 9, VERDICT_REJECT, 0, 0, NEED_NOTHING, "dnsbl");
	tempfail.lists.tempfail = 1;
	expect_at(&tempfail, f, 5, VERDICT_TEMPFAIL, 0, 0, NEED_NOTHING, "dnsbl");
	expect_at(&with_d, f, -1, VERDICT_WAIT, 0, 0, NEED_NOTHING, "dnswl");
	expect_at(&with_d, f, -7, VERDICT_WAIT, 0, 0, NEED_NOTHING, "dnswl");
	/* thresholds off: a score only ever gives the long delay */
	expect_at(&(struct policy_config){.short_ms = 1000,
					  .long_ms = 90000,
					  .lists = {.asked = 1, .long_at = 1}},
		  f, 9, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "dnsbl");
	expect_at(&(struct policy_config){.short_ms = 1000,
					  .long_ms = 90000,
					  .lists = {.asked = 1, .long_at = 1}},
		  f, -9, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
	/* a long-delay threshold above 1 */
	expect_at(&(struct policy_config){.short_ms = 1000,
					  .long_ms = 90000,
					  .lists = {.asked = 1, .long_at = 3}},
		  f, 2, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "default");
}

/* The allow list beats the no-PTR action, the patterns and a bad name;
 * the block list beats the pass cache; the cache beats a listing's long
 * delay (a pass after it is still a pass). */
static void test_lists_order(void **state)
{
	struct policy_facts f = scored(dynamic(), -2);
	struct policy_config reject = with_d;
	(void)state;
	f.cache = CACHE_MISS;
	expect(&with_d, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "dnswl");
	f.ptr = PTR_BAD;
	expect(&with_d, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "dnswl");
	f.ptr = PTR_NONE;
	reject.noptr = NOPTR_REJECT;
	expect(&reject, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "dnswl");
	f.score = 5;
	f.cache = CACHE_HIT;
	expect(&reject, &f, VERDICT_REJECT, 0, 0, NEED_NOTHING, "dnsbl");
	f = scored(plain(), 3);
	expect(&with_d, &f, VERDICT_WAIT, 90000, 1, NEED_CACHE, "dnsbl");
	f.cache = CACHE_HIT;
	expect(&with_d, &f, VERDICT_WAIT, 1000, 0, NEED_NOTHING, "cache");
	/* listed and no PTR name: -n's action, as without lists */
	f.ptr = PTR_NONE;
	expect(&reject, &f, VERDICT_REJECT, 0, 0, NEED_NOTHING, "noptr");
	/* -n reject with an allow list: the lists are awaited first */
	f.lists = LISTS_PENDING;
	f.cache = CACHE_MISS;
	expect(&reject, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "noptr");
	f.lists = LISTS_UNASKED;
	expect(&reject, &f, VERDICT_WAIT, 0, 0, NEED_LISTS, "noptr");
	reject.lists.allow = 0;
	expect(&reject, &f, VERDICT_REJECT, 0, 0, NEED_LISTS, "noptr");
	f = scored(plain(), 3);
	f.ptr = PTR_NONE;
	/* -n accept: the listing still gives the long delay */
	reject.noptr = NOPTR_ACCEPT;
	f.cache = CACHE_MISS;
	expect(&reject, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "dnsbl");
}

/* -i: a client that came to a listed local address (a backup MX) gets the
 * long delay whatever its name, and the pass cache is neither asked (no
 * NEED_CACHE, a hit ignored) nor told (long_wait 0). */
static void test_local_listed(void **state)
{
	struct policy_facts f = plain();
	struct policy_config accept = config;
	(void)state;
	f.local_listed = 1;
	expect(&config, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "localip");
	f = dynamic();
	f.local_listed = 1;
	expect(&config, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "pattern:dynamic");
	f.cache = CACHE_HIT;
	expect(&config, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "pattern:dynamic");
	/* a pattern's own delay is lengthened too */
	f.pattern_long = 0;
	f.pattern_delay_ms = 5000;
	expect(&config, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "pattern:dynamic");
	f = plain();
	f.local_listed = 1;
	f.ptr = PTR_NONE;
	expect(&config, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "noptr");
	accept.noptr = NOPTR_ACCEPT;
	expect(&accept, &f, VERDICT_WAIT, 90000, 0, NEED_NOTHING, "localip");
	/* the exemptions still come first */
	f.listed = LISTED_ADDRESS;
	f.whitelist_entry = "192.0.2.1";
	expect(&config, &f, VERDICT_WAIT, 0, 0, NEED_NOTHING, "whitelist:192.0.2.1");
}

static void test_why_fits(void **state)
{
	struct policy_facts f = {.ptr = PTR_NONE, .listed = LISTED_ADDRESS};
	struct policy_decision d;
	char long_entry[POLICY_WHY_MAX + 50];
	(void)state;
	memset(long_entry, 'x', sizeof long_entry - 1);
	long_entry[sizeof long_entry - 1] = 0;
	f.whitelist_entry = long_entry;
	policy_decide(&config, &f, &d);
	assert_int_equal(strlen(d.why), sizeof d.why - 1);
	assert_memory_equal(d.why, "whitelist:xxx", 13);
	f.listed = LISTED_NOT;
	f.whitelist_entry = 0;
	f.pattern_class = 0;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, NEED_NOTHING, "noptr");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_order),          cmocka_unit_test(test_env),
	    cmocka_unit_test(test_relayclient),    cmocka_unit_test(test_whitelist_address),
	    cmocka_unit_test(test_whitelist_name), cmocka_unit_test(test_whitelist_name_and_cache),
	    cmocka_unit_test(test_noptr),          cmocka_unit_test(test_ptr_lookup),
	    cmocka_unit_test(test_ptr_failed),     cmocka_unit_test(test_cache),
	    cmocka_unit_test(test_bad_ptr),        cmocka_unit_test(test_pattern),
	    cmocka_unit_test(test_default),        cmocka_unit_test(test_why_fits),
	    cmocka_unit_test(test_lists_asked),    cmocka_unit_test(test_lists_thresholds),
	    cmocka_unit_test(test_lists_order),    cmocka_unit_test(test_local_listed),
	};
	return cmocka_run_group_tests_name("policy", tests, 0, 0);
}
