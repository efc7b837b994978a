/* helocheck: which HELO rule a name breaks, if any, under a configuration
 * (the rules switched on, the length limit, the DNS time limit).  The
 * rules are helo's; DNS is asked, through the function given, only when
 * every cheap rule has passed. */
#ifndef HELOCHECK_H
#define HELOCHECK_H

#include <stddef.h>

#include "nsquery.h"

struct ip;

enum helo_reason {
	HELO_OK,
	HELO_BARE_IP,
	HELO_LITERAL_MISMATCH,
	HELO_DOUBLE_DOT,
	HELO_TOO_LONG,
	HELO_CONCATENATED,
	HELO_BOGUS_SLD,
	HELO_REASONS
};

#define HELOCHECK_RULE(r) (1u << (r))
/* Every rule but literal-mismatch, which NAT makes unfair by default. */
#define HELOCHECK_DEFAULT_RULES                                                                    \
	(HELOCHECK_RULE(HELO_BARE_IP) | HELOCHECK_RULE(HELO_DOUBLE_DOT) |                          \
	 HELOCHECK_RULE(HELO_TOO_LONG) | HELOCHECK_RULE(HELO_CONCATENATED) |                       \
	 HELOCHECK_RULE(HELO_BOGUS_SLD))

struct helocheck_config {
	unsigned int rules;       /* HELOCHECK_RULE bits */
	size_t long_limit;        /* too-long from this many characters */
	unsigned long timeout_ms; /* for both DNS questions together */
};

/* How DNS is asked: nsquery_ask, or a stand-in in tests. */
typedef enum nsquery_answer (*helocheck_ask)(const char *name, size_t len, unsigned long timeout_ms,
					     const char **error);

/* The defaults: HELOCHECK_DEFAULT_RULES, 55 characters, 5 seconds. */
void helocheck_defaults(struct helocheck_config *c);
/* The word for a reason, as printed and logged: "ok", "double-dot", ... */
const char *helocheck_word(enum helo_reason r);
/* The rule a word names; HELO_OK if it names none. */
enum helo_reason helocheck_rule(const char *word);
/* Classify name (len bytes, any case) from client (0 or no address: the
 * literal rule passes); ask 0 skips DNS.  *error says why DNS gave no
 * answer (the name then passes the DNS rule), else 0. */
enum helo_reason helocheck_classify(const struct helocheck_config *c, const char *name, size_t len,
				    const struct ip *client, helocheck_ask ask, const char **error);

#endif
