/* rules: the text sources of the tables, one entry a line, parsed into
 * what greetwait-rules files in a cdb.
 *   patterns:  glob [class [delay]]
 *   whitelist: address | address/bits | name | .domain [delay]
 * '#' starts a comment; names are folded to lower case. */
#ifndef RULES_H
#define RULES_H

#include <stddef.h>

#include "ip.h"
#include "pattern.h"

#define RULES_CLASS_MAX   32
#define RULES_LINE_MAX    1024
#define RULES_DELAY_LONG  ((unsigned long)-1) /* a pattern without its own delay */
#define RULES_DELAY_SHORT ((unsigned long)-2) /* delay "short": greetwait's -s, whatever it is */

struct rule_pattern {
	char glob[PATTERN_GLOB_MAX + 1];
	size_t glen; /* strlen(glob) */
	char class[RULES_CLASS_MAX + 1];
	unsigned long delay_ms; /* RULES_DELAY_LONG: greetwait's long delay */
};

enum whitelist_kind { WHITELIST_ADDRESS, WHITELIST_NAME, WHITELIST_DOMAIN };

struct rule_whitelist {
	enum whitelist_kind kind;
	struct ip net; /* masked, for WHITELIST_ADDRESS */
	unsigned int bits;
	char name[PATTERN_NAME_MAX + 1]; /* the name, or the domain without its dot */
	unsigned long delay_ms;
};

/* Each returns 1 for an entry, 0 for a blank or comment line, -1 with
 * *why set for a bad line. */
int rules_parse_pattern(const char *line, size_t len, struct rule_pattern *r, const char **why);
int rules_parse_whitelist(const char *line, size_t len, struct rule_whitelist *r, const char **why);
/* The entry as logged in why=whitelist:<entry>: canonical address/bits, name, .domain. */
size_t rules_whitelist_entry(char *out, const struct rule_whitelist *r);

#endif
