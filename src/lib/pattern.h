/* pattern: the glob language of the patterns table, matched against PTR
 * names: '*' any run of characters (dots included), '?' one character,
 * '#' one or more digits, '<' and '>' the start and the end of a word (a
 * run of letters), "{ip}" the client's own address written into the name
 * in any usual form.  Globs and names are lower case; names are at most
 * PATTERN_NAME_MAX bytes.
 *
 * It also says under which cdb key a glob is filed, so that a lookup
 * probes a few keys per label of the name, whatever the number of rules. */
#ifndef PATTERN_H
#define PATTERN_H

#include <stddef.h>

struct ip;

#define PATTERN_NAME_MAX 255
#define PATTERN_GLOB_MAX 255
#define IPFORMS_MAX      20
#define IPFORM_LEN       64

/* The spellings of one client address that "{ip}" stands for: fixed
 * strings, and for IPv4 also its four octets as separate numbers (in the
 * orders of PATTERN_ORDERS, with any non-digit text between them). */
struct ipforms {
	unsigned int n;
	unsigned char len[IPFORMS_MAX];
	char s[IPFORMS_MAX][IPFORM_LEN];
	unsigned char v4; /* 1 when octets holds an IPv4 address */
	unsigned char octets[4];
};

/* Every usual spelling of ip inside a host name. */
void ipforms_build(struct ipforms *forms, const struct ip *ip);
/* 1 if the glob matches the whole name; forms may be 0 (then {ip} never matches). */
int pattern_match(const char *glob, size_t glen, const char *name, size_t nlen,
		  const struct ipforms *forms);
/* 0 if glob is a well-formed lower-case glob, else a reason. */
const char *pattern_check(const char *glob, size_t glen);
/* Literal grams the index files globs under: every run of this many bytes. */
#define PATTERN_GRAM_SHORT 3
#define PATTERN_GRAM_LONG  6
/* How many globs a table being written already files under a key. */
typedef unsigned int (*pattern_load_fn)(void *ctx, const char *key, size_t len);
/* Write the cdb key a glob is filed under (a kind byte, then text); returns
 * its length.  Of the keys any name the glob matches must produce (its
 * literal tail of whole labels, its literal labels, words and runs of
 * letters, its literal runs of six bytes and of three, most specific
 * first), the first that load (may be 0) says no glob has yet, else the
 * one fewest share, the first on ties; the catch-all key "*" if it has
 * none.  *shared (may be 0) is what load said of it. */
size_t pattern_key(char *key, const char *glob, size_t glen, pattern_load_fn load, void *ctx,
		   unsigned int *shared);

/* The keys a name's lookup probes: every label suffix, every label, every
 * word, every run of letters, every run of six bytes and of three, and the
 * catch-all key: at most 2n + 3c for n labels and c bytes. */
struct pattern_probe {
	const char *name;
	size_t len, pos;
	int stage;
};
void pattern_probe_start(struct pattern_probe *p, const char *name, size_t len);
/* Next key into key (PATTERN_NAME_MAX + 2 bytes); its length, or 0 when done. */
size_t pattern_probe_next(struct pattern_probe *p, char *key);

#endif
