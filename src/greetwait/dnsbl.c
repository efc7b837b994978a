#include "dnsbl.h"

#include <string.h>

#include "fmt.h"
#include "message.h"

/* 1 if c may stand in a zone's label. */
static int label_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

/* Check the zone s[0..len) as Postfix's valid_hostname would and copy it
 * into site in lower case; 0 with *reason set if it is no host name. */
static int parse_zone(const char *s, size_t len, struct dnsbl_site *site, const char **reason)
{
	size_t label = 0;
	int numeric = 1;
	if (!len) {
		*reason = "empty zone";
		return 0;
	}
	if (len > DNSBL_ZONE_MAX) {
		*reason = "zone longer than 189 characters";
		return 0;
	}
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '.') {
			if (!label || i + 1 == len) {
				*reason = "empty label in zone";
				return 0;
			}
			if (s[i - 1] == '-') {
				*reason = "label ends in '-' in zone";
				return 0;
			}
			site->zone[i] = '.';
			label = 0;
			continue;
		}
		if (!label_char(c)) {
			*reason = "bad character in zone";
			return 0;
		}
		if (c == '-' && !label) {
			*reason = "label starts with '-' in zone";
			return 0;
		}
		if (++label > 63) {
			*reason = "label longer than 63 in zone";
			return 0;
		}
		if (c < '0' || c > '9')
			numeric = 0;
		site->zone[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	if (s[len - 1] == '-') {
		*reason = "label ends in '-' in zone";
		return 0;
	}
	if (numeric) {
		*reason = "zone is all digits: an address, not a zone";
		return 0;
	}
	site->zone[len] = 0;
	site->zonelen = len;
	return 1;
}

/* Read a number 0..255 at s[*i..len); 0 if there is none or it is larger. */
static int octet(const char *s, size_t len, size_t *i, unsigned int *v)
{
	size_t start = *i;
	*v = 0;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		*v = *v * 10 + (unsigned int)(s[*i] - '0');
		if (*v > 255)
			return 0;
		(*i)++;
	}
	return *i > start;
}

/* Parse one field of a filter at s[*i..len) into f. */
static int field(const char *s, size_t len, size_t *i, struct dnsbl_field *f, const char **reason)
{
	unsigned int lo, hi;
	memset(f->bits, 0, sizeof f->bits);
	if (*i < len && s[*i] != '[') {
		if (!octet(s, len, i, &lo)) {
			*reason = "filter: need a number 0..255 or '['";
			return 0;
		}
		f->bits[lo / 8] |= (unsigned char)(1u << lo % 8);
		return 1;
	}
	if (*i >= len) {
		*reason = "filter: need four fields";
		return 0;
	}
	(*i)++;
	for (;;) {
		if (!octet(s, len, i, &lo)) {
			*reason = "filter: need a number 0..255 in [...]";
			return 0;
		}
		hi = lo;
		if (*i < len && s[*i] == '.') {
			if (*i + 1 >= len || s[*i + 1] != '.') {
				*reason = "filter: a range is lo..hi";
				return 0;
			}
			*i += 2;
			if (!octet(s, len, i, &hi) || hi < lo) {
				*reason = "filter: a range is lo..hi, lo <= hi <= 255";
				return 0;
			}
		}
		for (unsigned int v = lo; v <= hi; v++)
			f->bits[v / 8] |= (unsigned char)(1u << v % 8);
		if (*i < len && s[*i] == ';') {
			(*i)++;
			continue;
		}
		if (*i < len && s[*i] == ']') {
			(*i)++;
			return 1;
		}
		*reason = "filter: need ';' or ']'";
		return 0;
	}
}

/* Parse the four fields of s[0..len) into site's filter. */
static int fields(const char *s, size_t len, struct dnsbl_site *site, const char **reason)
{
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		if (k) {
			if (i >= len || s[i] != '.') {
				*reason =
				    i >= len ? "filter: need four fields" : "filter: need '.'";
				return 0;
			}
			i++;
		}
		if (!field(s, len, &i, &site->field[k], reason))
			return 0;
	}
	if (i != len) {
		*reason = "filter: garbage after four fields";
		return 0;
	}
	return 1;
}

/* Parse the filter s[0..len), maybe bracketed whole as Postfix allows:
 * the first '[' closes at the end. */
static int parse_filter(const char *s, size_t len, struct dnsbl_site *site, const char **reason)
{
	if (len && s[0] == '[' && s[len - 1] == ']') {
		size_t level = 0, i;
		for (i = 0; i < len; i++) {
			if (s[i] == '[')
				level++;
			else if (s[i] == ']' && --level == 0)
				break;
		}
		if (i == len - 1) {
			s++;
			len -= 2;
		}
	}
	if (!len) {
		*reason = "empty filter";
		return 0;
	}
	return fields(s, len, site, reason);
}

