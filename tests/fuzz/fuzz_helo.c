/* libFuzzer target for what greetwait-helo reads from outside: HELO names
 * through every rule, Postfix policy streams, and DNS replies.  The first
 * byte picks what the rest of the input is. */
#include <stdint.h>
#include <string.h>

#include "dns.h"
#include "helo.h"
#include "helocheck.h"
#include "nsquery.h"
#include "smtpdpolicy.h"

/* A DNS that answers from the name's length, so both questions happen. */
static enum nsquery_answer ask(const char *name, size_t len, unsigned long t, const char **e)
{
	(void)name, (void)t, (void)e;
	return (enum nsquery_answer)(len % 4);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smtpdpolicy_reader reader;
	const char *in = (const char *)data + 1, *error;
	size_t len = size - 1;
	if (size < 1)
		return 0;
	switch (data[0] % 3) {
	case 0: { /* a HELO name, every rule on */
		struct helocheck_config c;
		struct ip client;
		size_t sld, tld, end;
		helocheck_defaults(&c);
		c.rules |= HELOCHECK_RULE(HELO_LITERAL_MISMATCH);
		ip_parse(&client, "192.0.2.7");
		helocheck_classify(&c, in, len, &client, ask, &error);
		helo_is_concatenated(in, len);
		if (helo_sld(in, len, &sld, &tld, &end) && !(sld < tld && tld < end && end <= len))
			__builtin_trap();
		break;
	}
	case 1: { /* a policy stream, fed in uneven pieces */
		size_t pos = 0, step = 1;
		int done;
		smtpdpolicy_start(&reader);
		while (pos < len) {
			size_t k = len - pos < step ? len - pos : step;
			pos += smtpdpolicy_feed(&reader, in + pos, k, &done);
			if (done && (reader.req.helolen >= SMTPDPOLICY_VALUE_MAX ||
				     strlen(reader.req.helo) > reader.req.helolen))
				__builtin_trap();
			step = step * 3 % 1021 + 1;
		}
		break;
	}
	default: { /* a reply to an NS question for example.com */
		char *q = 0;
		if (dns_domain_fromdot(&q, "example.com", 11)) {
			nsquery_parse(in, (unsigned int)len, q);
			dns_domain_free(&q);
		}
		break;
	}
	}
	return 0;
}
