/* resolve: greetwait's own DNS (-r), over libowfat's dns_transmit, so that
 * a lookup runs while the wait runs: the client's PTR name, and whether a
 * name resolves forward to the client (FCrDNS).  Servers come from
 * $DNSCACHEIP or /etc/resolv.conf (port 53, as libowfat always uses).
 * "No PTR" (NXDOMAIN, or no PTR record) is an answer; "DNS failed"
 * (SERVFAIL or any other server failure, no answer in time) is not.
 *
 * libowfat's dns allocates: a forward name's wire form
 * (dns_domain_fromdot), the query (dns_transmit_start), the reply
 * (dns_transmit_get), the answers' strallocs and owner names
 * (dns_name_packet, dns_ip4_packet, dns_ip6_packet) and resolv.conf's text
 * (dns_resolvconfip): a few small blocks in a short-lived process. */
#ifndef RESOLVE_H
#define RESOLVE_H

#include <poll.h>
#include <stddef.h>

#include "dns.h"
#include "ip.h"

#define RESOLVE_ERROR_MAX 200
#define RESOLVE_NAME_MAX  255 /* a PTR name longer than this is cut, and never trusted */

enum resolve_status { RESOLVE_PENDING, RESOLVE_DONE, RESOLVE_FAILED };

struct resolve {
	struct dns_transmit tx;
	char servers[256];
	int busy;        /* a query is under way */
	int forward;     /* it asks for the client's address, not its PTR */
	const char *raw; /* else the type asked by resolve_question_start */
	struct ip client;
	char name[RESOLVE_NAME_MAX + 1]; /* the PTR name, lower case, no final dot */
	size_t namelen;                  /* 0: no PTR */
	int cut;                         /* the PTR name was longer: only its start is in name */
	int confirmed;                   /* the forward lookup found the client */
	char error[RESOLVE_ERROR_MAX];   /* why a lookup failed */
};

/* Find the servers and seed the query ids; 0 (error set) if there are none. */
int resolve_init(struct resolve *r);
/* Start looking up the PTR name of ip; 0 (error set) on failure. */
int resolve_ptr_start(struct resolve *r, const struct ip *ip);
/* Start looking up r->name's A (IPv4 client) or AAAA records; 0 (error
 * set) on failure, such as a name too long for DNS. */
int resolve_forward_start(struct resolve *r);
/* Start asking any question: q in wire form, qtype one of dns.h's DNS_T_*,
 * what its name in messages ("NS"); on RESOLVE_DONE the reply is in
 * r->tx.packet (r->tx.packetlen bytes) until resolve_stop.  0 on failure. */
int resolve_question_start(struct resolve *r, const char *q, const char *qtype, const char *what);
/* What to poll for, and by when (monotonic ms) to call resolve_step anyway. */
void resolve_io(struct resolve *r, struct pollfd *p, unsigned long *deadline_ms);
/* Go on after poll: RESOLVE_PENDING, RESOLVE_DONE (name or confirmed set),
 * or RESOLVE_FAILED (error set). */
enum resolve_status resolve_step(struct resolve *r, const struct pollfd *p);
/* Give up a query still under way, or free a question's reply. */
void resolve_stop(struct resolve *r);

#endif