/* Parse the weight s[0..len): an optional sign and 1 to 5 digits. */
static int parse_weight(const char *s, size_t len, int *weight, const char **reason)
{
	size_t i = 0;
	long v = 0;
	int negative = 0;
	if (i < len && (s[i] == '-' || s[i] == '+'))
		negative = s[i++] == '-';
	if (i == len) {
		*reason = "weight: need an integer";
		return 0;
	}
	for (; i < len; i++) {
		if (s[i] < '0' || s[i] > '9') {
			*reason = "weight: need an integer";
			return 0;
		}
		v = v * 10 + (s[i] - '0');
		if (v > DNSBL_WEIGHT_MAX) {
			*reason = "weight: beyond -10000..10000";
			return 0;
		}
	}
	*weight = negative ? (int)-v : (int)v;
	return 1;
}

int dnsbl_parse(const char *spec, struct dnsbl_site *site, const char **reason)
{
	size_t len = strlen(spec);
	const char *star = memchr(spec, '*', len);
	size_t head = star ? (size_t)(star - spec) : len;
	const char *eq = memchr(spec, '=', head);
	size_t zonelen = eq ? (size_t)(eq - spec) : head;
	memset(site, 0, sizeof *site);
	site->weight = 1;
	/* as postscreen: the weight after the first '*', then the filter
	 * after the first '=' before it */
	if (star && !parse_weight(star + 1, len - head - 1, &site->weight, reason))
		return 0;
	if (!parse_zone(spec, zonelen, site, reason))
		return 0;
	if (eq) {
		site->filtered = 1;
		if (!parse_filter(eq + 1, head - zonelen - 1, site, reason))
			return 0;
	}
	return 1;
}

int dnsbl_match(const struct dnsbl_site *site, const unsigned char *a)
{
	if (!site->filtered)
		return 1;
	for (int k = 0; k < 4; k++)
		if (!(site->field[k].bits[a[k] / 8] & (1u << a[k] % 8)))
			return 0;
	return 1;
}

int dnsbl_add(struct dnsbl_config *c, const char *spec, const char **reason)
{
	struct dnsbl_site *site;
	unsigned int z;
	if (c->nsites >= DNSBL_SITES_MAX) {
		*reason = "more than 32 lists";
		return 0;
	}
	site = &c->site[c->nsites];
	if (!dnsbl_parse(spec, site, reason))
		return 0;
	for (z = 0; z < c->nzones; z++) {
		const struct dnsbl_site *first = &c->site[c->zone_site[z]];
		if (first->zonelen == site->zonelen &&
		    !memcmp(first->zone, site->zone, site->zonelen))
			break;
	}
	if (z == c->nzones) {
		if (c->nzones >= DNSBL_ZONES_MAX) {
			*reason = "more than 16 zones";
			return 0;
		}
		c->zone_site[c->nzones++] = c->nsites;
	}
	site->zone_index = z;
	c->nsites++;
	return 1;
}

size_t dnsbl_qname(char *out, const char *zone, size_t zonelen, const struct ip *ip)
{
	size_t n = 0, label = 0;
	if (ip->len == 4)
		for (int k = 3; k >= 0; k--) {
			size_t d = fmt_ulong(out + n + 1, ip->b[k]);
			out[n] = (char)d;
			n += 1 + d;
		}
	else if (ip->len == 16)
		for (int k = 31; k >= 0; k--) {
			out[n++] = 1;
			out[n++] = fmt_tohex((char)(k % 2 ? ip->b[k / 2] & 15 : ip->b[k / 2] >> 4));
		}
	else
		return 0;
	/* the zone's labels, each after its length byte: not dns_domain_fromdot,
	 * which allocates, once per list on every connection */
	for (size_t i = 0; i <= zonelen; i++) {
		if (i == zonelen || zone[i] == '.') {
			out[n] = (char)label;
			memcpy(out + n + 1, zone + i - label, label);
			n += 1 + label;
			label = 0;
		} else
			label++;
	}
	out[n++] = 0;
	return n;
}

/* Compare two IPv4 addresses as numbers. */
static int addr_cmp(const unsigned char *a, const unsigned char *b) { return memcmp(a, b, 4); }

