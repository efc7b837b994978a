/* libFuzzer target for -d (src/greetwait/dnsbl.c) and the reading of a
 * list's reply (dnsbl_query.c's take, static, so this file includes it).
 *
 * First byte even: the rest is specs, one a line, each added with
 * dnsbl_add and checked against a reference reader written apart (split
 * at '*', '=', '.' and ';' first, then each piece judged whole): accepted
 * exactly when the reference accepts it, with the same zone and weight,
 * and a filter that takes the same addresses (every value of each field,
 * and addresses taken from the input).  Then answers made of those
 * addresses: the score is the sum of the matching sites' weights, the
 * question name fits DNS, and the dnsbl= value stays within its bound,
 * ends in "..." exactly when something was left out, and else lists
 * every match.
 * First byte odd: the rest is a reply to zone 0's question: it ends in a
 * state that is no longer pending, and a listed one holds addresses. */
#include <stdint.h>

#include "../../src/greetwait/dnsbl_query.c"

#include "dns.h"
#include "fuzz.h"

/* A number 0..255 written s[0..len): digits only, any leading zeros. */
static int ref_octet(const char *s, size_t len, unsigned int *v)
{
	size_t i = 0;
	if (!len)
		return 0;
	while (i < len && s[i] == '0')
		i++;
	if (len - i > 3)
		return 0;
	*v = 0;
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (unsigned int)(s[i] - '0');
	}
	return *v <= 255;
}

/* 1 if the field s[0..len) is well formed; then in[v] says if it takes v. */
static int ref_field(const char *s, size_t len, unsigned char *in)
{
	unsigned int v, lo, hi;
	memset(in, 0, 256);
	if (len && s[0] != '[') {
		if (!ref_octet(s, len, &v))
			return 0;
		in[v] = 1;
		return 1;
	}
	if (len < 3 || s[len - 1] != ']')
		return 0;
	s++;
	len -= 2;
	for (;;) {
		const char *semi = memchr(s, ';', len);
		size_t tl = semi ? (size_t)(semi - s) : len;
		const char *dots = 0;
		for (size_t i = 0; i + 1 < tl; i++)
			if (s[i] == '.' && s[i + 1] == '.') {
				dots = s + i;
				break;
			}
		if (dots) {
			if (!ref_octet(s, (size_t)(dots - s), &lo) ||
			    !ref_octet(dots + 2, tl - (size_t)(dots - s) - 2, &hi) || lo > hi)
				return 0;
		} else if (!ref_octet(s, tl, &lo))
			return 0;
		else
			hi = lo;
		for (v = lo; v <= hi; v++)
			in[v] = 1;
		if (!semi)
			return 1;
		s = semi + 1;
		len -= tl + 1;
	}
}

/* 1 if the filter s[0..len) is well formed, with in[k][v] its sets. */
static int ref_filter(const char *s, size_t len, unsigned char in[4][256])
{
	size_t start = 0, depth = 0;
	int k = 0;
	/* bracketed whole: the first '[' closes at the very end */
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		size_t d = 0, i;
		for (i = 0; i < len; i++) {
			d += s[i] == '[';
			if (s[i] == ']' && --d == 0)
				break;
		}
		if (i == len - 1) {
			s++;
			len -= 2;
		}
	}
	if (!len)
		return 0;
	/* four fields at the dots outside brackets */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] == '[')
			depth++;
		if (i < len && s[i] == ']') {
			if (!depth)
				return 0;
			depth--;
		}
		if (i == len || (s[i] == '.' && !depth)) {
			if (k == 4 || !ref_field(s + start, i - start, in[k]))
				return 0;
			k++;
			start = i + 1;
		}
	}
	return k == 4 && !depth;
}

/* 1 if the zone s[0..len) is a host name greetwait takes. */
static int ref_zone(const char *s, size_t len)
{
	size_t start = 0;
	int digits_only = 1;
	if (!len || len > DNSBL_ZONE_MAX)
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.') {
			char c = s[i];
			if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			      (c >= '0' && c <= '9') || c == '-' || c == '_'))
				return 0;
			if (c < '0' || c > '9')
				digits_only = 0;
			continue;
		}
		if (i == start || i - start > 63 || s[start] == '-' || s[i - 1] == '-')
			return 0;
		start = i + 1;
	}
	return !digits_only;
}

/* 1 if the weight s[0..len) is an integer within bounds, into *w: a
 * sign maybe, digits only, any leading zeros. */
