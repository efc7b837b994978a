/* libFuzzer target for what greetwait reads from memcached (src/greetwait/memcache.c,
 * src/greetwait/cache.c).  The client only talks over a socket, so the harness runs
 * a one-thread server on an abstract Unix socket (memcache_server holds any
 * sockaddr) that reads the request and answers with the input's bytes.
 * First byte % 4: 0 a get, 1 a set, 2 a pass-cache lookup through
 * memcached, 3 the bytes as -c's argument (cache_config, memcache_parse).
 * A well-formed reply must give exactly what it says; whatever the reply,
 * a value handed back must be the bytes the reply declared, and every
 * request the client sent must be well formed. */
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cache.h"
#include "fuzz.h"
#include "ip.h"
#include "memcache.h"

#define REPLY_MAX 512 /* memcache.c's reply buffer */

static struct memcache_server server;
static int listener = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t served;
static unsigned char reply[4096], request[1024];
static size_t replylen, requestlen;

/* Lines (CR LF) a request of this verb has. */
static int request_lines(const unsigned char *r, size_t n)
{
	return n >= 4 && !memcmp(r, "set ", 4) ? 2 : 1;
}

/* The server: for each connection, read the request, answer, close. */
static void *serve(void *unused)
{
	(void)unused;
	for (;;) {
		unsigned char in[sizeof request], out[sizeof reply];
		size_t got = 0, outlen;
		int lines = 0, c = accept4(listener, 0, 0, SOCK_CLOEXEC);
		if (c == -1)
			continue;
		while (got < sizeof in) {
			struct pollfd p = {c, POLLIN, 0};
			ssize_t r;
			if (poll(&p, 1, 2000) != 1 ||
			    (r = recv(c, in + got, sizeof in - got, 0)) <= 0)
				break;
			got += (size_t)r;
			lines = 0;
			for (size_t k = 1; k < got; k++)
				lines += in[k - 1] == '\r' && in[k] == '\n';
			if (lines >= request_lines(in, got))
				break;
		}
		pthread_mutex_lock(&lock);
		memcpy(request, in, got);
		requestlen = got;
		memcpy(out, reply, replylen);
		outlen = replylen;
		pthread_mutex_unlock(&lock);
		if (outlen)
			send(c, out, outlen, MSG_NOSIGNAL);
		close(c);
		sem_post(&served);
	}
	return 0;
}

/* Listen on an abstract Unix socket and start the server; 0 on trouble. */
static int start(void)
{
	struct sockaddr_un *un = (struct sockaddr_un *)&server.sa;
	pthread_t t;
	int n;
	memset(&server, 0, sizeof server);
	un->sun_family = AF_UNIX;
	n = snprintf(un->sun_path + 1, sizeof un->sun_path - 1, "greetwait-fuzz-%d", (int)getpid());
	server.salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n);
	if ((listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    bind(listener, (struct sockaddr *)&server.sa, server.salen) == -1 ||
	    listen(listener, 16) == -1)
		return 0;
	sem_init(&served, 0, 0);
	return pthread_create(&t, 0, serve, 0) == 0;
}

/* Wait until the server has answered the client's one connection. */
static void await(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	FUZZ_CHECK(sem_timedwait(&served, &ts) == 0,
		   "the client connected and the server answered");
}

/* A key as the client may send it: 1 to 250 printable bytes without blanks. */
static int key_ok(const unsigned char *k, size_t n)
{
	if (!n || n > 250)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (k[i] <= ' ' || k[i] >= 127)
			return 0;
	return 1;
}

/* The reply as the client reads it: what one recv of at most REPLY_MAX gets. */
static size_t seen(void) { return replylen < REPLY_MAX ? replylen : REPLY_MAX; }