/* Keep address x in a's ascending list of matches, once. */
static void keep(struct dnsbl_answer *a, const unsigned char *x)
{
	unsigned int k = 0;
	while (k < a->naddr && addr_cmp(a->addr[k], x) < 0)
		k++;
	if (k < a->naddr && !addr_cmp(a->addr[k], x))
		return;
	if (a->naddr == DNSBL_ADDRS_MAX) {
		/* full: the largest goes, the kept ones stay the smallest */
		a->dropped++;
		if (k == DNSBL_ADDRS_MAX)
			return;
		a->naddr--;
	}
	memmove(a->addr[k + 1], a->addr[k], (a->naddr - k) * 4);
	memcpy(a->addr[k], x, 4);
	a->naddr++;
}

void dnsbl_answer_set(struct dnsbl_answer *a, const struct dnsbl_config *c, unsigned int zone,
		      const unsigned char *addrs, size_t n)
{
	memset(a, 0, sizeof *a);
	for (size_t i = 0; i < n; i++) {
		const unsigned char *x = addrs + 4 * i;
		int any = 0;
		for (unsigned int s = 0; s < c->nsites; s++)
			if (c->site[s].zone_index == zone && dnsbl_match(&c->site[s], x)) {
				a->matched |= 1UL << s;
				any = 1;
			}
		if (any)
			keep(a, x);
	}
	a->state = a->matched ? DNSBL_LISTED : DNSBL_NOT_LISTED;
}

void dnsbl_answer_fail(struct dnsbl_answer *a, const struct dnsbl_config *c, unsigned int zone,
		       const char *why)
{
	const char *parts[] = {"unable to look up ", c->site[c->zone_site[zone]].zone, ": ", why};
	memset(a, 0, sizeof *a);
	a->state = DNSBL_FAILED;
	message_join(a->error, sizeof a->error, parts, sizeof parts / sizeof parts[0]);
}

int dnsbl_score(const struct dnsbl_config *c, const struct dnsbl_answer *answers)
{
	int score = 0;
	for (unsigned int s = 0; s < c->nsites; s++) {
		const struct dnsbl_answer *a = &answers[c->site[s].zone_index];
		if (a->state == DNSBL_LISTED && (a->matched & (1UL << s)))
			score += c->site[s].weight;
	}
	return score;
}

/* Write the item "zone:address" for answer z's k-th address into out
 * (DNSBL_ZONE_MAX + 17 bytes); returns its length. */
static size_t item(char *out, const struct dnsbl_config *c, const struct dnsbl_answer *answers,
		   unsigned int z, unsigned int k)
{
	const struct dnsbl_site *site = &c->site[c->zone_site[z]];
	struct ip ip = {{0}, 4};
	size_t n = site->zonelen;
	memcpy(out, site->zone, n);
	out[n++] = ':';
	memcpy(ip.b, answers[z].addr[k], 4);
	return n + ip_format(out + n, &ip);
}

size_t dnsbl_format(char *out, const struct dnsbl_config *c, const struct dnsbl_answer *answers)
{
	char one[DNSBL_ZONE_MAX + 17];
	size_t total = 0, n = 0, room;
	int cut = 0;
	/* the whole value if it fits; else room for ",..." is kept */
	for (unsigned int z = 0; z < c->nzones; z++)
		if (answers[z].state == DNSBL_LISTED) {
			for (unsigned int k = 0; k < answers[z].naddr; k++)
				total += (total ? 1 : 0) + item(one, c, answers, z, k);
			cut |= answers[z].dropped != 0;
		}
	room = total <= DNSBL_LOG_MAX && !cut ? DNSBL_LOG_MAX : DNSBL_LOG_MAX - 4;
	for (unsigned int z = 0; z < c->nzones; z++) {
		if (answers[z].state != DNSBL_LISTED)
			continue;
		for (unsigned int k = 0; k < answers[z].naddr; k++) {
			size_t len = item(one, c, answers, z, k), sep = n ? 1 : 0;
			if (n + sep + len > room) {
				cut = 1;
				goto done;
			}
			if (sep)
				out[n++] = ',';
			memcpy(out + n, one, len);
			n += len;
		}
	}
done:
	if (cut) {
		if (n)
			out[n++] = ',';
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = 0;
	return n;
}

size_t dnsbl_format_errors(char *out, size_t size, const struct dnsbl_config *c,
			   const struct dnsbl_answer *answers)
{
	size_t n = 0;
	if (!size)
		return 0;
	out[0] = 0;
	for (unsigned int z = 0; z < c->nzones; z++) {
		const char *parts[] = {n ? "; " : "", answers[z].error};
		if (answers[z].state != DNSBL_FAILED)
			continue;
		n += message_join(out + n, size - n, parts, 2);
	}
	return n;
}
