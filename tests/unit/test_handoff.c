/* handoff: a message greetwait encodes decodes to the same fields; every
 * cut, every byte changed where it matters, every bound passed is
 * refused with a reason, never decoded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "handoff.h"

static char args[] = "exim4\0-bs\0";
static char env[] = "TCPREMOTEIP=192.0.2.7\0PATH=/usr/bin:/bin\0";

static void example(struct handoff *h)
{
	memset(h, 0, sizeof *h);
	h->pid = 812;
	h->start_ms = 123456789012UL;
	h->delay_ms = 90000;
	h->timeout_ms = 30000;
	h->keepalive_ms = 10000;
	h->teased_ms = 5;
	h->ttl = 2592000;
	h->early = HANDOFF_EARLY_DROP;
	h->flags = HANDOFF_RECORD | HANDOFF_TEASED | HANDOFF_LISTS;
	h->bits4 = 24;
	h->bits6 = 64;
	h->score = -5;
	h->ip = "192.0.2.7";
	h->host = "dsl-192-0-2-7.example.net";
	h->hostlen = strlen(h->host);
	h->why = "pattern:dynamic";
	h->banner = "mx.example.org";
	h->cache = "memcache:127.0.0.1:11211";
	h->dnsbl = "zen.example:127.0.0.2";
	h->errors = "";
	h->argv = args;
	h->argc = 2;
	h->argvlen = sizeof args - 1;
	h->env = env;
	h->envc = 2;
	h->envlen = sizeof env - 1;
}

static char msg[HANDOFF_MAX + 16];

static void test_round_trip(void **state)
{
	struct handoff h, got;
	const char *reason = 0;
	char *v[4];
	size_t len;
	(void)state;
	example(&h);
	len = handoff_encode(msg, sizeof msg, &h);
	assert_true(len > 0);
	assert_true(handoff_decode(&got, msg, len, &reason));
	assert_null(reason);
	assert_int_equal(got.pid, 812);
	assert_int_equal(got.start_ms, 123456789012UL);
	assert_int_equal(got.delay_ms, 90000);
	assert_int_equal(got.keepalive_ms, 10000);
	assert_int_equal(got.teased_ms, 5);
	assert_int_equal(got.ttl, 2592000);
	assert_int_equal(got.early, HANDOFF_EARLY_DROP);
	assert_int_equal(got.flags, HANDOFF_RECORD | HANDOFF_TEASED | HANDOFF_LISTS);
	assert_int_equal(got.bits4, 24);
	assert_int_equal(got.bits6, 64);
	assert_int_equal(got.score, -5);
	assert_string_equal(got.ip, "192.0.2.7");
	assert_memory_equal(got.host, h.host, h.hostlen);
	assert_int_equal(got.hostlen, h.hostlen);
	assert_string_equal(got.why, "pattern:dynamic");
	assert_string_equal(got.banner, "mx.example.org");
	assert_null(got.contact);
	assert_string_equal(got.cache, "memcache:127.0.0.1:11211");
	assert_string_equal(got.dnsbl, "zen.example:127.0.0.2");
	assert_string_equal(got.errors, "");
	handoff_vector(v, got.argv, got.argc);
	assert_string_equal(v[0], "exim4");
	assert_string_equal(v[1], "-bs");
	assert_null(v[2]);
	handoff_vector(v, got.env, got.envc);
	assert_string_equal(v[1], "PATH=/usr/bin:/bin");
	assert_null(v[2]);
}

/* Every shorter message, and every longer one, is refused. */
static void test_truncated(void **state)
{
	struct handoff h, got;
	const char *reason;
	size_t len;
	(void)state;
	example(&h);
	len = handoff_encode(msg, sizeof msg, &h);
	for (size_t n = 0; n < len; n++) {
		assert_false(handoff_decode(&got, msg, n, &reason));
		assert_non_null(reason);
	}
	msg[len] = 0;
	assert_false(handoff_decode(&got, msg, len + 1, &reason));
	assert_string_equal(reason, "wrong length");
}

/* A byte changed anywhere decodes to a valid message or is refused: never
 * read past the end (the sanitizers watch), and the header's bytes, the
 * lengths and the NULs are always refused. */
static void test_every_byte(void **state)
{
	struct handoff h, got;
	const char *reason;
	size_t len;
	(void)state;
	example(&h);
	len = handoff_encode(msg, sizeof msg, &h);
	for (size_t k = 0; k < len; k++) {
		static const unsigned char values[] = {0, 1, 0x7f, 0x80, 0xff};
		char was = msg[k];
		for (size_t v = 0; v < sizeof values; v++) {
			msg[k] = (char)values[v];
			if (!handoff_decode(&got, msg, len, &reason))
				assert_non_null(reason);
			else if (k < 8)
				assert_int_equal(msg[k], was); /* the header takes no other value */
		}
		msg[k] = was;
	}
	assert_true(handoff_decode(&got, msg, len, &reason));
	msg[0] = 'X';
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "not a handoff message");
	msg[0] = 'G';
	msg[3] = 2;
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "unknown version");
}

/* Fields past their bounds are not encoded, and not decoded either when
 * a local process writes them. */
static void test_bounds(void **state)
{
	struct handoff h, got;
	const char *reason;
	static char big[HANDOFF_HOST_MAX + 2];
	size_t len;
	(void)state;
	memset(big, 'a', sizeof big - 1);
	example(&h);
	h.host = big;
	h.hostlen = HANDOFF_HOST_MAX + 1;
	assert_int_equal(handoff_encode(msg, sizeof msg, &h), 0);
	example(&h);
	h.banner = "two\r\n250 lines";
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "line break in a reply text");
	example(&h);
	h.ip = "192.0.2.07";
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "malformed ip");
	example(&h);
	h.early = 3;
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	example(&h);
	h.delay_ms = 86400001;
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "bad time");
	example(&h);
	h.pid = 0;
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	example(&h);
	h.argc = 0;
	h.argvlen = 0;
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "malformed argv");
	example(&h);
	h.argc = 3; /* more strings said than there are */
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	example(&h);
	h.env = "NOEQUALS\0";
	h.envc = 1;
	h.envlen = 9;
	len = handoff_encode(msg, sizeof msg, &h);
	assert_false(handoff_decode(&got, msg, len, &reason));
	assert_string_equal(reason, "malformed environment");
	example(&h);
	assert_int_equal(handoff_encode(msg, 100, &h), 0); /* does not fit */
}

static void test_pack_vector(void **state)
{
	char *v[] = {"A=1", "BB=22", 0}, out[16];
	unsigned int n;
	(void)state;
	assert_int_equal(handoff_pack_vector(out, sizeof out, v, &n), 10);
	assert_int_equal(n, 2);
	assert_memory_equal(out, "A=1\0BB=22\0", 10);
	assert_int_equal(handoff_pack_vector(out, 9, v, &n), (size_t)-1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_trip),  cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_every_byte),  cmocka_unit_test(test_bounds),
	    cmocka_unit_test(test_pack_vector),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
