#include "rules.h"

#include <string.h>

#include "duration.h"
#include "fmt.h"

#define FIELDS_MAX 4

/* Lines are read 8 bytes at a time (greetwait-rules parses a million):
 * a byte of a word in ONES, the top bit of each in HIGH. */
#define ONES 0x0101010101010101ULL
#define HIGH (0x80 * ONES)

/* The bytes that end a field: blank, tab, CR. */
static const unsigned char separator[256] = {[' '] = 1, ['\t'] = 1, ['\r'] = 1};

/* The first byte from s on, before end, below '!' (a blank, a tab, a CR,
 * another control byte), or end. */
static const unsigned char *next_low(const unsigned char *s, const unsigned char *end)
{
	for (; end - s >= 8; s += 8) {
		unsigned long long x, low;
		memcpy(&x, s, 8);
		/* the top bit of a byte below '!', exact up to the first one */
		low = (x - 0x21 * ONES) & ~x & HIGH;
		if (low)
			return s + (__builtin_ctzll(low) >> 3);
	}
	while (s < end && s[0] > ' ')
		s++;
	return s;
}

/* Split a line into at most FIELDS_MAX blank-separated fields, dropping a
 * comment: a '#' that starts a field (inside a glob '#' means digits);
 * returns the count, or -1 for too many fields. */
static int split(const char *line, size_t len, const char *f[], size_t flen[])
{
	const unsigned char *s = (const unsigned char *)line, *end = s + len;
	int n = 0;
	for (;;) {
		const unsigned char *at;
		while (s < end && separator[*s])
			s++;
		if (s == end || *s == '#')
			return n;
		if (n == FIELDS_MAX)
			return -1;
		for (at = s; (s = next_low(s, end)) < end && !separator[*s]; s++)
			;
		f[n] = (const char *)at;
		flen[n++] = (size_t)(s - at);
	}
}

/* Fold the 8 bytes at s to lower case into out. */
static void lower8(char *out, const char *s)
{
	unsigned long long x, low, upper;
	memcpy(&x, s, 8);
	/* a byte's top bit in upper: it is ASCII, at least 'A', not past 'Z' */
	low = x & ~HIGH;
	upper = ~x & ((low + (0x80 - 'A') * ONES) ^ (low + (0x7f - 'Z') * ONES)) & HIGH;
	x |= upper >> 2;
	memcpy(out, &x, 8);
}

/* Copy a field folded to lower case into out (size bytes); 0 if too long.
 * Not case_lowerb, a call and a test a byte: this folds 8 at a time, and
 * a length not a multiple of 8 by its last 8 bytes (some folded twice, to
 * the same). */
static int copy_lower(char *out, size_t size, const char *s, size_t len)
{
	size_t i = 0;
	if (len >= size)
		return 0;
	if (len >= 8) {
		for (; i + 8 <= len; i += 8)
			lower8(out + i, s + i);
		if (i < len)
			lower8(out + len - 8, s + len - 8);
	} else
		for (; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			out[i] = (char)((unsigned)(c - 'A') < 26u ? c + 32 : c);
		}
	out[len] = 0;
	return 1;
}

/* Whether c may be in a class or a name's label: a-z, 0-9, '-', '_'. */
static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Each byte of a class as it is kept (folded to lower case), 0 for one a
 * class may not hold: one lookup a byte where folding, then testing, took
 * two passes. */
static unsigned char class_byte[256];

static void class_bytes(void)
{
	if (class_byte['a'])
		return;
	for (int c = 0; c < 256; c++)
		if (word_char((char)c))
			class_byte[c] = (unsigned char)c;
	for (int c = 'A'; c <= 'Z'; c++)
		class_byte[c] = (unsigned char)(c + 32);
}

/* Copy a class field into r->class, folded to lower case; 0 if it is none. */
static int take_class(struct rule_pattern *r, const char *s, size_t len)
{
	class_bytes();
	if (!len || len >= sizeof r->class)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!(r->class[i] = (char)class_byte[(unsigned char)s[i]]))
			return 0;
	r->class[len] = 0;
	return 1;
}

/* Each byte of a glob folded to lower case, or 0 for one that only
 * pattern_check can judge: the bytes it takes anywhere (its GLOB_CHAR;
 * test_rules holds the two to the same answers). */
static unsigned char glob_byte[256];

static void glob_bytes(void)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz0123456789.-_*?#<>";
	if (glob_byte['a'])
		return;
	for (const char *p = plain; *p; p++)
		glob_byte[(unsigned char)*p] = (unsigned char)*p;
	for (int c = 'A'; c <= 'Z'; c++)
		glob_byte[c] = (unsigned char)(c + 32);
}