static int ref_weight(const char *s, size_t len, int *w)
{
	char text[16], *end;
	size_t i = 0, sign;
	long v;
	if (len && (s[0] == '-' || s[0] == '+'))
		i = 1;
	sign = i;
	if (i == len)
		return 0;
	for (size_t k = i; k < len; k++)
		if (s[k] < '0' || s[k] > '9')
			return 0;
	while (i + 1 < len && s[i] == '0')
		i++;
	if (len - i > 6)
		return 0;
	memcpy(text, s + i, len - i);
	text[len - i] = 0;
	v = strtol(text, &end, 10);
	if (*end || v > DNSBL_WEIGHT_MAX)
		return 0;
	*w = sign && s[0] == '-' ? (int)-v : (int)v;
	return 1;
}

/* The reference reading of spec: 1 if good, with its parts. */
static int ref_spec(const char *spec, size_t len, int *filtered, unsigned char in[4][256], int *w)
{
	const char *star = memchr(spec, '*', len), *eq;
	size_t head = star ? (size_t)(star - spec) : len;
	*w = 1;
	if (star && !ref_weight(star + 1, len - head - 1, w))
		return 0;
	eq = memchr(spec, '=', head);
	*filtered = eq != 0;
	if (!ref_zone(spec, eq ? (size_t)(eq - spec) : head))
		return 0;
	return !eq || ref_filter(eq + 1, head - (size_t)(eq - spec) - 1, in);
}

/* Check the specs (lines of text), then answers of the addresses. */
static void specs(const char *text, size_t len, const unsigned char *addrs, size_t naddrs)
{
	static struct dnsbl_config c;
	static struct dnsbl_answer a[DNSBL_ZONES_MAX];
	static unsigned char in[4][256];
	char spec[512], out[DNSBL_LOG_MAX + 1], qname[DNSBL_QNAME_MAX];
	size_t start = 0;
	int score = 0;
	memset(&c, 0, sizeof c);
	for (size_t i = 0; i <= len; i++) {
		const char *reason = 0;
		size_t sl = i - start;
		int filtered, w, ok, want;
		unsigned int before = c.nsites;
		if (i < len && text[i] != '\n')
			continue;
		if (sl >= sizeof spec || memchr(text + start, 0, sl)) {
			start = i + 1;
			continue;
		}
		memcpy(spec, text + start, sl);
		spec[sl] = 0;
		start = i + 1;
		want = ref_spec(spec, sl, &filtered, in, &w);
		ok = dnsbl_add(&c, spec, &reason);
		if (!ok) {
			FUZZ_CHECK(reason && *reason, "a refused spec says why");
			FUZZ_CHECK(c.nsites == before, "a refused spec adds nothing");
			FUZZ_CHECK(!want || c.nsites == DNSBL_SITES_MAX ||
				       !strcmp(reason, "more than 16 zones"),
				   "a good spec is refused only for too many lists");
			continue;
		}
		FUZZ_CHECK(want, "only a good spec is accepted");
		{
			const struct dnsbl_site *s = &c.site[before];
			FUZZ_CHECK(s->weight == w, "the weight is what the spec says");
			FUZZ_CHECK(s->filtered == filtered,
				   "a filter is there when the spec has one");
			FUZZ_CHECK(s->zonelen <= DNSBL_ZONE_MAX && s->zonelen == strlen(s->zone),
				   "the zone fits");
			FUZZ_CHECK(s->zone_index < c.nzones, "the site has a question");
			for (size_t k = 0; k < s->zonelen; k++)
				FUZZ_CHECK(
				    s->zone[k] ==
					(spec[k] >= 'A' && spec[k] <= 'Z' ? spec[k] + 32 : spec[k]),
				    "the zone is the spec's, in lower case");
			for (int f = 0; f < 4; f++)
				for (unsigned int v = 0; v < 256; v++) {
					unsigned char x[4] = {0, 0, 0, 0};
					int takes = 1;
					x[f] = (unsigned char)v;
					for (int g = 0; g < 4 && filtered; g++)
						takes &= in[g][x[g]];
					FUZZ_CHECK(dnsbl_match(s, x) == takes,
						   "the filter takes what it says");
				}
			for (size_t k = 0; k < naddrs; k++) {
				const unsigned char *x = addrs + 4 * k;
				int takes = !filtered || (in[0][x[0]] && in[1][x[1]] &&
							  in[2][x[2]] && in[3][x[3]]);
				FUZZ_CHECK(dnsbl_match(s, x) == takes,
					   "the filter takes what it says");
			}
		}
	}
	/* every zone answers with all the addresses; the score sums once */
	for (unsigned int z = 0; z < c.nzones; z++) {
		struct ip ip = {{0}, 16};
		const struct dnsbl_site *first = &c.site[c.zone_site[z]];
		size_t n;
		dnsbl_answer_set(&a[z], &c, z, addrs, naddrs);
		FUZZ_CHECK(a[z].naddr <= DNSBL_ADDRS_MAX, "kept addresses are bounded");
		FUZZ_CHECK((a[z].state == DNSBL_LISTED) == (a[z].matched != 0),
			   "listed when a site matched");
		for (unsigned int k = 1; k < a[z].naddr; k++)
			FUZZ_CHECK(memcmp(a[z].addr[k - 1], a[z].addr[k], 4) < 0,
				   "kept addresses ascend");
		memcpy(ip.b, addrs, naddrs * 4 < 16 ? naddrs * 4 : 16);
		n = dnsbl_qname(qname, first->zone, first->zonelen, &ip);
		FUZZ_CHECK(n <= DNSBL_QNAME_MAX && n == dns_domain_length(qname),
			   "an IPv6 question fits DNS");
		ip.len = 4;
		n = dnsbl_qname(qname, first->zone, first->zonelen, &ip);
		FUZZ_CHECK(n == dns_domain_length(qname), "an IPv4 question is a name");
	}
	for (unsigned int s = 0; s < c.nsites; s++)
		for (size_t k = 0; k < naddrs; k++)
			if (dnsbl_match(&c.site[s], addrs + 4 * k)) {
				score += c.site[s].weight;
				break;
			}
	FUZZ_CHECK(dnsbl_score(&c, a) == score, "the score is the sum of the matching weights");
	{
		size_t n = dnsbl_format(out, &c, a), items = 0, commas = 0;
		int dropped = 0;
		FUZZ_CHECK(n <= DNSBL_LOG_MAX && n == strlen(out), "the dnsbl= value is bounded");
		for (unsigned int z = 0; z < c.nzones; z++) {
			items += a[z].state == DNSBL_LISTED ? a[z].naddr : 0;
			dropped |= a[z].dropped != 0;
		}
		for (size_t k = 0; k < n; k++)
			commas += out[k] == ',';
		if (n >= 3 && !strcmp(out + n - 3, "..."))
			FUZZ_CHECK(dropped || commas < items,
				   "\"...\" only when something was left out");
		else
			FUZZ_CHECK(!dropped && (items ? commas + 1 : 0) == items &&
				       (n == 0) == (items == 0),
				   "every match is listed when nothing was left out");
	}
}

