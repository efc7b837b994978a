/* libFuzzer target for the Postfix policy protocol (src/greetwait-helo/smtpdpolicy.c):
 * the input after its first byte is a stream of requests, fed to the
 * reader in pieces whose sizes the first byte seeds.  Each request it
 * completes must be the one a plain reading of SMTPD_POLICY_README gives
 * (requests of name=value lines ended by an empty line; lines over
 * SMTPDPOLICY_LINE_MAX, lines without a name and '=', and helo_name or
 * client_address values too long to keep count as malformed; the last
 * value of an attribute wins), whatever the pieces.  The answer to each
 * must be one "action=..." line and the empty line. */
#include <stdint.h>

#include "fuzz.h"
#include "smtpdpolicy.h"

/* The reference reader: the next request of buf from *pos; 1 when one is
 * complete (in q), 0 at the end of the stream. */
static int ref_next(const char *buf, size_t len, size_t *pos, struct smtpdpolicy_request *q)
{
	int started = 0;
	memset(q, 0, sizeof *q);
	while (*pos < len) {
		const char *line = buf + *pos, *nl = memchr(line, '\n', len - *pos), *eq;
		size_t n;
		if (!nl)
			return 0; /* a line not ended yet ends no request */
		n = (size_t)(nl - line);
		*pos += n + 1;
		if (!n) {
			if (started)
				return 1;
			continue;
		}
		started = 1;
		eq = memchr(line, '=', n);
		if (n > SMTPDPOLICY_LINE_MAX || !eq || eq == line) {
			q->malformed++;
			continue;
		}
		if ((size_t)(eq - line) == 9 && !memcmp(line, "helo_name", 9)) {
			if (n - 10 >= SMTPDPOLICY_VALUE_MAX) {
				q->malformed++;
				continue;
			}
			memcpy(q->helo, eq + 1, n - 10);
			q->helo[n - 10] = 0;
			q->helolen = n - 10;
			q->has_helo = 1;
		} else if ((size_t)(eq - line) == 14 && !memcmp(line, "client_address", 14)) {
			if (n - 15 >= SMTPDPOLICY_VALUE_MAX) {
				q->malformed++;
				continue;
			}
			memcpy(q->client, eq + 1, n - 15);
			q->client[n - 15] = 0;
			q->has_client = 1;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smtpdpolicy_reader reader;
	static struct smtpdpolicy_request want;
	const char *in = (const char *)data + 1;
	size_t len = size - 1, pos = 0, refpos = 0, step;
	unsigned int requests = 0;
	if (size < 1)
		return 0;
	step = data[0] + 1u;
	smtpdpolicy_start(&reader);
	while (pos < len) {
		size_t k = len - pos < step ? len - pos : step, used;
		int done;
		used = smtpdpolicy_feed(&reader, in + pos, k, &done);
		FUZZ_CHECK(used <= k && (used == k || done),
			   "feed stops early only at a request's end");
		pos += used;
		step = step * 7 % 2053 + 1;
		if (!done)
			continue;
		requests++;
		FUZZ_CHECK(ref_next(in, len, &refpos, &want), "the reference sees the request too");
		FUZZ_CHECK(refpos == pos, "a request ends where the reference's does");
		FUZZ_CHECK(reader.req.has_helo == want.has_helo &&
			       reader.req.has_client == want.has_client &&
			       reader.req.malformed == want.malformed,
			   "a request has the reference's attributes");
		FUZZ_CHECK(!want.has_helo ||
			       (reader.req.helolen == want.helolen &&
				!memcmp(reader.req.helo, want.helo, want.helolen + 1)),
			   "helo_name is the reference's");
		FUZZ_CHECK(!want.has_client || !strcmp(reader.req.client, want.client),
			   "client_address is the reference's");
		{
			char answer[300], action[400];
			size_t n, alen = reader.req.helolen < sizeof action - 1 ? reader.req.helolen
										: sizeof action - 1;
			memcpy(action, reader.req.helo, alen); /* the HELO name as an action text */
			action[alen] = 0;
			n = smtpdpolicy_answer(answer,
					       (size_t)data[0] + 10 <= sizeof answer
						   ? (size_t)data[0] + 10
						   : sizeof answer,
					       action);
			FUZZ_CHECK(n >= 9 && !memcmp(answer, "action=", 7) &&
				       answer[n - 2] == '\n' && answer[n - 1] == '\n' &&
				       !memchr(answer, '\n', n - 2),
				   "an answer is one action line and the empty line");
		}
	}
	FUZZ_CHECK(!ref_next(in, len, &refpos, &want),
		   "the reference finds no request the reader missed");
	return 0;
}
