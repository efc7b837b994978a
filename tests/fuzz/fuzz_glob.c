/* libFuzzer target for the glob language and its index (src/lib/pattern.c).
 * Input: a byte choosing the client's address, then GLOB NUL NAME.
 * pattern_check must accept exactly the documented language; on a valid
 * glob pattern_match must agree with a plain recursive matcher written
 * here from greetwait-tables(5), for the name given and for a name built
 * from the glob (so matches are common; one without '<', '>' or {ip} must
 * match); and every key the glob can be filed under must be among the
 * keys a matching name's lookup probes. */
#include <stdint.h>

#include "fuzz.h"
#include "ip.h"
#include "pattern.h"

static const char *const clients[] = {"192.0.2.7", "10.0.0.1", "2001:db8::1", "::ffff:1.2.3.4",
				      "2001:db8:0:0:1:0:0:1"};

/* The documented alphabet of a glob, outside "{ip}". */
static int ref_glob_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
	       c == '_' || c == '*' || c == '?' || c == '#' || c == '<' || c == '>';
}

/* 1 if g is a glob of the documented language. */
static int ref_valid(const char *g, size_t len)
{
	if (len < 1 || len > PATTERN_GLOB_MAX)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (len - i >= 4 && !memcmp(g + i, "{ip}", 4))
			i += 3;
		else if (!ref_glob_char(g[i]))
			return 0;
	}
	return 1;
}

static long budget;
static const char *ref_name; /* the whole name, for what lies before n */

static int ref_letter(char c) { return c >= 'a' && c <= 'z'; }
static int ref_digit(char c) { return c >= '0' && c <= '9'; }

/* 1 if s (len bytes) is, by the manual, the IPv4 address b written in
 * decimal: its four octets forward, reversed or the last first, as four
 * numbers of up to three digits with non-digit text between them, or run
 * together all padded to three digits or none. */
static int ref_decimal(const char *s, size_t len, const unsigned char *b)
{
	static const int orders[3][4] = {{0, 1, 2, 3}, {3, 2, 1, 0}, {3, 0, 1, 2}};
	unsigned int v[4];
	int runs = 0;
	if (!len || !ref_digit(s[0]) || !ref_digit(s[len - 1]))
		return 0;
	for (int o = 0; o < 3; o++) {
		char plain[16], padded[16];
		const int *r = orders[o];
		snprintf(plain, sizeof plain, "%u%u%u%u", b[r[0]], b[r[1]], b[r[2]], b[r[3]]);
		snprintf(padded, sizeof padded, "%03u%03u%03u%03u", b[r[0]], b[r[1]], b[r[2]],
			 b[r[3]]);
		if ((len == strlen(plain) && !memcmp(s, plain, len)) ||
		    (len == 12 && !memcmp(s, padded, len)))
			return 1;
	}
	for (size_t i = 0; i < len;) {
		size_t k = i;
		while (k < len && ref_digit(s[k]))
			k++;
		if (k - i > 3 || runs == 4)
			return 0;
		v[runs] = 0;
		for (size_t d = i; d < k; d++)
			v[runs] = v[runs] * 10 + (unsigned int)(s[d] - '0');
		runs++;
		while (k < len && !ref_digit(s[k]))
			k++;
		i = k;
	}
	if (runs != 4)
		return 0;
	for (int o = 0; o < 3; o++) {
		const int *r = orders[o];
		if (v[0] == b[r[0]] && v[1] == b[r[1]] && v[2] == b[r[2]] && v[3] == b[r[3]])
			return 1;
	}
	return 0;
}

/* The reference matcher, by the letter of the manual: 1 match, 0 none, -1
 * gave up (too much backtracking to be worth it). */
static int ref_match(const char *g, size_t gl, const char *n, size_t nl, const struct ipforms *f)
{
	int r;
	if (--budget < 0)
		return -1;
	if (!gl)
		return nl == 0;
	switch (g[0]) {
	case '*': /* any run, dots included, or none */
		while (gl > 1 && g[1] == '*')
			g++, gl--;
		for (size_t k = 0; k <= nl; k++)
			if ((r = ref_match(g + 1, gl - 1, n + k, nl - k, f)))
				return r;
		return 0;
	case '?': /* one character */ return nl ? ref_match(g + 1, gl - 1, n + 1, nl - 1, f) : 0;
	case '#': /* one or more digits */
		for (size_t k = 1; k <= nl && n[k - 1] >= '0' && n[k - 1] <= '9'; k++)
			if ((r = ref_match(g + 1, gl - 1, n + k, nl - k, f)))
				return r;
		return 0;
	case '<': /* a word starts: a letter next, none before */
		if (!nl || !ref_letter(n[0]) || (n > ref_name && ref_letter(n[-1])))
			return 0;
		return ref_match(g + 1, gl - 1, n, nl, f);
	case '>': /* a word ends: a letter before, none next */
		if (n == ref_name || !ref_letter(n[-1]) || (nl && ref_letter(n[0])))
			return 0;
		return ref_match(g + 1, gl - 1, n, nl, f);
	case '{': /* {ip}: one of the client's spellings */
		for (unsigned int i = 0; f && i < f->n; i++)
			if (f->len[i] <= nl && !memcmp(n, f->s[i], f->len[i]) &&
			    (r = ref_match(g + 4, gl - 4, n + f->len[i], nl - f->len[i], f)))
				return r;
		/* IPv4 in decimal, with no digit right before or after */
		for (size_t k = 1; f && f->v4 && k <= nl; k++)
			if (!(n > ref_name && ref_digit(n[-1])) && !(k < nl && ref_digit(n[k])) &&
			    ref_decimal(n, k, f->octets) &&
			    (r = ref_match(g + 4, gl - 4, n + k, nl - k, f)))
				return r;
		return 0;
	default: return nl && n[0] == g[0] ? ref_match(g + 1, gl - 1, n + 1, nl - 1, f) : 0;
	}
}

