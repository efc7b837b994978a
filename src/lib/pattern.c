#include "pattern.h"

#include <string.h>

#include "fmt.h"
#include "scan.h"

#include "ip.h"

#define KEY_SUFFIX  's'
#define KEY_LABEL   'l'
#define KEY_WORD    'w'
#define KEY_GRAM    'g'
#define KEY_LETTERS 'a'
#define KEY_ANY     '*'

/* Add one spelling of the address unless it is there already. */
static void add_form(struct ipforms *f, const char *s, size_t n)
{
	if (f->n >= IPFORMS_MAX || n > IPFORM_LEN)
		return;
	for (unsigned int k = 0; k < f->n; k++)
		if (f->len[k] == n && !memcmp(f->s[k], s, n))
			return;
	memcpy(f->s[f->n], s, n);
	f->len[f->n++] = (unsigned char)n;
}

/* Add the 32 nibbles of an IPv6 address, forward or reversed, with sep (0 for none). */
static void add_nibbles(struct ipforms *f, const unsigned char *b, int reverse, char sep)
{
	char s[IPFORM_LEN];
	size_t n = 0;
	for (int k = 0; k < 32; k++) {
		int at = reverse ? 31 - k : k;
		if (k && sep)
			s[n++] = sep;
		s[n++] = fmt_tohex((char)(at % 2 ? b[at / 2] & 15 : b[at / 2] >> 4));
	}
	add_form(f, s, n);
}

/* Add the eight groups of an IPv6 address joined by '-', each padded to
 * four digits or not: the zero groups written out, not "::". */
static void add_groups(struct ipforms *f, const unsigned char *b, int padded)
{
	char s[IPFORM_LEN];
	size_t n = 0;
	for (int k = 0; k < 8; k++) {
		unsigned long v = (unsigned long)b[2 * k] << 8 | b[2 * k + 1];
		if (k)
			s[n++] = '-';
		if (padded) /* libowfat has no fmt_xlong0 */
			for (int d = 12; d >= 0; d -= 4)
				s[n++] = fmt_tohex((char)(v >> d & 15));
		else
			n += fmt_xlong(s + n, v);
	}
	add_form(f, s, n);
}

/* Add the 128-bit address as one base-36 number (Telus writes
 * node-1w7jr9qj3rbr48myelzfsw8ag.ipv6.telus.net for 2001:569:72ba:...):
 * by hand, as libowfat formats no number wider than 64 bits. */
static void add_base36(struct ipforms *f, const unsigned char *b)
{
	unsigned char v[16];
	char digit[32], s[32];
	size_t n = 0, nd = 0;
	int zero = 0;
	memcpy(v, b, 16);
	while (!zero && nd < sizeof digit) {
		unsigned int rest = 0;
		zero = 1;
		for (int k = 0; k < 16; k++) {
			unsigned int cur = rest << 8 | v[k];
			v[k] = (unsigned char)(cur / 36);
			rest = cur % 36;
			zero &= v[k] == 0;
		}
		digit[nd++] = (char)(rest < 10 ? '0' + rest : 'a' + rest - 10);
	}
	while (nd)
		s[n++] = digit[--nd];
	add_form(f, s, n);
}

void ipforms_build(struct ipforms *f, const struct ip *ip)
{
	f->n = 0;
	f->v4 = 0;
	if (ip->len == 4) {
		f->v4 = 1;
		memcpy(f->octets, ip->b, 4);
		for (int rev = 0; rev < 2; rev++) {
			char s[8];
			for (int k = 0; k < 4; k++) {
				unsigned int v = ip->b[rev ? 3 - k : k];
				s[2 * k] = fmt_tohex((char)(v >> 4));
				s[2 * k + 1] = fmt_tohex((char)(v & 15));
			}
			add_form(f, s, 8);
		}
	} else if (ip->len == 16) {
		char canon[IP_FMT];
		size_t n = ip_format(canon, ip);
		static const char seps[] = {0, '.', '-'};
		for (int rev = 0; rev < 2; rev++)
			for (int s = 0; s < 3; s++)
				add_nibbles(f, ip->b, rev, seps[s]);
		/* 2001:db8::1 as 2001-db8--1 */
		for (size_t k = 0; k < n; k++)
			if (canon[k] == ':')
				canon[k] = '-';
		add_form(f, canon, n);
		add_groups(f, ip->b, 0);
		add_groups(f, ip->b, 1);
		add_base36(f, ip->b);
	}
}

