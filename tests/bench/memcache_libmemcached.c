/* memcache.h over libmemcached instead of greetwait's own text-protocol
 * client: built only by tests/bench/cache.sh, to measure what the library
 * would cost greetwait per connection. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <libmemcached/memcached.h>

#include "memcache.h"

int memcache_parse(struct memcache_server *s, const char *hostport)
{
	char host[INET_ADDRSTRLEN];
	const char *colon = strchr(hostport, ':');
	struct sockaddr_in *sin = (struct sockaddr_in *)&s->sa;
	if (!colon || (size_t)(colon - hostport) >= sizeof host)
		return 0; /* IPv4 only: enough for the benchmark */
	memcpy(host, hostport, (size_t)(colon - hostport));
	host[colon - hostport] = 0;
	memset(&s->sa, 0, sizeof s->sa);
	sin->sin_family = AF_INET;
	sin->sin_port = htons((unsigned short)atoi(colon + 1));
	s->salen = sizeof *sin;
	return inet_pton(AF_INET, host, &sin->sin_addr) == 1;
}

/* A libmemcached handle for s, with the same time limits as ours. */
static memcached_st *handle(const struct memcache_server *s, unsigned long timeout_ms)
{
	char host[INET6_ADDRSTRLEN];
	unsigned short port;
	memcached_st *m = memcached_create(0);
	if (!m)
		return 0;
	if (s->sa.ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)&s->sa;
		inet_ntop(AF_INET, &sin->sin_addr, host, sizeof host);
		port = ntohs(sin->sin_port);
	} else {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)&s->sa;
		inet_ntop(AF_INET6, &sin6->sin6_addr, host, sizeof host);
		port = ntohs(sin6->sin6_port);
	}
	memcached_server_add(m, host, port);
	memcached_behavior_set(m, MEMCACHED_BEHAVIOR_CONNECT_TIMEOUT, timeout_ms);
	memcached_behavior_set(m, MEMCACHED_BEHAVIOR_POLL_TIMEOUT, timeout_ms);
	return m;
}

/* Copy "memcached OP: message" into error. */
static void fail(char *error, size_t size, const char *op, memcached_st *m, memcached_return_t rc)
{
	const char *e = memcached_strerror(m, rc);
	size_t n = 0;
	for (const char *p = "memcached "; *p && n + 1 < size; p++)
		error[n++] = *p;
	for (const char *p = op; *p && n + 1 < size; p++)
		error[n++] = *p;
	for (const char *p = ": "; *p && n + 1 < size; p++)
		error[n++] = *p;
	for (const char *p = e; *p && n + 1 < size; p++)
		error[n++] = *p;
	error[n] = 0;
}

int memcache_get(const struct memcache_server *s, const char *key, char *value, size_t size,
		 unsigned long timeout_ms, char *error, size_t errsize)
{
	memcached_return_t rc;
	size_t len;
	uint32_t flags;
	char *v;
	memcached_st *m = handle(s, timeout_ms);
	if (!m)
		return -1;
	v = memcached_get(m, key, strlen(key), &len, &flags, &rc);
	if (!v) {
		int r = rc == MEMCACHED_NOTFOUND ? 0 : -1;
		if (r)
			fail(error, errsize, "get", m, rc);
		memcached_free(m);
		return r;
	}
	if (len >= size)
		len = size - 1;
	memcpy(value, v, len);
	value[len] = 0;
	free(v);
	memcached_free(m);
	return 1;
}

int memcache_set(const struct memcache_server *s, const char *key, const char *value,
		 unsigned long expire, unsigned long timeout_ms, char *error, size_t errsize)
{
	memcached_st *m = handle(s, timeout_ms);
	memcached_return_t rc;
	if (!m)
		return -1;
	rc = memcached_set(m, key, strlen(key), value, strlen(value), (time_t)expire, 0);
	if (rc != MEMCACHED_SUCCESS)
		fail(error, errsize, "set", m, rc);
	memcached_free(m);
	return rc == MEMCACHED_SUCCESS ? 0 : -1;
}
