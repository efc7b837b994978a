/* cache: -k parsing, the keys of addresses, -c parsing, and a pass recorded
 * in a directory and found again within the TTL (the TTL's parsing is
 * test_duration's, record paths and names test_cache_dir's, memcached
 * test_memcache's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <time.h>
#include <stdlib.h>
#include <stdio.h>
#include <cmocka.h>

#include "cache.h"
#include "cache_dir.h"

static void test_bits(void **state)
{
	unsigned int b4 = 0, b6 = 0;
	(void)state;
	assert_true(cache_bits_parse("24/64", &b4, &b6));
	assert_int_equal(b4, 24);
	assert_int_equal(b6, 64);
	assert_true(cache_bits_parse("32/128", &b4, &b6));
	assert_false(cache_bits_parse("24", &b4, &b6));
	assert_false(cache_bits_parse("8/64", &b4, &b6));
	assert_false(cache_bits_parse("24/16", &b4, &b6));
	assert_false(cache_bits_parse("33/64", &b4, &b6));
	assert_false(cache_bits_parse("24/129", &b4, &b6));
	assert_false(cache_bits_parse("24/", &b4, &b6));
	assert_false(cache_bits_parse("/64", &b4, &b6));
	assert_false(cache_bits_parse("2x/64", &b4, &b6));
}

/* The key of text under bits4/bits6. */
static void key(const char *text, unsigned int b4, unsigned int b6, const char *want)
{
	char out[CACHE_KEY_MAX];
	struct ip ip;
	assert_true(ip_parse(&ip, text));
	assert_int_equal(cache_key(out, &ip, b4, b6), strlen(want));
	assert_string_equal(out, want);
	assert_true(cache_dir_is_key(out));
}

static void test_key(void **state)
{
	(void)state;
	key("192.0.2.7", 32, 128, "192.0.2.7");
	key("192.0.2.7", 24, 64, "192.0.2.0_24");
	key("::ffff:192.0.2.7", 24, 64, "192.0.2.0_24");
	key("2001:DB8:0:0:1::7", 24, 128, "2001:db8::1:0:0:7");
	key("2001:db8:1:2:3:4:5:6", 24, 64, "2001:db8:1:2::_64");
	key("2001:db8:1:2:3:4:5:6", 24, 120, "2001:db8:1:2:3:4:5:0_120");
}

static void test_config(void **state)
{
	struct cache c;
	(void)state;
	assert_true(cache_config(&c, "/var/lib/greetwait"));
	assert_int_equal(c.kind, CACHE_DIR);
	assert_true(cache_config(&c, "memcache:127.0.0.1:11211"));
	assert_int_equal(c.kind, CACHE_MEMCACHE);
	assert_true(cache_config(&c, "memcache:[::1]:11211"));
	assert_false(cache_config(&c, "memcache:localhost:11211"));
	assert_false(cache_config(&c, "memcache:127.0.0.1"));
	assert_false(cache_config(&c, "memcache:127.0.0.1:0"));
	assert_false(cache_config(&c, "memcache:127.0.0.1:65536"));
	assert_false(cache_config(&c, "memcache:::1:11211"));
	/* brackets hold an IPv6 address, and only that (a fuzzer find) */
	assert_false(cache_config(&c, "memcache:[7.0.0.1]:1"));
	assert_true(cache_config(&c, "memcache:[::ffff:127.0.0.1]:11211"));
	assert_false(cache_config(&c, ""));
}

static void test_dir(void **state)
{
	char dir[] = "/tmp/test_cache.XXXXXX", cmd[64];
	struct cache c = {.ttl = 3600, .bits4 = 32, .bits6 = 128};
	struct ip ip, neighbour;
	unsigned long now = (unsigned long)time(0);
	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(cache_config(&c, dir));
	assert_true(ip_parse(&ip, "192.0.2.7"));
	assert_true(ip_parse(&neighbour, "192.0.2.8"));
	assert_false(cache_lookup(&c, &ip, now));
	cache_record(&c, &ip, now);
	assert_string_equal(c.error, "");
	assert_true(cache_lookup(&c, &ip, now));
	assert_true(cache_lookup(&c, &ip, now + 3500));
	assert_false(cache_lookup(&c, &ip, now + 3700));
	assert_false(cache_lookup(&c, &neighbour, now));
	c.bits4 = 24;
	assert_false(cache_lookup(&c, &ip, now)); /* a network's record is another */
	cache_record(&c, &neighbour, now);
	assert_true(cache_lookup(&c, &ip, now));
	assert_string_equal(c.error, "");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bits),
	    cmocka_unit_test(test_key),
	    cmocka_unit_test(test_config),
	    cmocka_unit_test(test_dir),
	};
	return cmocka_run_group_tests_name("cache", tests, 0, 0);
}
