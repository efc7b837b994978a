/* offenders: the addresses to hand the firewall.  An address is an
 * offender when it was turned away at least n times (stats_keep_offenders)
 * in the window that ends at the log's latest line, and no line trusts
 * it (whitelist, env, relayclient, an allow list, the pass cache).
 * Written as plain lines, one canonical address each, or as rbldns data
 * (IPv4 only: rbldns has no IPv6), sorted by address. */
#ifndef OFFENDERS_H
#define OFFENDERS_H

#include <stdio.h>
#include "ip.h"
#include "stats.h"

struct offender {
	struct ip ip;
	unsigned long turned; /* turn-aways in the whole log */
	long long last;       /* the latest, ms since the epoch */
};

int offenders_list(const struct stats *s, long long windowms, struct offender **list, size_t *n);
int offenders_rbldns(FILE *f, const struct offender *list, size_t n, long long windowms);

#endif
