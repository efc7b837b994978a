/* peers: how many connections the holder holds per client address, for
 * -m's limit: an open-addressing table that grows by doubling. */
#ifndef PEERS_H
#define PEERS_H

#include <stddef.h>

#include "ip.h"

struct peer {
	struct ip ip;
	unsigned int count; /* 0: a free slot */
};

struct peers {
	struct peer *t;
	size_t size, n; /* size a power of two (or 0); n slots in use */
};

/* How many connections from ip are counted. */
unsigned int peers_count(const struct peers *p, const struct ip *ip);
/* Count one more from ip; 0 if out of memory. */
int peers_add(struct peers *p, const struct ip *ip);
/* Count one less from ip (nothing if none is counted). */
void peers_remove(struct peers *p, const struct ip *ip);

#endif
