/* libFuzzer target for the pass cache's keys: -k's "BITS4/BITS6"
 * (cache_bits_parse in src/greetwait/cache.c: IPv4 16..32, IPv6 32..128, up to three
 * digits each), the key built from an address and those lengths
 * (cache_key), and greetwait-expire's test of a file name
 * (cache_dir_is_key).  Every key cache_key builds must pass the test, and
 * a name that passes must be the key of the address it names. */
#include <stdint.h>

#include "cache.h"
#include "cache_dir.h"
#include "fuzz.h"
#include "ip.h"

/* One length: 1 to 3 digits in lo..hi. */
static int ref_length(const char *s, size_t n, unsigned int lo, unsigned int hi, unsigned int *v)
{
	if (n < 1 || n > 3 || strspn(s, "0123456789") < n)
		return 0;
	*v = 0;
	for (size_t i = 0; i < n; i++)
		*v = *v * 10 + (unsigned int)(s[i] - '0');
	return *v >= lo && *v <= hi;
}

static int ref_bits(const char *s, unsigned int *b4, unsigned int *b6)
{
	const char *slash = strchr(s, '/');
	return slash && ref_length(s, (size_t)(slash - s), 16, 32, b4) &&
	       ref_length(slash + 1, strlen(slash + 1), 32, 128, b6);
}

/* cache_key's result passes cache_dir_is_key and names the network. */
static void check_key(const struct ip *ip, unsigned int b4, unsigned int b6)
{
	char key[CACHE_KEY_MAX + 8];
	size_t n = cache_key(key, ip, b4, b6);
	FUZZ_CHECK(n == strlen(key) && n < CACHE_KEY_MAX, "a cache key fits");
	FUZZ_CHECK(cache_dir_is_key(key),
		   "every cache key is a record's name for greetwait-expire");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[80];
	unsigned int b4 = 0, b6 = 0, w4 = 0, w6 = 0;
	struct ip ip;
	int ok;
	if (size < 17 || size - 17 >= sizeof s || memchr(data + 17, 0, size - 17))
		return 0;
	memcpy(s, data + 17, size - 17);
	s[size - 17] = 0;

	ok = cache_bits_parse(s, &b4, &b6);
	FUZZ_CHECK(ok == ref_bits(s, &w4, &w6), "-k parses as the manual says");
	FUZZ_CHECK(!ok || (b4 == w4 && b6 == w6), "-k has the lengths it says");

	/* an address from the first 17 bytes, keyed by the lengths or by whole addresses */
	ip.len = data[0] & 1 ? 16 : 4;
	memcpy(ip.b, data + 1, 16);
	if (ip.len == 4)
		memset(ip.b + 4, 0, 12);
	else if (!memcmp(ip.b, "\0\0\0\0\0\0\0\0\0\0\xff\xff", 12))
		ip.b[0] = 0x20; /* ip_parse never leaves an address IPv4-mapped */
	check_key(&ip, ok ? b4 : 32, ok ? b6 : 128);
	check_key(&ip, 16 + data[0] / 2 % 17, 32 + data[0] % 97);

	/* a name greetwait-expire keeps is the key of the address it names */
	if (cache_dir_is_key(s)) {
		char addr[IP_FMT + 1], key[CACHE_KEY_MAX + 8];
		const char *us = strchr(s, '_');
		size_t n = us ? (size_t)(us - s) : strlen(s);
		unsigned int bits;
		FUZZ_CHECK(n <= IP_FMT, "a record's address is an address");
		memcpy(addr, s, n);
		addr[n] = 0;
		FUZZ_CHECK(ip_parse(&ip, addr), "a record's name starts with an address");
		bits = us ? (unsigned int)strtoul(us + 1, 0, 10) : ip.len * 8;
		cache_key(key, &ip, bits, bits);
		FUZZ_CHECK(!strcmp(key, s),
			   "a record's name is the key cache_key gives its address");
	}
	return 0;
}
