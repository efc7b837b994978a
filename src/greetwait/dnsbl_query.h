/* dnsbl_query: ask every zone of -d about the client at once, one
 * question (type A, one libowfat dns_transmit through resolve) per zone,
 * over the servers of $DNSCACHEIP or /etc/resolv.conf, and let the wait
 * loop poll them beside the client:
 *
 *   struct pollfd p[1 + DNSBL_ZONES_MAX];
 *   dnsbl_query_start(&q, &config, &client);
 *   while (q.pending && now < limit) {
 *           p[0] = the client's fd;
 *           n = dnsbl_query_io(&q, p + 1, &deadline);  (cap deadline at limit)
 *           poll(p, 1 + n, ...);
 *           dnsbl_query_step(&q, p + 1);
 *   }
 *   dnsbl_query_stop(&q);  (what has not answered has failed)
 *
 * Each zone's outcome is q.answer[zone] (dnsbl.h): NXDOMAIN or no address
 * is not listed; SERVFAIL (at once, without libowfat's retries), no answer
 * by dnsbl_query_stop, or a malformed reply is failed.  Nothing here
 * waits: the caller's deadline bounds every question.
 *
 * libowfat's dns allocates each question and reply (freed when the zone
 * answers or at dnsbl_query_stop) and the reply's address list; the
 * rest lives in struct dnsbl_query, whose caller keeps it static (about
 * 18 KB; struct dnsbl_config is 11 KB). */
#ifndef DNSBL_QUERY_H
#define DNSBL_QUERY_H

#include <poll.h>

#include "dnsbl.h"
#include "ip.h"
#include "resolve.h"

/* The list time limit's default: how long past the delay a list that has
 * not answered is still awaited. */
#define DNSBL_LIMIT_MS 2000

struct dnsbl_query {
	const struct dnsbl_config *config;
	struct resolve r[DNSBL_ZONES_MAX];           /* zone k's question */
	struct dnsbl_answer answer[DNSBL_ZONES_MAX]; /* zone k's outcome */
	unsigned int pending;                        /* zones still DNSBL_PENDING */
};

/* Ask every zone of c about ip; a zone that cannot be asked (no servers,
 * no socket) fails at once.  c must outlive q.  Returns q->pending. */
unsigned int dnsbl_query_start(struct dnsbl_query *q, const struct dnsbl_config *c,
			       const struct ip *ip);
/* Fill p[0 .. c->nzones) with what to poll for, zone k in p[k] (fd -1,
 * which poll ignores, for a zone no longer pending), and set *deadline_ms
 * (monotonic ms) to when dnsbl_query_step must be called anyway, for
 * libowfat's retransmissions; unchanged if nothing is pending. Returns
 * c->nzones. */
unsigned int dnsbl_query_io(struct dnsbl_query *q, struct pollfd *p, unsigned long *deadline_ms);
/* Go on after poll with p as filled by dnsbl_query_io (revents set):
 * read what arrived, retransmit what is due.  Returns q->pending. */
unsigned int dnsbl_query_step(struct dnsbl_query *q, const struct pollfd *p);
/* Give up the zones still pending: each fails, "no answer within the
 * time limit".  Frees what libowfat holds; q's answers stay. */
void dnsbl_query_stop(struct dnsbl_query *q);

#endif
