/* libFuzzer target for the HELO rules (src/lib/helo.c, src/greetwait-helo/helocheck.c): a
 * HELO name through every rule with a stand-in for DNS, and the simple
 * rules against their plain definitions; the name found in a HELO or EHLO
 * command line.  Input: the first byte picks the client's address and the
 * stand-in DNS answers; the rest is the name (or the command line). */
#include <stdint.h>
#include <strings.h>

#include "fuzz.h"
#include "helo.h"
#include "helocheck.h"
#include "ip.h"
#include "nsquery.h"

static unsigned int answers; /* the stand-in's answers, two bits a question */

/* A DNS that answers what the input chose, so both questions happen. */
static enum nsquery_answer ask(const char *name, size_t len, unsigned long t, const char **e)
{
	enum nsquery_answer a = (enum nsquery_answer)(answers & 3);
	(void)name, (void)len, (void)t;
	answers >>= 2;
	*e = a == NSQUERY_FAILED ? "stand-in DNS failed" : 0;
	return a;
}

/* An address text of the whole of the len bytes of s (no NUL among them). */
static int address(const char *s, size_t len, struct ip *ip)
{
	char buf[64];
	if (len >= sizeof buf || memchr(s, 0, len))
		return 0;
	memcpy(buf, s, len);
	buf[len] = 0;
	return ip_parse(ip, buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const clients[] = {"192.0.2.7", "2001:db8::7", "10.0.0.1", 0};
	const char *in = (const char *)data + 1, *error, *name;
	size_t len = size - 1, sld, tld, end, namelen, dots = 0;
	struct helocheck_config c;
	struct ip client, ip;
	enum helo_reason why;
	if (size < 1)
		return 0;
	helocheck_defaults(&c);
	if (data[0] & 4)
		c.rules |= HELOCHECK_RULE(HELO_LITERAL_MISMATCH);
	memset(&client, 0, sizeof client);
	if (clients[data[0] & 3])
		ip_parse(&client, clients[data[0] & 3]);
	answers = data[0] >> 3;
	why = helocheck_classify(&c, in, len, &client, ask, &error);
	FUZZ_CHECK(why >= HELO_OK && why < HELO_REASONS, "a name breaks a known rule or none");
	FUZZ_CHECK(helocheck_rule(helocheck_word(why)) == why, "a rule's word names the rule");
	FUZZ_CHECK(why != HELO_TOO_LONG || len >= c.long_limit, "too-long only from the limit on");
	FUZZ_CHECK(why != HELO_DOUBLE_DOT || helo_has_double_dot(in, len),
		   "double-dot only with \"..\"");
	FUZZ_CHECK(why != HELO_LITERAL_MISMATCH || (data[0] & 4),
		   "literal-mismatch only when switched on");

	for (size_t i = 0; i < len; i++)
		dots += in[i] == '.';
	FUZZ_CHECK(helo_dots(in, len) == dots, "dots are counted");
	FUZZ_CHECK(helo_is_long(in, len) == (len >= HELO_LONG), "long is 55 characters or more");
	FUZZ_CHECK(helo_has_double_dot(in, len) == (memmem(in, len, "..", 2) != 0),
		   "double dot is \"..\"");
	FUZZ_CHECK(helo_is_dotted_quad(in, len) == (!memchr(in, ':', len) && address(in, len, &ip)),
		   "a dotted quad is four octets 0-255 of 1 to 3 digits");
	if (!memchr(in, 0, len)) {
		int want = 0;
		if (len >= 3 && in[0] == '[' && in[len - 1] == ']') {
			const char *a = in + 1;
			size_t al = len - 2;
			int v6 = al > 5 && !strncasecmp(a, "IPv6:", 5);
			if (v6)
				a += 5, al -= 5;
			want = (memchr(a, ':', al) != 0) == v6 && address(a, al, &ip);
		}
		FUZZ_CHECK(helo_literal(in, len, &ip) == want,
			   "a literal is [dotted quad] or [IPv6:address]");
		FUZZ_CHECK(helo_is_bare_ip(in, len) ==
			       (helo_is_dotted_quad(in, len) ||
				(memchr(in, ':', len) && address(in, len, &ip))),
			   "a bare address is a dotted quad or an IPv6 address");
	}
	helo_is_concatenated(in, len);
	if (helo_sld(in, len, &sld, &tld, &end))
		FUZZ_CHECK(sld < tld && tld < end && end <= len,
			   "the second-level label lies in the name");
	if (helo_name_from_command(in, len, &name, &namelen)) {
		FUZZ_CHECK(len >= 5 &&
			       !strncasecmp(in, "HELO", 4) + !strncasecmp(in, "EHLO", 4) == 1,
			   "a command is HELO or EHLO");
		FUZZ_CHECK(name > in + 4 && namelen && name + namelen <= in + len,
			   "the name lies in the line");
		for (size_t i = 0; i < namelen; i++)
			FUZZ_CHECK(name[i] != ' ' && name[i] != '\t' && name[i] != '\r' &&
				       name[i] != '\n',
				   "a name holds no blanks");
	}
	return 0;
}