static void check_get(const char *key, size_t size)
{
	char value[MEMCACHE_VALUE_MAX + 1], error[200] = "";
	size_t klen = strlen(key), n = seen(), h;
	unsigned long bytes = 0;
	int r = memcache_get(&server, key, value, size, 1000, error, sizeof error), strict = 0;
	await();
	FUZZ_CHECK(requestlen == 4 + klen + 2 && !memcmp(request, "get ", 4) &&
		       !memcmp(request + 4, key, klen) && !memcmp(request + 4 + klen, "\r\n", 2),
		   "a get is \"get KEY\\r\\n\"");
	FUZZ_CHECK(r == -1 ? error[0] != 0 : 1, "a failed get says why");
	if (n == 5 && !memcmp(reply, "END\r\n", 5)) {
		FUZZ_CHECK(r == 0, "END is a miss");
		return;
	}
	FUZZ_CHECK(r != 0, "only END is a miss");
	/* a strictly well-formed hit: VALUE KEY FLAGS BYTES\r\nDATA\r\nEND\r\n */
	if (n > 6 + klen + 1 && !memcmp(reply, "VALUE ", 6) && !memcmp(reply + 6, key, klen) &&
	    reply[6 + klen] == ' ') {
		size_t i = 6 + klen + 1, f = i, d;
		while (i < n && reply[i] >= '0' && reply[i] <= '9')
			i++;
		if (i > f && i - f <= 10 && i < n && reply[i] == ' ') {
			d = ++i;
			while (i < n && reply[i] >= '0' && reply[i] <= '9' && bytes < 100000)
				bytes = bytes * 10 + (reply[i++] - '0');
			strict = i > d && i + 2 <= n && !memcmp(reply + i, "\r\n", 2) &&
				 i + 2 + bytes + 7 == n && !memcmp(reply + n - 7, "\r\nEND\r\n", 7);
		}
	}
	if (strict && bytes < size) {
		FUZZ_CHECK(r == 1, "a well-formed VALUE reply is a hit");
	}
	if (r != 1)
		return;
	/* whatever the reply's form, the value is what lies between the end
	 * of the VALUE line (its CR and one more byte) and the final END */
	FUZZ_CHECK(memchr(reply, '\r', n) && n >= 7 && !memcmp(reply + n - 7, "\r\nEND\r\n", 7),
		   "a hit's reply has a VALUE line and ends in END");
	h = (size_t)((unsigned char *)memchr(reply, '\r', n) - reply) + 2;
	FUZZ_CHECK(h + 7 <= n && n - 7 - h < size && !memcmp(value, reply + h, n - 7 - h) &&
		       value[n - 7 - h] == 0,
		   "a hit's value is the bytes between the VALUE line and END, and fits");
}

static void check_set(const char *key, const char *value, unsigned long expire)
{
	char error[200] = "", want[600];
	int r = memcache_set(&server, key, value, expire, 1000, error, sizeof error), n;
	size_t got = seen();
	await();
	n = snprintf(want, sizeof want, "set %s 0 %lu %zu\r\n%s\r\n", key, expire, strlen(value),
		     value);
	FUZZ_CHECK(requestlen == (size_t)n && !memcmp(request, want, requestlen),
		   "a set is \"set KEY 0 EXPIRE BYTES\\r\\nVALUE\\r\\n\"");
	FUZZ_CHECK(r == (got == 8 && !memcmp(reply, "STORED\r\n", 8) ? 0 : -1),
		   "a set succeeds exactly on STORED");
	FUZZ_CHECK(r == 0 || error[0], "a failed set says why");
}

