#include "pattern.h"

#include <string.h>

#include "fmt.h"

#include "ip.h"

#define KEY_SUFFIX  's'
#define KEY_LABEL   'l'
#define KEY_WORD    'w'
#define KEY_TRIGRAM 'g'
#define KEY_ANY     '*'

/* Add one spelling of the address; parts are written with sep between them. */
static void add_form(struct ipforms *f, const char parts[][4], unsigned int nparts, int reverse,
		     const char *sep)
{
	char *s = f->s[f->n];
	size_t n = 0;
	if (f->n >= IPFORMS_MAX)
		return;
	for (unsigned int k = 0; k < nparts; k++) {
		if (k)
			n += fmt_str(s + n, sep);
		n += fmt_str(s + n, parts[reverse ? nparts - 1 - k : k]);
	}
	f->len[f->n++] = (unsigned char)n;
}

void ipforms_build(struct ipforms *f, const struct ip *ip)
{
	static const char *const seps[] = {".", "-", "_", ""};
	char parts[32][4];
	f->n = 0;
	if (ip->len == 4) {
		char padded[4][4];
		for (int k = 0; k < 4; k++) {
			parts[k][fmt_ulong(parts[k], ip->b[k])] = 0;
			/* by hand: libowfat 0.32's fmt_ulong0 writes "00" whatever the number */
			padded[k][0] = (char)('0' + ip->b[k] / 100);
			padded[k][1] = (char)('0' + ip->b[k] / 10 % 10);
			padded[k][2] = (char)('0' + ip->b[k] % 10);
			padded[k][3] = 0;
		}
		for (int rev = 0; rev < 2; rev++)
			for (int s = 0; s < 4; s++) {
				add_form(f, (const char(*)[4])parts, 4, rev, seps[s]);
				add_form(f, (const char(*)[4])padded, 4, rev, seps[s]);
			}
		for (int rev = 0; rev < 2; rev++) {
			char *s = f->s[f->n];
			for (int k = 0; k < 4; k++) {
				unsigned int v = ip->b[rev ? 3 - k : k];
				s[2 * k] = fmt_tohex((char)(v >> 4));
				s[2 * k + 1] = fmt_tohex((char)(v & 15));
			}
			f->len[f->n++] = 8;
		}
	} else if (ip->len == 16) {
		char canon[IP_FMT];
		size_t n = ip_format(canon, ip);
		for (int k = 0; k < 32; k++) {
			unsigned int v = ip->b[k / 2];
			parts[k][0] = fmt_tohex((char)(k % 2 ? v & 15 : v >> 4));
			parts[k][1] = 0;
		}
		for (int rev = 0; rev < 2; rev++)
			for (int s = 0; s < 4; s++)
				if (s != 2)
					add_form(f, (const char(*)[4])parts, 32, rev, seps[s]);
		/* 2001:db8::1 as 2001-db8--1 */
		for (size_t k = 0; k < n; k++)
			f->s[f->n][k] = canon[k] == ':' ? '-' : canon[k];
		f->len[f->n++] = (unsigned char)n;
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
	} else if (m->g[gi] == '{') {
		for (unsigned int f = 0; m->forms && f < m->forms->n && !ok; f++) {
			size_t len = m->forms->len[f];
			if (len <= m->nl - ni && !memcmp(m->n + ni, m->forms->s[f], len))
				ok = match_from(m, gi + 4, ni + len);
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

/* Characters a glob may hold outside "{ip}". */
static int glob_char(char c)
{
	return (c >= 'a' && c <= 'z') || is_digit(c) || c == '.' || c == '-' || c == '_' ||
	       c == '*' || c == '?' || c == '#';
}

const char *pattern_check(const char *g, size_t len)
{
	if (!len)
		return "empty pattern";
	if (len > PATTERN_GLOB_MAX)
		return "pattern longer than 255 characters";
	for (size_t i = 0; i < len; i++) {
		if (g[i] == '{') {
			if (len - i < 4 || memcmp(g + i, "{ip}", 4))
				return "unknown {...} in pattern: only {ip} is known";
			i += 3;
		} else if (g[i] >= 'A' && g[i] <= 'Z') {
			return "upper-case letter in pattern";
		} else if (!glob_char(g[i])) {
			return "character not allowed in a pattern";
		}
	}
	return 0;
}

static int wildcard(char c) { return c == '*' || c == '?' || c == '#' || c == '{'; }

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

/* Bucket of a key. */
static unsigned int key_bucket(const char *key, size_t len)
{
	unsigned int h = 5381;
	for (size_t i = 0; i < len; i++)
		h = h * 33 ^ (unsigned char)key[i];
	return h % PATTERN_KEY_BUCKETS;
}

/* Call fn with each key a name matched by the glob is sure to produce,
 * most selective kinds first: the literal tail of whole labels (or the
 * whole glob when it has no wildcard), each literal label, each literal
 * word (a letters-and-digits run with a literal non-word byte or the
 * glob's end on either side), each literal three-byte run. */
static void each_key(const char *g, size_t len, void (*fn)(void *, const char *, size_t), void *ctx)
{
	char key[PATTERN_GLOB_MAX + 2];
	size_t i, end = 0;
	for (i = 0; i < len; i++)
		if (wildcard(g[i]))
			end = g[i] == '{' ? i + 4 : i + 1;
	if (end == 0) {
		key[0] = KEY_SUFFIX;
		memcpy(key + 1, g, len);
		fn(ctx, key, len + 1);
		return;
	}
	for (i = end; i < len && g[i] != '.'; i++)
		;
	if (i + 1 < len) {
		key[0] = KEY_SUFFIX;
		memcpy(key + 1, g + i + 1, len - i - 1);
		fn(ctx, key, len - i);
	}
	for (i = 0; i < len;) {
		size_t j = label_end(g, len, i);
		if (j > i && literal_run(g, j, i) == j - i) {
			key[0] = KEY_LABEL;
			memcpy(key + 1, g + i, j - i);
			fn(ctx, key, j - i + 1);
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
			fn(ctx, key, j - i + 1);
		}
		i = j;
	}
	for (i = 0; i + 3 <= len; i++) {
		if (g[i] == '{') {
			i += 3; /* "{ip}" */
			continue;
		}
		if (literal_run(g, len, i) >= 3) {
			key[0] = KEY_TRIGRAM;
			memcpy(key + 1, g + i, 3);
			fn(ctx, key, 4);
		}
	}
}

/* each_key callback: count one glob's keys. */
static void count_key(void *ctx, const char *key, size_t len)
{
	((unsigned int *)ctx)[key_bucket(key, len)]++;
}

void pattern_count_keys(const char *g, size_t len, unsigned int *counts)
{
	each_key(g, len, count_key, counts);
}

struct choice {
	const unsigned int *counts;
	unsigned int best;
	char *key;
	size_t len;
};

/* each_key callback: keep the key fewest globs share, the first on ties. */
static void choose_key(void *ctx, const char *key, size_t len)
{
	struct choice *c = ctx;
	unsigned int n = c->counts ? c->counts[key_bucket(key, len)] : 0;
	if (c->len && n >= c->best)
		return;
	memcpy(c->key, key, len);
	c->len = len;
	c->best = n;
}

size_t pattern_key(char *key, const char *g, size_t len, const unsigned int *counts)
{
	struct choice c = {counts, 0, key, 0};
	each_key(g, len, choose_key, &c);
	if (!c.len) {
		key[0] = KEY_ANY;
		c.len = 1;
	}
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
		case 3: /* every run of three bytes */
			if (p->pos + 3 <= len) {
				key[0] = KEY_TRIGRAM;
				memcpy(key + 1, n + p->pos, 3);
				p->pos++;
				return 4;
			}
			p->stage = 4;
			break;
		case 4:
			p->stage = 5;
			key[0] = KEY_ANY;
			return 1;
		default: return 0;
		}
	}
}
