#include "helocheck.h"

#include <string.h>

#include "helo.h"
#include "clock.h"

static const char *const words[HELO_REASONS] = {
    [HELO_OK] = "ok",
    [HELO_BARE_IP] = "bare-ip",
    [HELO_LITERAL_MISMATCH] = "literal-mismatch",
    [HELO_DOUBLE_DOT] = "double-dot",
    [HELO_TOO_LONG] = "too-long",
    [HELO_CONCATENATED] = "concatenated",
    [HELO_BOGUS_SLD] = "bogus-sld",
};

void helocheck_defaults(struct helocheck_config *c)
{
	c->rules = HELOCHECK_DEFAULT_RULES;
	c->long_limit = HELO_LONG;
	c->timeout_ms = 5000;
}

const char *helocheck_word(enum helo_reason r) { return r < HELO_REASONS ? words[r] : "ok"; }

enum helo_reason helocheck_rule(const char *word)
{
	for (int r = 1; r < HELO_REASONS; r++)
		if (!strcmp(word, words[r]))
			return (enum helo_reason)r;
	return HELO_OK;
}

/* Whether the TLD has name servers: 1, 0 or -1 as helo_sld_is_bogus takes it. */
static int has_ns(enum nsquery_answer a)
{
	return a == NSQUERY_FOUND ? 1 : a == NSQUERY_FAILED ? -1 : 0;
}

/* Whether the SLD exists: 1, 0 or -1. */
static int exists(enum nsquery_answer a)
{
	return a == NSQUERY_NXDOMAIN ? 0 : a == NSQUERY_FAILED ? -1 : 1;
}

/* The DNS rule: ask for the NS records of the top-level label, and only
 * if it has some for those of the second-level domain, both within one
 * time limit. */
static int bogus_sld(const struct helocheck_config *c, const char *name, size_t len,
		     helocheck_ask ask, const char **error)
{
	size_t sld, tld, end;
	unsigned long start = clock_now_ms(), spent;
	enum nsquery_answer a;
	if (!helo_sld(name, len, &sld, &tld, &end))
		return 0;
	if (has_ns(ask(name + tld, end - tld, c->timeout_ms, error)) != 1)
		return 0;
	spent = clock_now_ms() - start;
	if (spent >= c->timeout_ms) {
		*error = "DNS query timed out";
		return 0;
	}
	a = ask(name + sld, end - sld, c->timeout_ms - spent, error);
	return helo_sld_is_bogus(1, exists(a));
}

/* Whether rule r is switched on. */
static int on(const struct helocheck_config *c, enum helo_reason r)
{
	return (c->rules & HELOCHECK_RULE(r)) != 0;
}

enum helo_reason helocheck_classify(const struct helocheck_config *c, const char *name, size_t len,
				    const struct ip *client, helocheck_ask ask, const char **error)
{
	*error = 0;
	if (on(c, HELO_BARE_IP) && helo_is_bare_ip(name, len))
		return HELO_BARE_IP;
	if (on(c, HELO_LITERAL_MISMATCH) && helo_literal_mismatch(name, len, client))
		return HELO_LITERAL_MISMATCH;
	if (on(c, HELO_DOUBLE_DOT) && helo_has_double_dot(name, len))
		return HELO_DOUBLE_DOT;
	if (on(c, HELO_TOO_LONG) && helo_is_long_at(name, len, c->long_limit))
		return HELO_TOO_LONG;
	if (on(c, HELO_CONCATENATED) && helo_is_concatenated(name, len))
		return HELO_CONCATENATED;
	if (on(c, HELO_BOGUS_SLD) && ask && bogus_sld(c, name, len, ask, error))
		return HELO_BOGUS_SLD;
	return HELO_OK;
}
