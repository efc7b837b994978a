/* libFuzzer target for the tables end to end: a patterns or whitelist
 * source is parsed line by line (src/lib/rules.c), compiled as greetwait-rules
 * does (src/greetwait-rules/table_make.c, each glob under the key its
 * predecessors left freest) into an in-memory cdb, opened, and looked up.  Every lookup must give
 * what a linear scan over the parsed rules gives (first match wins for
 * patterns; longest prefix, then the name, then the longest domain for the
 * whitelist), and every parsed rule must read back the same from its text.
 * Input: a byte (bit 0: whitelist; the rest: the client's address), the
 * source, then NUL and query lines ("ADDRESS NAME" for the whitelist, NAME
 * for patterns).  Lines that do not parse are skipped, not fatal, so that
 * one bad mutation does not throw the whole table away. */
#include <stdint.h>

#include "fuzz.h"
#include "ip.h"
#include "pattern.h"
#include "rules.h"
#include "table.h"
#include "table_make.h"

#define RULES_KEPT 512

static const char *const clients[] = {"192.0.2.7",   "10.1.2.3", "127.0.0.1",
				      "2001:db8::1", "::1",      "198.51.100.200"};

static struct rule_pattern patterns[RULES_KEPT];
static unsigned long orders[RULES_KEPT];
static struct rule_whitelist whites[RULES_KEPT];
static size_t kept;

/* A parsed pattern written back as text reads back the same. */
static void check_pattern_text(const struct rule_pattern *r)
{
	char line[RULES_LINE_MAX + 2], delay[32] = "";
	struct rule_pattern again;
	const char *why;
	FUZZ_CHECK(!pattern_check(r->glob, strlen(r->glob)), "a parsed glob is well formed");
	if (r->delay_ms == RULES_DELAY_SHORT)
		snprintf(delay, sizeof delay, " short");
	else if (r->delay_ms != RULES_DELAY_LONG)
		snprintf(delay, sizeof delay, " %lu.%03lu", r->delay_ms / 1000, r->delay_ms % 1000);
	snprintf(line, sizeof line, "%s %s%s", r->glob, r->class, delay);
	FUZZ_CHECK(rules_parse_pattern(line, strlen(line), &again, &why) == 1,
		   "a parsed pattern's text parses");
	FUZZ_CHECK(!strcmp(again.glob, r->glob) && !strcmp(again.class, r->class) &&
		       again.delay_ms == r->delay_ms,
		   "a parsed pattern's text reads back the same");
}

/* A parsed whitelist entry's log text (rules_whitelist_entry) reads back the same. */
static void check_whitelist_text(const struct rule_whitelist *r)
{
	char entry[TABLE_ENTRY_MAX + 2];
	struct rule_whitelist again;
	const char *why;
	size_t n = rules_whitelist_entry(entry, r);
	FUZZ_CHECK(n == strlen(entry) && n < TABLE_ENTRY_MAX, "a whitelist entry's text fits");
	FUZZ_CHECK(rules_parse_whitelist(entry, n, &again, &why) == 1,
		   "a whitelist entry's text parses");
	FUZZ_CHECK(again.kind == r->kind, "a whitelist entry's text reads back as the same kind");
	if (r->kind == WHITELIST_ADDRESS) {
		struct ip net = r->net;
		ip_mask(&net, r->bits);
		FUZZ_CHECK(r->bits <= r->net.len * 8 && !memcmp(&net, &r->net, sizeof net),
			   "a whitelist prefix is masked to its length");
		FUZZ_CHECK(again.bits == r->bits && again.net.len == r->net.len &&
			       !memcmp(again.net.b, r->net.b, r->net.len),
			   "a whitelist prefix reads back the same");
	} else
		FUZZ_CHECK(!strcmp(again.name, r->name), "a whitelist name reads back the same");
}

/* Look name up in the table and by a linear scan of the kept patterns. */
static void query_pattern(struct table *t, const char *name, size_t len, const struct ipforms *f)
{
	struct pattern_hit hit;
	size_t best = kept;
	int found = table_lookup_pattern(t, name, len, f, &hit);
	for (size_t k = 0; k < kept && len <= PATTERN_NAME_MAX; k++)
		if (pattern_match(patterns[k].glob, strlen(patterns[k].glob), name, len, f)) {
			best = k; /* kept in line order: the first is the lowest */
			break;
		}
	FUZZ_CHECK(!t->error[0], "a table greetwait-rules wrote is not corrupt");
	FUZZ_CHECK(found == (best < kept), "the index finds a pattern exactly when one matches");
	if (found)
		FUZZ_CHECK(hit.order == orders[best] && hit.delay_ms == patterns[best].delay_ms &&
			       !strcmp(hit.class, patterns[best].class),
			   "the index finds the first pattern that matches");
}

/* 1 if name lies under the domain d: it ends in "." d. */
static int under(const char *name, size_t len, const char *d)
{
	size_t dl = strlen(d);
	return len > dl && name[len - dl - 1] == '.' && !memcmp(name + len - dl, d, dl);
}

