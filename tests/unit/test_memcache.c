/* memcache: -c's HOST:PORT, and the text protocol against a one-shot
 * server on 127.0.0.1 that answers with canned bytes: the requests sent,
 * the replies understood or refused, a server that is not there, closes
 * or never answers.  Also what the pass cache keeps in memcached: the
 * time of the pass in decimal seconds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cache.h"
#include "clock.h"
#include "memcache.h"

/* A memcached for one connection: it reads one request, then sends reply
 * (split: in two parts, 20 ms apart, to be read as one), or nothing and
 * holds the connection open (reply 0). */
struct server {
	struct memcache_server at;
	pid_t pid;
	int request; /* the request it read comes back on this pipe */
};

/* Lines (CR LF) a whole request has: a set's data line comes after. */
static int complete(const char *in, size_t n)
{
	int lines = 0;
	for (size_t k = 1; k < n; k++)
		lines += in[k - 1] == '\r' && in[k] == '\n';
	return lines >= (n >= 4 && !memcmp(in, "set ", 4) ? 2 : 1);
}

/* The server's side: accept, read the request, answer, exit. */
static void serve(int listener, int out, const char *reply, int split)
{
	char in[1024];
	size_t got = 0;
	int c = accept(listener, 0, 0);
	while (c >= 0 && got < sizeof in && !complete(in, got)) {
		struct pollfd p = {c, POLLIN, 0};
		ssize_t r;
		if (poll(&p, 1, 2000) != 1 || (r = read(c, in + got, sizeof in - got)) <= 0)
			break;
		got += (size_t)r;
	}
	write(out, in, got);
	close(out);
	if (!reply) {
		sleep(5); /* the client gives up first */
		_exit(0);
	}
	if (split) {
		write(c, reply, strlen(reply) / 2);
		usleep(20000);
		reply += strlen(reply) / 2;
	}
	write(c, reply, strlen(reply));
	_exit(0);
}

static void server_start(struct server *s, const char *reply, int split)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	char spec[64];
	int l = socket(AF_INET, SOCK_STREAM, 0), p[2];
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_true(l >= 0);
	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(listen(l, 1), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &alen), 0);
	snprintf(spec, sizeof spec, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
	assert_true(memcache_parse(&s->at, spec));
	assert_int_equal(pipe(p), 0);
	s->pid = fork();
	assert_true(s->pid >= 0);
	if (!s->pid) {
		close(p[0]);
		serve(l, p[1], reply, split);
	}
	close(l);
	close(p[1]);
	s->request = p[0];
}

/* What the server read, NUL-terminated; and it is gone. */
static const char *server_request(struct server *s)
{
	static char buf[1024];
	size_t n = 0;
	ssize_t r;
	while (n < sizeof buf - 1 && (r = read(s->request, buf + n, sizeof buf - 1 - n)) > 0)
		n += (size_t)r;
	buf[n] = 0;
	close(s->request);
	kill(s->pid, SIGTERM);
	waitpid(s->pid, 0, 0);
	return buf;
}

static void test_parse(void **state)
{
	struct memcache_server s;
	const struct sockaddr_in *in = (const struct sockaddr_in *)&s.sa;
	const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)&s.sa;
	(void)state;
	assert_true(memcache_parse(&s, "127.0.0.1:11211"));
	assert_int_equal(in->sin_family, AF_INET);
	assert_int_equal(ntohs(in->sin_port), 11211);
	assert_int_equal(ntohl(in->sin_addr.s_addr), 0x7f000001);
	assert_int_equal(s.salen, sizeof *in);
	assert_true(memcache_parse(&s, "[::1]:65535"));
	assert_int_equal(in6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(in6->sin6_port), 65535);
	assert_int_equal(in6->sin6_addr.s6_addr[15], 1);
	assert_int_equal(s.salen, sizeof *in6);
	assert_true(memcache_parse(&s, "127.0.0.1:011211"));
	assert_int_equal(ntohs(in->sin_port), 11211);
	assert_false(memcache_parse(&s, "localhost:11211")); /* no DNS to reach it */
	assert_false(memcache_parse(&s, "127.0.0.1"));
	assert_false(memcache_parse(&s, "127.0.0.1:"));
	assert_false(memcache_parse(&s, "127.0.0.1:0"));
	assert_false(memcache_parse(&s, "127.0.0.1:65536"));
	assert_false(memcache_parse(&s, "127.0.0.1:18446744073709551617"));
	assert_false(memcache_parse(&s, "127.0.0.1:+80"));
	assert_false(memcache_parse(&s, "127.0.0.1:80x"));
	assert_false(memcache_parse(&s, "127.0.0.1: 80"));
	assert_false(memcache_parse(&s, "::1:11211"));
	assert_false(memcache_parse(&s, "[::1]11211"));
	assert_false(memcache_parse(&s, "[::1:11211"));
	assert_false(memcache_parse(&s, "[127.0.0.1]x:1"));
}

