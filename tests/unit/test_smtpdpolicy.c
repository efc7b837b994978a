/* smtpdpolicy: Postfix's policy delegation protocol as greetwait-helo -p
 * reads it: requests split wherever the reads split them, malformed and
 * endless lines skipped and counted, answers that stay one attribute. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "smtpdpolicy.h"

/* Feed a whole stream one byte at a time or at once; count the requests. */
static int feed(struct smtpdpolicy_reader *r, const char *s, size_t len, size_t step,
		struct smtpdpolicy_request *out, int max)
{
	int n = 0, done;
	size_t pos = 0;
	smtpdpolicy_start(r);
	while (pos < len) {
		size_t k = len - pos < step ? len - pos : step;
		size_t used = smtpdpolicy_feed(r, s + pos, k, &done);
		pos += used;
		if (done && n < max)
			out[n++] = r->req;
	}
	return n;
}

static void test_policy_stream(void **state)
{
	static struct smtpdpolicy_reader r;
	static struct smtpdpolicy_request q[4];
	static const char stream[] =
	    "request=smtpd_access_policy\nprotocol_state=HELO\nhelo_name=a..b.example\n"
	    "client_address=192.0.2.7\nclient_name=unknown\n\n"
	    "request=smtpd_access_policy\nhelo_name=mail.example.org\nclient_address=2001:db8::"
	    "7\n\n"
	    "request=smtpd_access_policy\nno equals sign\n=novalue\nhelo_name=x.example\n\n";
	(void)state;
	for (size_t step = 1; step <= sizeof stream; step += 7) {
		assert_int_equal(feed(&r, stream, sizeof stream - 1, step, q, 4), 3);
		assert_string_equal(q[0].helo, "a..b.example");
		assert_int_equal(q[0].helolen, 12);
		assert_string_equal(q[0].client, "192.0.2.7");
		assert_int_equal(q[0].malformed, 0);
		assert_string_equal(q[1].helo, "mail.example.org");
		assert_string_equal(q[1].client, "2001:db8::7");
		assert_int_equal(q[2].malformed, 2);
		assert_false(q[2].has_client);
		assert_string_equal(q[2].helo, "x.example");
	}
}

static void test_policy_long_lines(void **state)
{
	static struct smtpdpolicy_reader r;
	static struct smtpdpolicy_request q[2];
	static char stream[100000];
	size_t n = 0;
	(void)state;
	n += (size_t)sprintf(stream + n, "request=smtpd_access_policy\nsasl_method=");
	memset(stream + n, 'x', 90000);
	n += 90000;
	n += (size_t)sprintf(stream + n, "\nhelo_name=");
	memset(stream + n, 'h', 1500); /* a line that fits, a value that does not */
	n += 1500;
	n += (size_t)sprintf(stream + n, "\nclient_address=192.0.2.7\n\n");
	assert_int_equal(feed(&r, stream, n, 4096, q, 2), 1);
	assert_int_equal(q[0].malformed, 2);
	assert_false(q[0].has_helo);
	assert_true(q[0].has_client);
	/* an endless line and the end of the stream: no request */
	memset(stream, 'y', sizeof stream);
	assert_int_equal(feed(&r, stream, sizeof stream, 4096, q, 2), 0);
}

static void test_answer(void **state)
{
	char answer[40];
	(void)state;
	assert_int_equal(smtpdpolicy_answer(answer, sizeof answer, "DUNNO"), 14);
	assert_memory_equal(answer, "action=DUNNO\n\n", 14);
	/* a newline in the text would end the answer early */
	assert_int_equal(smtpdpolicy_answer(answer, sizeof answer, "REJECT a\nb\rc"), 21);
	assert_memory_equal(answer, "action=REJECT a b c\n\n", 21);
	/* cut to fit, still ended by the empty line */
	memset(answer, 'Z', sizeof answer);
	assert_int_equal(smtpdpolicy_answer(answer, 20, "REJECT 5.7.1 Bogus HELO name"), 19);
	assert_memory_equal(answer, "action=REJECT 5.7\n\n", 19);
	assert_int_equal(answer[19], 'Z');
	assert_int_equal(smtpdpolicy_answer(answer, 9, "DUNNO"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy_stream),
	    cmocka_unit_test(test_policy_long_lines),
	    cmocka_unit_test(test_answer),
	};
	return cmocka_run_group_tests_name("smtpdpolicy", tests, 0, 0);
}