/* Copy a glob field into r->glob folded to lower case; 0 if too long.
 * *why is pattern_check's answer; asked only of a glob with a byte not
 * in glob_byte (a glob of those bytes alone, 1 to 255 of them, it takes):
 * one lookup a byte, where folding and then pattern_check took two. */
static int take_glob(struct rule_pattern *r, const char *s, size_t len, const char **why)
{
	glob_bytes();
	*why = 0;
	if (len >= sizeof r->glob)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!(r->glob[i] = (char)glob_byte[(unsigned char)s[i]])) {
			copy_lower(r->glob, sizeof r->glob, s, len);
			*why = pattern_check(r->glob, len);
			return 1;
		}
	r->glob[len] = 0;
	return 1;
}

int rules_parse_pattern(const char *line, size_t len, struct rule_pattern *r, const char **why)
{
	const char *f[FIELDS_MAX];
	size_t fl[FIELDS_MAX];
	int n = split(line, len, f, fl);
	if (n == 0)
		return 0;
	if (n < 0 || n > 3) {
		*why = "too many fields: expected glob [class [delay]]";
		return -1;
	}
	if (!take_glob(r, f[0], fl[0], why)) {
		*why = "pattern longer than 255 characters";
		return -1;
	}
	if (*why)
		return -1;
	r->glen = fl[0];
	strcpy(r->class, "pattern");
	if (n > 1 && !take_class(r, f[1], fl[1])) {
		*why = "bad class: use up to 32 of a-z 0-9 - _";
		return -1;
	}
	r->delay_ms = RULES_DELAY_LONG;
	if (n > 2 && fl[2] == 5 && !memcmp(f[2], "short", 5))
		r->delay_ms = RULES_DELAY_SHORT;
	else if (n > 2 && !duration_parseb(f[2], fl[2], &r->delay_ms)) {
		*why = "bad delay: use seconds, up to three decimals, or short";
		return -1;
	}
	return 1;
}

/* A host name: labels of letters, digits, '-' and '_', joined by dots. */
static int name_ok(const char *s, size_t len)
{
	size_t label = 0;
	if (!len || len > 253)
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (!label)
				return 0;
			label = 0;
		} else if (word_char(c)) {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return label > 0;
}

int rules_parse_whitelist(const char *line, size_t len, struct rule_whitelist *r, const char **why)
{
	const char *f[FIELDS_MAX];
	size_t fl[FIELDS_MAX];
	char buf[PATTERN_NAME_MAX + 2];
	int isaddr, n = split(line, len, f, fl);
	memset(r, 0, sizeof *r);
	if (n == 0)
		return 0;
	if (n < 0 || n > 2) {
		*why = "too many fields: expected address, CIDR, name or .domain, then a delay";
		return -1;
	}
	if (!copy_lower(buf, sizeof buf, f[0], fl[0])) {
		*why = "entry longer than 255 characters";
		return -1;
	}
	isaddr = ip_parse_prefix(&r->net, &r->bits, buf);
	if (isaddr || strchr(buf, ':') || strchr(buf, '/')) {
		if (!isaddr) {
			*why = "bad address or CIDR prefix";
			return -1;
		}
		ip_mask(&r->net, r->bits);
		r->kind = WHITELIST_ADDRESS;
	} else if (buf[0] == '.') {
		if (!name_ok(buf + 1, fl[0] - 1)) {
			*why = "bad domain name";
			return -1;
		}
		strcpy(r->name, buf + 1);
		r->kind = WHITELIST_DOMAIN;
	} else {
		const char *last = strrchr(buf, '.');
		if (!name_ok(buf, fl[0])) {
			*why = "bad host name";
			return -1;
		}
		/* no top-level domain is all digits: this is a mistyped address */
		if (last && strspn(last + 1, "0123456789") == strlen(last + 1)) {
			*why = "bad address: not four numbers up to 255";
			return -1;
		}
		strcpy(r->name, buf);
		r->kind = WHITELIST_NAME;
	}
	r->delay_ms = 0;
	if (n > 1 && !duration_parseb(f[1], fl[1], &r->delay_ms)) {
		*why = "bad delay: use seconds, up to three decimals";
		return -1;
	}
	return 1;
}

size_t rules_whitelist_entry(char *out, const struct rule_whitelist *r)
{
	size_t n = 0;
	if (r->kind == WHITELIST_ADDRESS) {
		n = ip_format(out, &r->net);
		if (r->bits != r->net.len * 8) {
			out[n++] = '/';
			n += fmt_ulong(out + n, r->bits);
		}
	} else {
		if (r->kind == WHITELIST_DOMAIN)
			out[n++] = '.';
		n += fmt_str(out + n, r->name);
	}
	out[n] = 0;
	return n;
}