static void test_get(void **state)
{
	char value[MEMCACHE_VALUE_MAX], error[200];
	struct server s;
	(void)state;
	server_start(&s, "VALUE greetwait:192.0.2.7 0 10\r\n1700000000\r\nEND\r\n", 1);
	assert_int_equal(memcache_get(&s.at, "greetwait:192.0.2.7", value, sizeof value, 1000,
				      error, sizeof error),
			 1);
	assert_string_equal(value, "1700000000");
	assert_string_equal(server_request(&s), "get greetwait:192.0.2.7\r\n");
	server_start(&s, "END\r\n", 1);
	assert_int_equal(memcache_get(&s.at, "k", value, sizeof value, 1000, error, sizeof error),
			 0);
	assert_string_equal(server_request(&s), "get k\r\n");
}

/* Whatever the reply says besides a VALUE of this key with its length,
 * or END, is trouble, and a value must fit. */
static void test_get_unexpected(void **state)
{
	static const char *const replies[] = {
	    "VALUE other 0 10\r\n1700000000\r\nEND\r\n",
	    "VALUE k 0 9\r\n1700000000\r\nEND\r\n",
	    "VALUE k 0 11\r\n1700000000\r\nEND\r\n",
	    "VALUE k 0 99999999999999999999999\r\n1700000000\r\nEND\r\n",
	    "VALUE k 0 18446744073709551615\r\n1700000000\r\nEND\r\n",
	    "VALUE k 0\r\n1700000000\r\nEND\r\n",
	    "ERROR\r\n",
	    "SERVER_ERROR out of memory\r\n",
	    "VALUE k 0 4\r\n1700\r\nEND\r\n", /* too long for a 4-byte value buffer */
	};
	char value[MEMCACHE_VALUE_MAX], error[200];
	(void)state;
	for (size_t k = 0; k < sizeof replies / sizeof replies[0]; k++) {
		struct server s;
		size_t size = k == 8 ? 4 : sizeof value;
		server_start(&s, replies[k], 1);
		assert_int_equal(memcache_get(&s.at, "k", value, size, 1000, error, sizeof error),
				 -1);
		assert_string_equal(error, "memcached get: unable to read: unexpected reply");
		server_request(&s);
	}
}

static void test_set(void **state)
{
	char error[200] = "";
	struct server s;
	(void)state;
	server_start(&s, "STORED\r\n", 1);
	assert_int_equal(memcache_set(&s.at, "greetwait:192.0.2.0_24", "1700000000", 2592000, 1000,
				      error, sizeof error),
			 0);
	assert_string_equal(server_request(&s),
			    "set greetwait:192.0.2.0_24 0 2592000 10\r\n1700000000\r\n");
	assert_string_equal(error, "");
	server_start(&s, "NOT_STORED\r\n", 1);
	assert_int_equal(memcache_set(&s.at, "k", "1", 60, 1000, error, sizeof error), -1);
	assert_string_equal(error, "memcached set: unable to store: unexpected reply");
	assert_string_equal(server_request(&s), "set k 0 60 1\r\n1\r\n");
}

