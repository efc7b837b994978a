/* cache: the pass cache.  A client (or its network, with -k) that waited
 * out a long delay is recorded; within the TTL a later connection from it
 * gets the short delay.  Keys are built from the canonical address alone:
 * "192.0.2.7", or "192.0.2.0_24" when keyed by network.  Backends: a
 * directory (cache_dir) or a memcached server (memcache).  A cache that
 * cannot be used reads as empty and says why in c->error. */
#ifndef CACHE_H
#define CACHE_H

#include <stddef.h>

#include "ip.h"
#include "memcache.h"

#define CACHE_KEY_MAX   (IP_FMT + 4)
#define CACHE_ERROR_MAX 200
#define CACHE_DIR_MAX   512

enum cache_kind { CACHE_NONE, CACHE_DIR, CACHE_MEMCACHE };

struct cache {
	enum cache_kind kind;
	const char *dir;               /* CACHE_DIR */
	struct memcache_server server; /* CACHE_MEMCACHE */
	unsigned long ttl;             /* seconds */
	unsigned int bits4, bits6;     /* key prefix lengths: 32 and 128 key by address */
	char error[CACHE_ERROR_MAX];   /* "" when all went well */
};

/* Set c from -c's argument, "DIR" or "memcache:HOST:PORT"; 0 if malformed. */
int cache_config(struct cache *c, const char *spec);
/* Parse -k's "BITS4/BITS6" (IPv4 16..32, IPv6 32..128); 0 if malformed. */
int cache_bits_parse(const char *s, unsigned int *bits4, unsigned int *bits6);
/* Write ip's key (NUL-terminated, at most CACHE_KEY_MAX bytes); its length. */
size_t cache_key(char *out, const struct ip *ip, unsigned int bits4, unsigned int bits6);
/* 1 if ip passed a long delay within the TTL before now (seconds since the epoch). */
int cache_lookup(struct cache *c, const struct ip *ip, unsigned long now);
/* Record that ip passed a long delay at now. */
void cache_record(struct cache *c, const struct ip *ip, unsigned long now);

#endif