/* -c's argument: "memcache:HOST:PORT" as the manual says, or a directory. */
static void check_config(const char *spec)
{
	struct cache c;
	int ok = cache_config(&c, spec);
	const char *hp = spec + 9, *host = hp, *colon;
	char h[IP_FMT + 2];
	size_t hl;
	struct ip ip;
	unsigned long port = 0;
	int want;
	if (strncmp(spec, "memcache:", 9)) {
		FUZZ_CHECK(ok == (*spec && strlen(spec) <= CACHE_DIR_MAX),
			   "a directory is 1 to 512 bytes");
		FUZZ_CHECK(!ok || (c.kind == CACHE_DIR && c.dir == spec), "a directory is kept");
		return;
	}
	if (*hp == '[') {
		host = hp + 1;
		colon = strchr(hp, ']');
		hl = colon ? (size_t)(colon - host) : 0;
		colon = colon && colon[1] == ':' ? colon + 1 : 0;
	} else {
		colon = strchr(hp, ':');
		hl = colon ? (size_t)(colon - hp) : 0;
	}
	want = colon && hl && hl <= IP_FMT;
	if (want) {
		memcpy(h, host, hl);
		h[hl] = 0;
		want = ip_parse(&ip, h) && (*hp == '[') == (strchr(h, ':') != 0) && colon[1];
		for (const char *p = colon + 1; want && *p; p++)
			if (*p < '0' || *p > '9' ||
			    (port = port * 10 + (unsigned long)(*p - '0')) > 65535)
				want = 0;
		want = want && port;
	}
	FUZZ_CHECK(ok == want, "memcache:HOST:PORT parses as the manual says, no more");
	if (!ok)
		return;
	FUZZ_CHECK(c.kind == CACHE_MEMCACHE, "memcache: is a memcached cache");
	if (ip.len == 4) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)&c.server.sa;
		FUZZ_CHECK(in->sin_family == AF_INET && ntohs(in->sin_port) == port &&
			       !memcmp(&in->sin_addr, ip.b, 4) && c.server.salen == sizeof *in,
			   "an IPv4 server is its address and port");
	} else {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&c.server.sa;
		FUZZ_CHECK(in6->sin6_family == AF_INET6 && ntohs(in6->sin6_port) == port &&
			       !memcmp(&in6->sin6_addr, ip.b, 16) && c.server.salen == sizeof *in6,
			   "an IPv6 server is its address and port");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"greetwait:192.0.2.7", "greetwait:2001:db8::_64", "k"};
	static int ready;
	const char *key;
	if (!ready) {
		FUZZ_CHECK(start(), "the harness's memcached listens");
		ready = 1;
	}
	if (size < 2)
		return 0;
	key = keys[data[1] % 3];
	pthread_mutex_lock(&lock);
	replylen = size - 2 < sizeof reply ? size - 2 : sizeof reply;
	memcpy(reply, data + 2, replylen);
	pthread_mutex_unlock(&lock);
	switch (data[0] % 4) {
	case 0: check_get(key, (size_t)(data[0] >> 2) % MEMCACHE_VALUE_MAX + 1); break;
	case 1: {
		char value[MEMCACHE_VALUE_MAX + 1];
		snprintf(value, sizeof value, "%lu", (unsigned long)data[0] * 1000003UL);
		check_set(key, value, (unsigned long)data[1] * 86400);
		break;
	}
	case 2: {
		struct cache c;
		struct ip ip;
		memset(&c, 0, sizeof c);
		c.kind = CACHE_MEMCACHE;
		c.server = server;
		c.ttl = 30 * 86400;
		c.bits4 = data[1] & 1 ? 24 : 32;
		c.bits6 = data[1] & 2 ? 64 : 128;
		ip_parse(&ip, data[1] & 4 ? "2001:db8::7" : "192.0.2.7");
		cache_lookup(&c, &ip, 1700000000UL); /* a 10 ms limit: a slow answer is a miss */
		await();
		FUZZ_CHECK(requestlen > 6 && !memcmp(request, "get greetwait:", 14) &&
			       key_ok(request + 4, requestlen - 6),
			   "a cache lookup asks for its key");
		break;
	}
	default: {
		char spec[600];
		size_t n = size - 2 < sizeof spec - 1 ? size - 2 : sizeof spec - 1;
		memcpy(spec, data + 2, n);
		spec[n] = 0;
		check_config(spec);
		pthread_mutex_lock(&lock);
		replylen = 0;
		pthread_mutex_unlock(&lock);
	}
	}
	return 0;
}