/* A key memcached would refuse is not sent. */
static void test_long_key(void **state)
{
	char key[252], value[MEMCACHE_VALUE_MAX], error[200] = "";
	struct memcache_server nowhere;
	(void)state;
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = 0;
	assert_true(memcache_parse(&nowhere, "127.0.0.1:9"));
	assert_int_equal(memcache_get(&nowhere, key, value, sizeof value, 10, error, sizeof error),
			 0);
	assert_int_equal(memcache_set(&nowhere, key, "1", 60, 10, error, sizeof error), 0);
	assert_string_equal(error, "");
}

/* A server that is not there, that hangs up, that never answers: trouble,
 * said, within the time limit. */
static void test_trouble(void **state)
{
	char value[MEMCACHE_VALUE_MAX], error[200];
	struct memcache_server gone;
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof a;
	char spec[64];
	int l = socket(AF_INET, SOCK_STREAM, 0);
	struct server s;
	unsigned long t0;
	(void)state;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(l, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(getsockname(l, (struct sockaddr *)&a, &alen), 0);
	snprintf(spec, sizeof spec, "127.0.0.1:%u", (unsigned)ntohs(a.sin_port));
	assert_true(memcache_parse(&gone, spec));
	assert_int_equal(memcache_get(&gone, "k", value, sizeof value, 1000, error, sizeof error),
			 -1);
	assert_string_equal(error, "memcached get: unable to connect: Connection refused");
	close(l);

	server_start(&s, "", 1);
	assert_int_equal(memcache_get(&s.at, "k", value, sizeof value, 1000, error, sizeof error),
			 -1);
	assert_string_equal(error, "memcached get: unable to read: connection closed");
	server_request(&s);

	server_start(&s, 0, 1);
	t0 = clock_now_ms();
	assert_int_equal(memcache_set(&s.at, "k", "1", 60, 50, error, sizeof error), -1);
	assert_true(clock_now_ms() - t0 >= 50 && clock_now_ms() - t0 < 1000);
	assert_string_equal(error, "memcached set: unable to read: timed out");
	server_request(&s);
}

/* The pass cache's record in memcached is the time of the pass: decimal
 * seconds, nothing else; within the TTL it is a hit. */
static void test_pass_cache_value(void **state)
{
	static const struct {
		const char *value;
		int hit;
	} cases[] = {
	    {"1700000000", 1},
	    {"1699999990", 1},
	    {"1690000000", 0}, /* older than the TTL */
	    {"1700000050", 1}, /* a clock a little behind the recorder's */
	    {"1800000000", 0}, /* far in the future */
	    {"", 0},
	    {"17000000x0", 0},
	    {"+1700000000", 0},
	    {"1700000000 ", 0},
	    {"99999999999999999999999", 0},
	};
	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		char reply[200];
		struct cache c = {.kind = CACHE_NONE};
		struct server s;
		struct ip ip;
		int hit = -1;
		snprintf(reply, sizeof reply, "VALUE greetwait:192.0.2.7 0 %zu\r\n%s\r\nEND\r\n",
			 strlen(cases[k].value), cases[k].value);
		assert_true(ip_parse(&ip, "192.0.2.7"));
		assert_true(cache_config(&c, "memcache:127.0.0.1:1"));
		c.ttl = 3600;
		c.bits4 = 32;
		c.bits6 = 128;
		/* the server answers within cache_lookup's 10 ms on an idle
		 * machine; on a loaded one, try again what timed out */
		for (int attempt = 0; attempt < 5 && hit == -1; attempt++) {
			server_start(&s, reply, 0);
			c.server = s.at;
			c.error[0] = 0;
			hit = cache_lookup(&c, &ip, 1700000010UL);
			assert_string_equal(server_request(&s), "get greetwait:192.0.2.7\r\n");
			if (c.error[0])
				hit = -1;
		}
		assert_int_equal(hit, cases[k].hit);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_get),
	    cmocka_unit_test(test_get_unexpected),
	    cmocka_unit_test(test_set),
	    cmocka_unit_test(test_long_key),
	    cmocka_unit_test(test_trouble),
	    cmocka_unit_test(test_pass_cache_value),
	};
	return cmocka_run_group_tests_name("memcache", tests, 0, 0);
}
