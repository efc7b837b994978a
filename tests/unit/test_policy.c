/* policy: the decision order of DESIGN.md, first match wins. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "policy.h"
#include "rules.h"

static const struct policy_config config = {.short_ms = 1000, .long_ms = 90000, .noptr = NOPTR_DELAY};

/* Every fact true at once: each step must win over all later ones. */
static struct policy_facts all(void)
{
	struct policy_facts f = {.greetwait_env = "2.5", .relayclient = 1, .whitelisted = 1,
				 .whitelist_delay_ms = 3000, .whitelist_entry = "10.0.0.0/8",
				 .has_ptr = 1, .bad_ptr = 1, .cache_hit = 1, .pattern_hit = 1,
				 .pattern_delay_ms = RULES_DELAY_LONG, .pattern_class = "dynamic"};
	return f;
}

static void expect(const struct policy_config *c, const struct policy_facts *f, enum verdict v,
		   unsigned long delay, int longwait, const char *why)
{
	struct policy_decision d;
	policy_decide(c, f, &d);
	assert_int_equal(d.verdict, v);
	assert_int_equal(d.delay_ms, delay);
	assert_int_equal(d.long_wait, longwait);
	assert_string_equal(d.why, why);
}

static void test_order(void **state)
{
	struct policy_facts f = all();
	(void)state;
	expect(&config, &f, VERDICT_WAIT, 2500, 0, "env");
	f.greetwait_env = "";
	expect(&config, &f, VERDICT_WAIT, 0, 0, "env");
	f.greetwait_env = 0;
	expect(&config, &f, VERDICT_WAIT, 0, 0, "relayclient");
	f.relayclient = 0;
	expect(&config, &f, VERDICT_WAIT, 3000, 0, "whitelist:10.0.0.0/8");
	f.whitelisted = 0;
	f.has_ptr = 0;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, "noptr");
	f.has_ptr = 1;
	expect(&config, &f, VERDICT_WAIT, 1000, 0, "cache");
	f.cache_hit = 0;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, "badptr");
	f.bad_ptr = 0;
	expect(&config, &f, VERDICT_WAIT, 90000, 1, "pattern:dynamic");
	f.pattern_delay_ms = 30000;
	expect(&config, &f, VERDICT_WAIT, 30000, 1, "pattern:dynamic");
	f.pattern_hit = 0;
	expect(&config, &f, VERDICT_WAIT, 1000, 0, "default");
}

static void test_noptr_actions(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = {.has_ptr = 0};
	(void)state;
	c.noptr = NOPTR_REJECT;
	expect(&c, &f, VERDICT_REJECT, 0, 0, "noptr");
	c.noptr = NOPTR_TEMPFAIL;
	expect(&c, &f, VERDICT_TEMPFAIL, 0, 0, "noptr");
	c.noptr = NOPTR_ACCEPT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, "default");
	/* a whitelisted client without PTR is not rejected */
	c.noptr = NOPTR_REJECT;
	f.whitelisted = 1;
	f.whitelist_entry = "::1";
	expect(&c, &f, VERDICT_WAIT, 0, 0, "whitelist:::1");
}

/* A failed lookup is never a rejection: the long delay, why=dnsfail. */
static void test_dns_failed(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = {.has_ptr = 0, .dns_failed = 1};
	(void)state;
	for (int a = NOPTR_DELAY; a <= NOPTR_TEMPFAIL; a++) {
		c.noptr = (enum noptr_action)a;
		expect(&c, &f, VERDICT_WAIT, 90000, 1, "dnsfail");
	}
	c.noptr = NOPTR_ACCEPT;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, "default");
}

/* Only a pattern's long delay can be shortened by a cache hit. */
static void test_cache_matters(void **state)
{
	struct policy_facts f = {.has_ptr = 1, .pattern_hit = 1, .pattern_delay_ms = RULES_DELAY_LONG,
				 .pattern_class = "dynamic"};
	struct policy_decision d;
	(void)state;
	policy_decide(&config, &f, &d);
	assert_true(d.cache_matters);
	assert_true(d.ptr_matters);
	f.pattern_hit = 0;
	policy_decide(&config, &f, &d);
	assert_false(d.cache_matters);
	f.has_ptr = 0;
	policy_decide(&config, &f, &d);
	assert_false(d.cache_matters);
	assert_true(d.ptr_matters);
	f.relayclient = 1;
	policy_decide(&config, &f, &d);
	assert_false(d.ptr_matters);
}

/* A name too long or escaped: the long delay, whatever a pattern or -n
 * says; like a pattern's long delay, a pass-cache hit shortens it. */
static void test_bad_ptr(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = {.has_ptr = 1, .bad_ptr = 1, .pattern_hit = 1, .pattern_delay_ms = 100,
				 .pattern_class = "pool"};
	struct policy_decision d;
	(void)state;
	c.noptr = NOPTR_REJECT;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, "badptr");
	policy_decide(&c, &f, &d);
	assert_true(d.cache_matters);
	f.cache_hit = 1;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, "cache");
	f.whitelisted = 1;
	f.whitelist_entry = "192.0.2.0/24";
	expect(&c, &f, VERDICT_WAIT, 0, 0, "whitelist:192.0.2.0/24");
}

/* Every why, with and without a suffix (env, relayclient, noptr,
 * dnsfail, cache, badptr, default): under -fsanitize=undefined a copy from
 * a null pointer, undefined even for 0 bytes (C99 7.21.1), aborts here. */
static void test_every_why(void **state)
{
	struct policy_config c = config;
	struct policy_facts f = {0};
	struct policy_decision d;
	char long_entry[POLICY_WHY_MAX + 50];
	(void)state;
	memset(long_entry, 'x', sizeof long_entry - 1);
	long_entry[sizeof long_entry - 1] = 0;
	f.greetwait_env = "";
	expect(&c, &f, VERDICT_WAIT, 0, 0, "env");
	f.greetwait_env = 0;
	f.relayclient = 1;
	expect(&c, &f, VERDICT_WAIT, 0, 0, "relayclient");
	f.relayclient = 0;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, "noptr");
	f.dns_failed = 1;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, "dnsfail");
	f.has_ptr = 1;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, "default");
	f.bad_ptr = 1;
	expect(&c, &f, VERDICT_WAIT, 90000, 1, "badptr");
	f.cache_hit = 1;
	expect(&c, &f, VERDICT_WAIT, 1000, 0, "cache");
	f.whitelisted = 1;
	f.whitelist_entry = "mail.example.org";
	expect(&c, &f, VERDICT_WAIT, 0, 0, "whitelist:mail.example.org");
	/* a suffix too long for why is cut, and why stays terminated */
	f.whitelist_entry = long_entry;
	policy_decide(&c, &f, &d);
	assert_int_equal(strlen(d.why), sizeof d.why - 1);
	assert_memory_equal(d.why, "whitelist:xxx", 13);
}

static void test_malformed_env(void **state)
{
	struct policy_facts f = {.greetwait_env = "soon", .has_ptr = 1};
	struct policy_decision d;
	(void)state;
	policy_decide(&config, &f, &d);
	assert_string_equal(d.why, "default");
	assert_int_equal(d.delay_ms, 1000);
	assert_non_null(d.error);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order), cmocka_unit_test(test_noptr_actions),
		cmocka_unit_test(test_malformed_env), cmocka_unit_test(test_dns_failed),
		cmocka_unit_test(test_cache_matters), cmocka_unit_test(test_bad_ptr),
		cmocka_unit_test(test_every_why),
	};
	return cmocka_run_group_tests_name("policy", tests, 0, 0);
}
