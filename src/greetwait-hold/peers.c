#include "peers.h"

#include <stdlib.h>
#include <string.h>

/* FNV-1a over the address bytes. */
static size_t hash(const struct ip *ip)
{
	size_t h = 2166136261u;
	for (unsigned int k = 0; k < ip->len; k++)
		h = (h ^ ip->b[k]) * 16777619u;
	return h;
}

static int same(const struct ip *a, const struct ip *b)
{
	return a->len == b->len && !memcmp(a->b, b->b, a->len);
}

/* The slot of ip, or the free slot where it would go (size > 0). */
static size_t slot(const struct peers *p, const struct ip *ip)
{
	size_t k = hash(ip) & (p->size - 1);
	while (p->t[k].count && !same(&p->t[k].ip, ip))
		k = (k + 1) & (p->size - 1);
	return k;
}

unsigned int peers_count(const struct peers *p, const struct ip *ip)
{
	return p->size ? p->t[slot(p, ip)].count : 0;
}

/* Double the table; 0 if out of memory. */
static int grow(struct peers *p)
{
	struct peers bigger = {calloc(p->size ? p->size * 2 : 256, sizeof(struct peer)),
			       p->size ? p->size * 2 : 256, p->n};
	if (!bigger.t)
		return 0;
	for (size_t k = 0; k < p->size; k++)
		if (p->t[k].count)
			bigger.t[slot(&bigger, &p->t[k].ip)] = p->t[k];
	free(p->t);
	*p = bigger;
	return 1;
}

int peers_add(struct peers *p, const struct ip *ip)
{
	size_t k;
	if ((p->n + 1) * 2 > p->size && !grow(p))
		return 0;
	k = slot(p, ip);
	if (!p->t[k].count) {
		p->t[k].ip = *ip;
		p->n++;
	}
	p->t[k].count++;
	return 1;
}

void peers_remove(struct peers *p, const struct ip *ip)
{
	size_t k, next, home;
	if (!p->size || !p->t[k = slot(p, ip)].count || --p->t[k].count)
		return;
	p->n--;
	/* close the gap: move up each later entry of the run that may */
	for (next = (k + 1) & (p->size - 1); p->t[next].count; next = (next + 1) & (p->size - 1)) {
		home = hash(&p->t[next].ip) & (p->size - 1);
		/* next may fill k if its home is not in (k, next] */
		if ((next > k && (home <= k || home > next)) ||
		    (next < k && home <= k && home > next)) {
			p->t[k] = p->t[next];
			p->t[next].count = 0;
			k = next;
		}
	}
}