/* Look ip and name up in the table and by a linear scan of the kept entries. */
static void query_whitelist(struct table *t, const struct ip *ip, const char *name, size_t len)
{
	struct whitelist_hit hit;
	char entry[TABLE_ENTRY_MAX + 2];
	size_t best = kept;
	int found = table_lookup_whitelist(t, ip, name, len, &hit), by_name = 0;
	for (size_t k = 0; k < kept && ip->len; k++)
		if (whites[k].kind == WHITELIST_ADDRESS &&
		    ip_in_prefix(ip, &whites[k].net, whites[k].bits) &&
		    (best == kept || whites[k].bits > whites[best].bits))
			best = k;
	if (best == kept && len && len <= PATTERN_NAME_MAX) {
		by_name = 1;
		for (size_t k = 0; k < kept && best == kept; k++)
			if (whites[k].kind == WHITELIST_NAME && strlen(whites[k].name) == len &&
			    !memcmp(whites[k].name, name, len))
				best = k;
		for (size_t k = 0; k < kept; k++)
			if (whites[k].kind == WHITELIST_DOMAIN &&
			    under(name, len, whites[k].name) &&
			    (best == kept || (whites[best].kind == WHITELIST_DOMAIN &&
					      strlen(whites[k].name) > strlen(whites[best].name))))
				best = k;
	}
	FUZZ_CHECK(!t->error[0], "a table greetwait-rules wrote is not corrupt");
	FUZZ_CHECK(found == (best < kept),
		   "the whitelist is hit exactly when an entry lists the client");
	if (!found)
		return;
	rules_whitelist_entry(entry, &whites[best]);
	FUZZ_CHECK(hit.by_name == by_name, "a hit says whether a name entry gave it");
	FUZZ_CHECK(hit.delay_ms == whites[best].delay_ms && !strcmp(hit.entry, entry),
		   "the most specific entry wins, the first of equals");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct table_make maker;
	struct table t;
	struct ip client;
	struct ipforms forms;
	char path[32], line[RULES_LINE_MAX + 2];
	const char *in = (const char *)data + 1, *src_end, *q;
	size_t len = size - 1;
	unsigned long lineno = 0;
	int whitelist, fd;
	if (size < 1)
		return 0;
	whitelist = data[0] & 1;
	FUZZ_CHECK(ip_parse(&client, clients[(data[0] >> 1) % 6]), "the clients parse");
	ipforms_build(&forms, &client);
	src_end = memchr(in, 0, len);
	if (!src_end)
		src_end = in + len;
	if ((fd = fuzz_file(0, 0, path)) == -1 ||
	    table_make_start(&maker, fd, whitelist ? "whitelist" : "patterns") == -1)
		return 0;
	kept = 0;
	for (const char *p = in; p < src_end && kept < RULES_KEPT;) {
		const char *nl = memchr(p, '\n', (size_t)(src_end - p));
		size_t n = (size_t)((nl ? nl : src_end) - p);
		const char *why = 0;
		lineno++;
		if (n > RULES_LINE_MAX)
			break; /* greetwait-rules refuses the source: look up what came before */
		memcpy(line, p, n);
		line[n] = 0;
		p += n + 1;
		if (!whitelist && rules_parse_pattern(line, n, &patterns[kept], &why) == 1) {
			int r = table_make_pattern(&maker, lineno, &patterns[kept]);
			check_pattern_text(&patterns[kept]);
			FUZZ_CHECK(r == 0 || r == TABLE_MAKE_CROWDED,
				   "a pattern is written or refused");
			/* refused: greetwait-rules stops there; here the line is left out */
			if (r == 0)
				orders[kept++] = lineno;
		} else if (whitelist && rules_parse_whitelist(line, n, &whites[kept], &why) == 1) {
			check_whitelist_text(&whites[kept]);
			FUZZ_CHECK(table_make_whitelist(&maker, &whites[kept]) == 0,
				   "an entry is written");
			kept++;
		}
	}
	FUZZ_CHECK(table_make_finish(&maker) == 0, "the table is written");
	memset(&t, 0, sizeof t); /* fuzz_cdb checks table_open on a struct not cleared */
	FUZZ_CHECK(table_open(&t, path, whitelist ? "whitelist" : "patterns"), "the table opens");

	/* the queries given, then names and addresses made from each rule */
	for (q = src_end + (src_end < in + len); q < in + len;) {
		const char *nl = memchr(q, '\n', (size_t)(in + len - q)), *end = nl ? nl : in + len;
		if (!whitelist)
			query_pattern(&t, q, (size_t)(end - q), &forms);
		else {
			const char *sp = memchr(q, ' ', (size_t)(end - q));
			struct ip ip;
			char addr[64] = "";
			size_t al = (size_t)((sp ? sp : end) - q);
			memcpy(addr, q, al < sizeof addr ? al : sizeof addr - 1);
			if (!ip_parse(&ip, addr))
				ip = client;
			q = sp ? sp + 1 : end;
			query_whitelist(&t, &ip, q, (size_t)(end - q));
		}
		q = end + 1;
	}
	for (size_t k = 0; k < kept; k++) {
		struct fuzz_bytes b = {(const unsigned char *)in, len};
		if (!whitelist) {
			char name[PATTERN_NAME_MAX + 1];
			const char *g = patterns[k].glob;
			size_t n;
			b.p += k, b.len -= k < len ? k : len;
			if ((n = fuzz_glob_name(name, g, strlen(g), &forms, &b)))
				query_pattern(&t, name, n, &forms);
		} else if (whites[k].kind == WHITELIST_ADDRESS) {
			struct ip ip = whites[k].net;
			query_whitelist(&t, &ip, "", 0);
			ip.b[ip.len - 1] ^= (unsigned char)(k * 37 + 1);
			query_whitelist(&t, &ip, "mail.example.org", 16);
		} else {
			char name[PATTERN_NAME_MAX + 1];
			size_t n = strlen(whites[k].name);
			query_whitelist(&t, &client, whites[k].name, n);
			if (n + 2 <= PATTERN_NAME_MAX) {
				name[0] = 'x';
				name[1] = '.';
				memcpy(name + 2, whites[k].name, n);
				query_whitelist(&t, &client, name, n + 2);
			}
		}
	}
	table_close(&t);
	return 0;
}
