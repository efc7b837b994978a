#include "cache.h"

#include <string.h>
#include <time.h>

#include "cache_dir.h"
#include "fmt.h"
#include "scan.h"

#define MEMCACHE_PREFIX       "memcache:"
#define MEMCACHE_KEY_PREFIX   "greetwait:"
#define MEMCACHE_RELATIVE_MAX 2592000UL /* memcached reads longer expiries as absolute times */

int cache_config(struct cache *c, const char *spec)
{
	c->kind = CACHE_NONE;
	c->error[0] = 0;
	if (!strncmp(spec, MEMCACHE_PREFIX, sizeof MEMCACHE_PREFIX - 1)) {
		if (!memcache_parse(&c->server, spec + sizeof MEMCACHE_PREFIX - 1))
			return 0;
		c->kind = CACHE_MEMCACHE;
		return 1;
	}
	if (!*spec || strlen(spec) > CACHE_DIR_MAX)
		return 0;
	c->dir = spec;
	c->kind = CACHE_DIR;
	return 1;
}

/* Parse the one to three digits from s up to end as a number in lo..hi;
 * 0 if malformed. */
static int bits_parse(const char *s, const char *end, unsigned int lo, unsigned int hi,
		      unsigned int *bits)
{
	size_t len = (size_t)(end - s);
	unsigned long n;
	if (!len || len > 3 || scan_ulongn(s, len, &n) != len || n < lo || n > hi)
		return 0;
	*bits = (unsigned int)n;
	return 1;
}

int cache_bits_parse(const char *s, unsigned int *bits4, unsigned int *bits6)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return 0;
	return bits_parse(s, slash, 16, 32, bits4) &&
	       bits_parse(slash + 1, slash + strlen(slash), 32, 128, bits6);
}

size_t cache_key(char *out, const struct ip *ip, unsigned int bits4, unsigned int bits6)
{
	struct ip net = *ip;
	unsigned int bits = ip->len == 4 ? bits4 : bits6;
	size_t n;
	if (bits >= ip->len * 8)
		return ip_format(out, ip);
	ip_mask(&net, bits);
	n = ip_format(out, &net);
	out[n++] = '_';
	n += fmt_ulong(out + n, bits);
	out[n] = 0;
	return n;
}

/* The memcached key for a cache key: prefixed, so others may share the server. */
static void memcache_key(char *out, const char *key)
{
	size_t n = fmt_str(out, MEMCACHE_KEY_PREFIX);
	n += fmt_str(out + n, key);
	out[n] = 0;
}

/* 1 if a pass at when (seconds) is still within the TTL at now. */
static int fresh(const struct cache *c, unsigned long when, unsigned long now)
{
	return when <= now + 60 && (when > now || now - when < c->ttl);
}

int cache_lookup(struct cache *c, const struct ip *ip, unsigned long now)
{
	char key[CACHE_KEY_MAX], mkey[sizeof MEMCACHE_KEY_PREFIX + CACHE_KEY_MAX];
	char value[MEMCACHE_VALUE_MAX];
	unsigned long when = 0;
	time_t t;
	if (c->kind == CACHE_NONE || !ip->len)
		return 0;
	cache_key(key, ip, c->bits4, c->bits6);
	if (c->kind == CACHE_DIR) {
		if (cache_dir_lookup(c->dir, key, &t, c->error, sizeof c->error) != 1 || t < 0)
			return 0;
		return fresh(c, (unsigned long)t, now);
	}
	memcache_key(mkey, key);
	if (memcache_get(&c->server, mkey, value, sizeof value, MEMCACHE_TIMEOUT_MS, c->error,
			 sizeof c->error) != 1)
		return 0;
	if (!*value || value[scan_ulong(value, &when)]) /* digits only, no overflow */
		return 0;
	return fresh(c, when, now);
}

void cache_record(struct cache *c, const struct ip *ip, unsigned long now)
{
	char key[CACHE_KEY_MAX], mkey[sizeof MEMCACHE_KEY_PREFIX + CACHE_KEY_MAX];
	char value[FMT_ULONG];
	unsigned long expire = c->ttl;
	if (c->kind == CACHE_NONE || !ip->len)
		return;
	cache_key(key, ip, c->bits4, c->bits6);
	if (c->kind == CACHE_DIR) {
		cache_dir_record(c->dir, key, c->error, sizeof c->error);
		return;
	}
	value[fmt_ulong(value, now)] = 0;
	if (expire > MEMCACHE_RELATIVE_MAX)
		expire += (unsigned long)time(0);
	memcache_key(mkey, key);
	memcache_set(&c->server, mkey, value, expire, MEMCACHE_TIMEOUT_MS, c->error,
		     sizeof c->error);
}
