#include "dnsbl_query.h"

#include <string.h>

#include "dns.h"
#include "stralloc.h"

/* The reason in resolve's error "unable to look up A: reason". */
static const char *reason(const struct resolve *r)
{
	const char *colon = strstr(r->error, ": ");
	return colon ? colon + 2 : r->error;
}

/* Mark zone z failed for why, and no longer pending. */
static void fail(struct dnsbl_query *q, unsigned int z, const char *why)
{
	dnsbl_answer_fail(&q->answer[z], q->config, z, why);
	q->pending--;
}

/* Read zone z's reply, left by resolve in r->tx.packet. */
static void take(struct dnsbl_query *q, unsigned int z)
{
	struct resolve *r = &q->r[z];
	stralloc addrs = {0};
	unsigned int len = r->tx.packetlen;
	/* NXDOMAIN: not listed; resolve reports the other failure codes
	 * itself, so a reply here is NOERROR or NXDOMAIN (or garbage) */
	if (len < 12) {
		fail(q, z, "malformed answer");
	} else if ((r->tx.packet[3] & 15) == 3) {
		dnsbl_answer_set(&q->answer[z], q->config, z, 0, 0);
		q->pending--;
	} else if ((r->tx.packet[3] & 15) != 0) {
		fail(q, z, "server failure");
	} else if (dns_ip4_packet(&addrs, r->tx.packet, len) == -1) {
		fail(q, z, "malformed answer");
	} else {
		dnsbl_answer_set(&q->answer[z], q->config, z, (const unsigned char *)addrs.s,
				 addrs.len / 4);
		q->pending--;
	}
	stralloc_free(&addrs);
	resolve_stop(r);
}

unsigned int dnsbl_query_start(struct dnsbl_query *q, const struct dnsbl_config *c,
			       const struct ip *ip)
{
	q->config = c;
	q->pending = c->nzones;
	for (unsigned int z = 0; z < c->nzones; z++) {
		const struct dnsbl_site *site = &c->site[c->zone_site[z]];
		struct resolve *r = &q->r[z];
		char qname[DNSBL_QNAME_MAX];
		memset(&q->answer[z], 0, sizeof q->answer[z]);
		/* each reads the servers (libowfat keeps resolv.conf's for
		 * ten minutes) and seeds ids and ports anew */
		if (!resolve_init(r)) {
			fail(q, z, reason(r));
			continue;
		}
		if (!dnsbl_qname(qname, site->zone, site->zonelen, ip)) {
			fail(q, z, "no client address");
			continue;
		}
		/* resolve's error says "A", ours the zone: a long zone would
		 * not leave room in resolve's for the reason */
		if (!resolve_question_start(r, qname, DNS_T_A, "A"))
			fail(q, z, reason(r));
	}
	return q->pending;
}

unsigned int dnsbl_query_io(struct dnsbl_query *q, struct pollfd *p, unsigned long *deadline_ms)
{
	int first = 1;
	for (unsigned int z = 0; z < q->config->nzones; z++) {
		unsigned long deadline;
		p[z].fd = -1;
		p[z].events = 0;
		p[z].revents = 0;
		if (q->answer[z].state != DNSBL_PENDING)
			continue;
		resolve_io(&q->r[z], &p[z], &deadline);
		if (first || deadline < *deadline_ms)
			*deadline_ms = deadline;
		first = 0;
	}
	return q->config->nzones;
}

unsigned int dnsbl_query_step(struct dnsbl_query *q, const struct pollfd *p)
{
	for (unsigned int z = 0; z < q->config->nzones; z++) {
		if (q->answer[z].state != DNSBL_PENDING)
			continue;
		switch (resolve_step(&q->r[z], &p[z])) {
		case RESOLVE_PENDING: break;
		case RESOLVE_DONE: take(q, z); break;
		case RESOLVE_FAILED:
			fail(q, z, reason(&q->r[z]));
			resolve_stop(&q->r[z]);
			break;
		}
	}
	return q->pending;
}

void dnsbl_query_stop(struct dnsbl_query *q)
{
	for (unsigned int z = 0; z < q->config->nzones; z++) {
		resolve_stop(&q->r[z]);
		if (q->answer[z].state == DNSBL_PENDING)
			fail(q, z, "no answer within the time limit");
	}
}
