/* memcache: a minimal memcached client over the text protocol, for a pass
 * cache shared by several MX hosts.  One short TCP connection per call,
 * non-blocking, with a hard time limit: a dead or slow memcached costs at
 * most timeout_ms and reads as a miss.  The server is a numeric address,
 * "127.0.0.1:11211" or "[::1]:11211", so no DNS is needed to reach it. */
#ifndef MEMCACHE_H
#define MEMCACHE_H

#include <stddef.h>
#include <sys/socket.h>

#define MEMCACHE_TIMEOUT_MS 10 /* each of get and set */
#define MEMCACHE_VALUE_MAX  64

struct memcache_server {
	struct sockaddr_storage sa;
	socklen_t salen;
};

/* Parse "HOST:PORT" (HOST an IPv4 address or a bracketed IPv6 one); 0 if malformed. */
int memcache_parse(struct memcache_server *s, const char *hostport);
/* 1 and value (NUL-terminated) if key is stored, 0 if not, -1 (error set) on trouble. */
int memcache_get(const struct memcache_server *s, const char *key, char *value, size_t size,
		 unsigned long timeout_ms, char *error, size_t errsize);
/* Store value under key for expire seconds; 0, or -1 (error set) on trouble. */
int memcache_set(const struct memcache_server *s, const char *key, const char *value,
		 unsigned long expire, unsigned long timeout_ms, char *error, size_t errsize);

#endif