/* Matching state: the glob and name, and which (glob, name) positions
 * are known to fail, so that no glob costs more than glen * nlen steps. */
struct matcher {
	const char *g, *n;
	size_t gl, nl;
	const struct ipforms *forms;
	unsigned char failed[(PATTERN_GLOB_MAX + 1) * (PATTERN_NAME_MAX + 1) / 8 + 1];
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_letter(char c) { return c >= 'a' && c <= 'z'; }

/* The orders in which providers write an IPv4 address's octets into a
 * name: forward (pool-192-0-2-7), reversed (7.2.0.192.rev), and the last
 * octet first (7.sub-192-0-2, ip7.ip-192-0-2). */
static const unsigned char octet_orders[3][4] = {{0, 1, 2, 3}, {3, 2, 1, 0}, {3, 0, 1, 2}};

/* Where the run of digits at s[i..] ends. */
static size_t digits_end(const char *s, size_t len, size_t i)
{
	while (i < len && is_digit(s[i]))
		i++;
	return i;
}

/* Where the client's IPv4 address, written in decimal in the order o,
 * ends when it starts at n[i]; 0 if it does not start there.  Either four
 * numbers of up to three digits with non-digit text between them, or one
 * run of them all padded to three digits or none; no digit right before
 * or after, so that 11.2.3.45 is not 1.2.3.4. */
static size_t octets_end(const char *n, size_t nl, size_t i, const unsigned char *b,
			 const unsigned char *o)
{
	size_t j = digits_end(n, nl, i);
	unsigned long v;
	if ((i > 0 && is_digit(n[i - 1])) || j == i)
		return 0;
	if (j - i > 3) {
		char plain[12] = {0}, padded[12];
		size_t p = 0;
		for (int k = 0; k < 4; k++) {
			p += fmt_ulong(plain + p, b[o[k]]);
			padded[3 * k] = (char)('0' + b[o[k]] / 100);
			padded[3 * k + 1] = (char)('0' + b[o[k]] / 10 % 10);
			padded[3 * k + 2] = (char)('0' + b[o[k]] % 10);
		}
		if ((j - i == p && !memcmp(n + i, plain, p)) ||
		    (j - i == 12 && !memcmp(n + i, padded, 12)))
			return j;
		return 0;
	}
	for (int k = 0;; k++) {
		if (j - i > 3 || scan_ulongn(n + i, j - i, &v) != j - i || v != b[o[k]])
			return 0;
		if (k == 3)
			return j;
		for (i = j; i < nl && !is_digit(n[i]); i++)
			;
		if (i == nl)
			return 0;
		j = digits_end(n, nl, i);
	}
}

/* 1 if glob[gi..] matches name[ni..]. */
static int match_from(struct matcher *m, size_t gi, size_t ni)
{
	size_t bit = gi * (PATTERN_NAME_MAX + 1) + ni;
	int ok = 0;
	if (m->failed[bit / 8] & (1u << bit % 8))
		return 0;
	if (gi == m->gl)
		ok = ni == m->nl;
	else if (m->g[gi] == '*') {
		for (size_t k = ni; k <= m->nl && !ok; k++)
			ok = match_from(m, gi + 1, k);
	} else if (m->g[gi] == '?') {
		ok = ni < m->nl && match_from(m, gi + 1, ni + 1);
	} else if (m->g[gi] == '#') {
		for (size_t k = ni; k < m->nl && is_digit(m->n[k]) && !ok; k++)
			ok = match_from(m, gi + 1, k + 1);
	} else if (m->g[gi] == '<') {
		ok = ni < m->nl && is_letter(m->n[ni]) && (ni == 0 || !is_letter(m->n[ni - 1])) &&
		     match_from(m, gi + 1, ni);
	} else if (m->g[gi] == '>') {
		ok = ni > 0 && is_letter(m->n[ni - 1]) && (ni == m->nl || !is_letter(m->n[ni])) &&
		     match_from(m, gi + 1, ni);
	} else if (m->g[gi] == '{') {
		for (unsigned int f = 0; m->forms && f < m->forms->n && !ok; f++) {
			size_t len = m->forms->len[f];
			if (len <= m->nl - ni && !memcmp(m->n + ni, m->forms->s[f], len))
				ok = match_from(m, gi + 4, ni + len);
		}
		for (int o = 0; m->forms && m->forms->v4 && o < 3 && !ok; o++) {
			size_t end = octets_end(m->n, m->nl, ni, m->forms->octets, octet_orders[o]);
			ok = end && match_from(m, gi + 4, end);
		}
	} else {
		ok = ni < m->nl && m->n[ni] == m->g[gi] && match_from(m, gi + 1, ni + 1);
	}
	if (!ok)
		m->failed[bit / 8] |= (unsigned char)(1u << bit % 8);
	return ok;
}

int pattern_match(const char *glob, size_t glen, const char *name, size_t nlen,
		  const struct ipforms *forms)
{
	static struct matcher m;
	if (glen > PATTERN_GLOB_MAX || nlen > PATTERN_NAME_MAX)
		return 0;
	m.g = glob;
	m.gl = glen;
	m.n = name;
	m.nl = nlen;
	m.forms = forms;
	memset(m.failed, 0, ((glen + 1) * (PATTERN_NAME_MAX + 1)) / 8 + 1);
	return match_from(&m, 0, 0);
}

/* Classes of a glob's bytes, as a table (chains of comparisons were a
 * tenth of a build's time each): GLOB_CHAR, what a glob may hold outside
 * "{ip}" (a-z 0-9 . - _ * ? # < >); GLOB_WILD, what ends a literal run
 * from the end ('*' '?' '#' '<' '>' and the '}' of "{ip}"). */
#define GLOB_CHAR 1
#define GLOB_WILD 2
static unsigned char glob_class[256];

static void glob_classes(void)
{
	static const char allowed[] = "abcdefghijklmnopqrstuvwxyz0123456789.-_*?#<>",
			  wild[] = "*?#<>}";
	if (glob_class['a'])
		return;
	for (const char *a = allowed; *a; a++)
		glob_class[(unsigned char)*a] |= GLOB_CHAR;
	for (const char *w = wild; *w; w++)
		glob_class[(unsigned char)*w] |= GLOB_WILD;
}

static int glob_char(char c) { return glob_class[(unsigned char)c] & GLOB_CHAR; }

const char *pattern_check(const char *g, size_t len)
{
	glob_classes();
	if (!len)
		return "empty pattern";
	if (len > PATTERN_GLOB_MAX)
		return "pattern longer than 255 characters";
	for (size_t i = 0; i < len; i++) {
		if (glob_char(g[i]))
			continue;
		if (g[i] == '{') {
			if (len - i < 4 || memcmp(g + i, "{ip}", 4))
				return "unknown {...} in pattern: only {ip} is known";
			i += 3;
		} else if (g[i] >= 'A' && g[i] <= 'Z') {
			return "upper-case letter in pattern";
		} else {
			return "character not allowed in a pattern";
		}
	}
	return 0;
}

static int wildcard(char c)
{
	return c == '*' || c == '?' || c == '#' || c == '{' || c == '<' || c == '>';
}

/* Length of the wildcard-free run at g[i..]. */
static size_t literal_run(const char *g, size_t len, size_t i)
{
	size_t k = i;
	while (k < len && !wildcard(g[k]))
		k++;
	return k - i;
}

/* Where the label starting at s[at] ends: the next dot, or len. */
static size_t label_end(const char *s, size_t len, size_t at)
{
	while (at < len && s[at] != '.')
		at++;
	return at;
}

static int alnum(char c) { return (c >= 'a' && c <= 'z') || is_digit(c); }

/* 1 if a glob's byte c, next to a run of letters, says the name has no
 * letter there: a literal non-letter, '#' (digits), or '<'/'>' beside the
 * run they bound (left tells which side of the run c is on). */
static int letters_bound(char c, int left)
{
	return is_digit(c) || c == '.' || c == '-' || c == '_' || c == '#' ||
	       c == (left ? '<' : '>');
}

/* Call fn with each literal gram of n bytes in the glob's literal runs,
 * until fn returns nonzero; 1 if it did. */
static int each_gram(const char *g, size_t len, size_t n, int (*fn)(void *, const char *, size_t),
		     void *ctx)
{
	char key[PATTERN_GRAM_LONG + 1];
	key[0] = KEY_GRAM;
	for (size_t i = 0; i < len;) {
		size_t run;
		if (g[i] == '{') {
			i += 4; /* "{ip}" */
			continue;
		}
		if ((run = literal_run(g, len, i)) == 0) {
			i++;
			continue;
		}
		for (size_t k = i; k + n <= i + run; k++) {
			memcpy(key + 1, g + k, n);
			if (fn(ctx, key, n + 1))
				return 1;
		}
		i += run;
	}
	return 0;
}

/* Call fn with each key a name matched by the glob is sure to produce,
 * until fn returns nonzero (then 1), most specific kinds first: the
 * literal tail of whole labels (or the whole glob when it has no
 * wildcard), each literal label, each literal word (a letters-and-digits
 * run with a literal non-word byte or the glob's end on either side),
 * each whole run of letters (bounded as letters_bound says, or by the
 * glob's ends), each literal run of six bytes, then of three. */
static int each_key(const char *g, size_t len, int (*fn)(void *, const char *, size_t), void *ctx)
{
	char key[PATTERN_GLOB_MAX + 2];
	size_t i, end;
	/* end: just past the last wildcard ("{ip}" ends in the only '}') */
	glob_classes();
	for (end = len; end > 0 && !(glob_class[(unsigned char)g[end - 1]] & GLOB_WILD); end--)
		;
	if (end == 0) {
		key[0] = KEY_SUFFIX;
		memcpy(key + 1, g, len);
		return fn(ctx, key, len + 1);
	}
	for (i = end; i < len && g[i] != '.'; i++)
		;
	if (i + 1 < len) {
		key[0] = KEY_SUFFIX;
		memcpy(key + 1, g + i + 1, len - i - 1);
		if (fn(ctx, key, len - i))
			return 1;
	}
	for (i = 0; i < len;) {
		size_t j = label_end(g, len, i);
		if (j > i && literal_run(g, j, i) == j - i) {
			key[0] = KEY_LABEL;
			memcpy(key + 1, g + i, j - i);
			if (fn(ctx, key, j - i + 1))
				return 1;
		}
		i = j + 1;
	}
	for (i = 0; i < len; i++) {
		size_t j = i;
		if (!alnum(g[i]) ||
		    (i > 0 && (wildcard(g[i - 1]) || alnum(g[i - 1]) || g[i - 1] == '}')))
			continue;
		while (j < len && alnum(g[j]))
			j++;
		if (j == len || (!wildcard(g[j]) && g[j] != '}')) {
			key[0] = KEY_WORD;
			memcpy(key + 1, g + i, j - i);
			if (fn(ctx, key, j - i + 1))
				return 1;
		}
		i = j;
	}
	for (i = 0; i < len; i++) {
		size_t j = i;
		if (g[i] == '{') {
			i += 3; /* "{ip}" */
			continue;
		}
		if (!is_letter(g[i]) || (i > 0 && !letters_bound(g[i - 1], 1)))
			continue;
		while (j < len && is_letter(g[j]))
			j++;
		if (j == len || letters_bound(g[j], 0)) {
			key[0] = KEY_LETTERS;
			memcpy(key + 1, g + i, j - i);
			if (fn(ctx, key, j - i + 1))
				return 1;
		}
		i = j - 1;
	}
	return each_gram(g, len, PATTERN_GRAM_LONG, fn, ctx) ||
	       each_gram(g, len, PATTERN_GRAM_SHORT, fn, ctx);
}

struct choice {
	pattern_load_fn load;
	void *ctx;
	unsigned int best;
	char *key;
	size_t len;
};

/* each_key callback: keep the key fewest globs share so far, the first on
 * ties; stop at one no glob has yet. */
static int choose_key(void *ctx, const char *key, size_t len)
{
	struct choice *c = ctx;
	unsigned int n = c->load ? c->load(c->ctx, key, len) : 0;
	if (!c->len || n < c->best) {
		memcpy(c->key, key, len);
		c->len = len;
		c->best = n;
	}
	return c->best == 0;
}

size_t pattern_key(char *key, const char *g, size_t len, pattern_load_fn load, void *ctx,
		   unsigned int *shared)
{
	struct choice c = {load, ctx, 0, key, 0};
	each_key(g, len, choose_key, &c);
	if (!c.len) {
		key[0] = KEY_ANY;
		c.len = 1;
		c.best = load ? load(ctx, key, 1) : 0;
	}
	if (shared)
		*shared = c.best;
	return c.len;
}

void pattern_probe_start(struct pattern_probe *p, const char *name, size_t len)
{
	p->name = name;
	p->len = len;
	p->pos = 0;
	p->stage = 0;
}

size_t pattern_probe_next(struct pattern_probe *p, char *key)
{
	const char *n = p->name;
	size_t len = p->len;
	for (;;) {
		switch (p->stage) {
		case 0: /* every label suffix, the whole name first */
			if (p->pos < len) {
				size_t at = p->pos;
				p->pos = label_end(n, len, at) + 1;
				key[0] = KEY_SUFFIX;
				memcpy(key + 1, n + at, len - at);
				return len - at + 1;
			}
			p->stage = 1;
			p->pos = 0;
			break;
		case 1: /* every label */
			if (p->pos < len) {
				size_t at = p->pos, k = label_end(n, len, at);
				p->pos = k + 1;
				if (k == at)
					continue;
				key[0] = KEY_LABEL;
				memcpy(key + 1, n + at, k - at);
				return k - at + 1;
			}
			p->stage = 2;
			p->pos = 0;
			break;
		case 2: /* every word: a maximal run of letters and digits */
			while (p->pos < len && !alnum(n[p->pos]))
				p->pos++;
			if (p->pos < len) {
				size_t at = p->pos;
				while (p->pos < len && alnum(n[p->pos]))
					p->pos++;
				key[0] = KEY_WORD;
				memcpy(key + 1, n + at, p->pos - at);
				return p->pos - at + 1;
			}
			p->stage = 3;
			p->pos = 0;
			break;
		case 3: /* every run of letters */
			while (p->pos < len && !is_letter(n[p->pos]))
				p->pos++;
			if (p->pos < len) {
				size_t at = p->pos;
				while (p->pos < len && is_letter(n[p->pos]))
					p->pos++;
				key[0] = KEY_LETTERS;
				memcpy(key + 1, n + at, p->pos - at);
				return p->pos - at + 1;
			}
			p->stage = 4;
			p->pos = 0;
			break;
		case 4: /* every run of six bytes, then of three */
		case 5: {
			size_t g = p->stage == 4 ? PATTERN_GRAM_LONG : PATTERN_GRAM_SHORT;
			if (p->pos + g <= len) {
				key[0] = KEY_GRAM;
				memcpy(key + 1, n + p->pos, g);
				p->pos++;
				return g + 1;
			}
			p->stage++;
			p->pos = 0;
			break;
		}
		case 6:
			p->stage = 7;
			key[0] = KEY_ANY;
			return 1;
		default: return 0;
		}
	}
}