/* Read data as zone 0's reply through take. */
static void replied(const uint8_t *data, size_t size)
{
	static struct dnsbl_config c;
	static struct dnsbl_query q;
	const char *reason = 0;
	memset(&c, 0, sizeof c);
	memset(&q, 0, sizeof q);
	FUZZ_CHECK(dnsbl_add(&c, "bl.example=127.0.0.[2..11]", &reason), "the spec is good");
	FUZZ_CHECK(dnsbl_add(&c, "bl.example*-1", &reason), "the spec is good");
	q.config = &c;
	q.pending = 1;
	q.r[0].raw = "bl.example"; /* as resolve leaves a question's reply */
	q.r[0].tx.packet = malloc(size ? size : 1);
	if (!q.r[0].tx.packet)
		return;
	memcpy(q.r[0].tx.packet, data, size);
	q.r[0].tx.packetlen = (unsigned int)size;
	take(&q, 0);
	FUZZ_CHECK(q.pending == 0 && q.answer[0].state != DNSBL_PENDING,
		   "a reply ends the question");
	FUZZ_CHECK(!q.r[0].tx.packet, "the reply is freed");
	if (q.answer[0].state == DNSBL_LISTED)
		FUZZ_CHECK(q.answer[0].naddr >= 1 && (q.answer[0].matched & 2),
			   "listed with an address");
	if (q.answer[0].state == DNSBL_FAILED)
		FUZZ_CHECK(!strncmp(q.answer[0].error, "unable to look up bl.example: ", 30),
			   "a failure says why");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t naddrs;
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		replied(data + 1, size - 1);
		return 0;
	}
	naddrs = (size_t)(data[0] >> 1) % 9;
	if (size - 1 < naddrs * 4)
		return 0;
	specs((const char *)data + 1 + naddrs * 4, size - 1 - naddrs * 4, data + 1, naddrs);
	return 0;
}
