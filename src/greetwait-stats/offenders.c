/* offenders: the addresses to hand the firewall. */
#include <stdlib.h>
#include <string.h>
#include "offenders.h"

/* Order by family, then address. */
static int byaddress(const void *x, const void *y)
{
	const struct offender *a = x, *b = y;
	if (a->ip.len != b->ip.len)
		return a->ip.len < b->ip.len ? -1 : 1;
	return memcmp(a->ip.b, b->ip.b, a->ip.len);
}

/* The offenders of the window of windowms before the latest line;
 * *list is malloc'd.  An address text that is no address (a damaged
 * line's) is never one. */
int offenders_list(const struct stats *s, long long windowms, struct offender **list, size_t *n)
{
	const uint32_t *t;
	char text[IP_FMT];
	const char *key;
	long long cutoff = s->tmax / 1000 - windowms / 1000;
	size_t i, len;

	*n = 0;
	if (!(*list = malloc((s->ips.count ? s->ips.count : 1) * sizeof **list)))
		return -1;
	if (!s->offn || !s->hastime)
		return 0;
	for (i = 0; i < s->ips.count && (i + 1) * s->offn <= s->offcap; ++i) {
		t = s->offtimes + i * s->offn;
		if (!t[0] || (long long)t[0] - 1 < cutoff || s->ip[i].trusted)
			continue;
		key = strset_key(&s->ips, i, &len);
		if (len >= sizeof text)
			continue;
		memcpy(text, key, len);
		text[len] = 0;
		if (!ip_parse(&(*list)[*n].ip, text))
			continue;
		(*list)[*n].turned = s->ip[i].turned;
		(*list)[*n].last = ((long long)t[s->offn - 1] - 1) * 1000;
		++*n;
	}
	qsort(*list, *n, sizeof **list, byaddress);
	return 0;
}

/* Write the IPv4 offenders as an rbldns data file: the answer and its
 * text first, then an address a line; -1 on a write error. */
int offenders_rbldns(FILE *f, const struct offender *list, size_t n, long long windowms)
{
	char text[IP_FMT];
	size_t i;
	fprintf(f,
		"# greetwait-stats: addresses turned away repeatedly in the %lld s before the "
		"log's last line\n"
		":127.0.0.2:Turned away repeatedly by greetwait: $\n",
		windowms / 1000);
	for (i = 0; i < n; ++i)
		if (list[i].ip.len == 4) {
			ip_format(text, &list[i].ip);
			fprintf(f, "%s\n", text);
		}
	return ferror(f) ? -1 : 0;
}