/* Add s to the set of spellings unless it is there. */
static void ref_add(char set[][IPFORM_LEN], unsigned int *n, const char *s)
{
	for (unsigned int i = 0; i < *n; i++)
		if (!strcmp(set[i], s))
			return;
	snprintf(set[(*n)++], IPFORM_LEN, "%s", s);
}

/* The fixed spellings of ip the manual lists (IPv4 in decimal is
 * ref_decimal's): IPv4 as 8 hex digits, forward or reversed; IPv6's 32
 * nibbles forward or reversed joined by nothing, '.' or '-', its canonical
 * text with '-' for ':', its eight groups joined by '-' with and without
 * padding, and the whole address as a base-36 number. */
static unsigned int ref_forms(char set[][IPFORM_LEN], const struct ip *ip)
{
	static const char *const seps6[] = {"", ".", "-"};
	static const char hex[] = "0123456789abcdef",
			  b36[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	unsigned int n = 0;
	char s[IPFORM_LEN];
	if (ip->len == 4) {
		const unsigned char *b = ip->b;
		snprintf(s, sizeof s, "%02x%02x%02x%02x", b[0], b[1], b[2], b[3]);
		ref_add(set, &n, s);
		snprintf(s, sizeof s, "%02x%02x%02x%02x", b[3], b[2], b[1], b[0]);
		ref_add(set, &n, s);
	} else {
		char canon[IP_FMT], t[40];
		unsigned int g[8];
		unsigned __int128 v = 0;
		size_t m = 0;
		for (int rev = 0; rev < 2; rev++)
			for (int k = 0; k < 3; k++) {
				m = 0;
				for (int i = 0; i < 32; i++) {
					int at = rev ? 31 - i : i;
					unsigned int x = ip->b[at / 2];
					if (i && *seps6[k])
						s[m++] = *seps6[k];
					s[m++] = hex[at % 2 ? x & 15 : x >> 4];
				}
				s[m] = 0;
				ref_add(set, &n, s);
			}
		ip_format(canon, ip);
		for (char *p = canon; *p; p++)
			if (*p == ':')
				*p = '-';
		ref_add(set, &n, canon);
		for (int k = 0; k < 8; k++)
			g[k] = (unsigned int)ip->b[2 * k] << 8 | ip->b[2 * k + 1];
		snprintf(s, sizeof s, "%x-%x-%x-%x-%x-%x-%x-%x", g[0], g[1], g[2], g[3], g[4], g[5],
			 g[6], g[7]);
		ref_add(set, &n, s);
		snprintf(s, sizeof s, "%04x-%04x-%04x-%04x-%04x-%04x-%04x-%04x", g[0], g[1], g[2],
			 g[3], g[4], g[5], g[6], g[7]);
		ref_add(set, &n, s);
		for (int k = 0; k < 16; k++)
			v = v << 8 | ip->b[k];
		m = 0;
		do {
			t[m++] = b36[v % 36];
			v /= 36;
		} while (v);
		for (size_t k = 0; k < m; k++)
			s[k] = t[m - 1 - k];
		s[m] = 0;
		ref_add(set, &n, s);
	}
	return n;
}

/* ipforms_build must give exactly the reference spellings. */
static void check_forms(const struct ipforms *f, const struct ip *ip)
{
	static char set[IPFORMS_MAX + 4][IPFORM_LEN];
	unsigned int n = ref_forms(set, ip);
	FUZZ_CHECK(f->n == n, "ipforms_build gives the documented number of spellings");
	for (unsigned int i = 0; i < f->n; i++) {
		unsigned int k = 0;
		while (k < n &&
		       !(strlen(set[k]) == f->len[i] && !memcmp(set[k], f->s[i], f->len[i])))
			k++;
		FUZZ_CHECK(k < n, "every spelling ipforms_build gives is a documented one");
	}
}

/* A hash of a key, for the small sets below. */
static unsigned int bucket(const char *key, size_t len)
{
	unsigned int h = 5381;
	for (size_t i = 0; i < len; i++)
		h = h * 33 ^ (unsigned char)key[i];
	return h;
}

/* The keys a name's lookup probes, in a small hash set. */
#define PROBES_MAX  1024
#define PROBE_SLOTS 4096
static char probe_key[PROBES_MAX][PATTERN_NAME_MAX + 2];
static size_t probe_len[PROBES_MAX], nprobes;
static int slot[PROBE_SLOTS];

static void probes_build(const char *name, size_t len)
{
	struct pattern_probe p;
	size_t k;
	memset(slot, -1, sizeof slot);
	nprobes = 0;
	pattern_probe_start(&p, name, len);
	while ((k = pattern_probe_next(&p, probe_key[nprobes]))) {
		unsigned int s = bucket(probe_key[nprobes], k) % PROBE_SLOTS;
		FUZZ_CHECK(k <= PATTERN_NAME_MAX + 1, "a probe key fits its buffer");
		FUZZ_CHECK(nprobes + 1 < PROBES_MAX, "a name has a bounded number of probe keys");
		probe_len[nprobes] = k;
		while (slot[s] != -1)
			s = (s + 1) % PROBE_SLOTS;
		slot[s] = (int)nprobes++;
	}
}

static int probed(const char *key, size_t len)
{
	for (unsigned int s = bucket(key, len) % PROBE_SLOTS; slot[s] != -1;
	     s = (s + 1) % PROBE_SLOTS)
		if (probe_len[slot[s]] == len && !memcmp(probe_key[slot[s]], key, len))
			return 1;
	return 0;
}

/* The keys pattern_key has given so far for one glob: each reads as
 * held by one glob, so that pattern_key gives the next. */
#define GIVEN_MAX 2048
static char given_key[GIVEN_MAX][PATTERN_GLOB_MAX + 2];
static size_t given_len[GIVEN_MAX], ngiven;

static unsigned int given(void *ctx, const char *key, size_t len)
{
	(void)ctx;
	for (size_t i = 0; i < ngiven; i++)
		if (given_len[i] == len && !memcmp(given_key[i], key, len))
			return 1;
	return 0;
}

/* Call pattern_key with a load that steers it to each key in turn; check
 * each is probed for name (a name the glob matches); the number seen. */
static unsigned int check_keys(const char *g, size_t gl, const char *name, size_t nl)
{
	probes_build(name, nl);
	for (ngiven = 0; ngiven < GIVEN_MAX;) {
		unsigned int shared;
		size_t k = pattern_key(given_key[ngiven], g, gl, given, 0, &shared);
		FUZZ_CHECK(probed(given_key[ngiven], k),
			   "a name the glob matches probes every key the glob may be filed under");
		if (shared)
			break; /* every key has been given */
		given_len[ngiven++] = k;
	}
	return (unsigned int)ngiven;
}

/* Compare pattern_match with the reference on one name; 1 if it matched. */
static int compare(const char *g, size_t gl, const char *name, size_t nl, const struct ipforms *f)
{
	int got = pattern_match(g, gl, name, nl, f), want;
	if (nl > PATTERN_NAME_MAX) {
		FUZZ_CHECK(!got, "a name longer than 255 bytes never matches");
		return 0;
	}
	budget = 200000;
	ref_name = name;
	want = ref_match(g, gl, name, nl, f);
	if (want >= 0)
		FUZZ_CHECK(got == want, "pattern_match agrees with the reference matcher");
	if (got)
		check_keys(g, gl, name, nl);
	return got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	struct ipforms forms, *f = &forms;
	struct ip ip;
	struct fuzz_bytes b;
	char glob[PATTERN_GLOB_MAX + 64], name[PATTERN_NAME_MAX + 1];
	const char *in = (const char *)data + 1, *rest;
	size_t len = size - 1, gl, nl;
	if (!ready) { /* the steering reaches more than the first key */
		ready = 1;
		FUZZ_CHECK(check_keys("*.dyn.*", 7, "a.dyn.b", 7) >= 3,
			   "pattern_key can be steered");
	}
	if (size < 1)
		return 0;
	if (data[0] % 8 < sizeof clients / sizeof clients[0]) {
		FUZZ_CHECK(ip_parse(&ip, clients[data[0] % 8]), "the clients parse");
		ipforms_build(&forms, &ip);
		check_forms(&forms, &ip);
	} else
		f = 0;
	gl = strnlen(in, len);
	if (gl >= sizeof glob)
		return 0;
	memcpy(glob, in, gl);
	rest = in + gl + (gl < len);
	nl = (size_t)(in + len - rest);
	FUZZ_CHECK((pattern_check(glob, gl) == 0) == ref_valid(glob, gl),
		   "pattern_check accepts exactly the documented globs");
	if (pattern_check(glob, gl))
		return 0;
	compare(glob, gl, rest, nl, f);
	b.p = (const unsigned char *)rest;
	b.len = nl;
	/* '<', '>' and {ip} ask about the bytes beside them, which the name
	 * built need not satisfy: compare it, but it need not match. */
	if ((nl = fuzz_glob_name(name, glob, gl, f, &b)) && !memchr(glob, '<', gl) &&
	    !memchr(glob, '>', gl) && !memchr(glob, '{', gl)) {
		FUZZ_CHECK(compare(glob, gl, name, nl, f), "a name built from the glob matches it");
	} else if (nl)
		compare(glob, gl, name, nl, f);
	return 0;
}
