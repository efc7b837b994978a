#include "nsquery.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "uint16.h"

#include "clock.h"
#include "resolve.h"

enum nsquery_answer nsquery_parse(const char *packet, unsigned int len, const char *q)
{
	char header[12], rr[10];
	unsigned int pos, count, k;
	pos = dns_packet_copy(packet, len, 0, header, 12);
	if (!pos)
		return NSQUERY_FAILED;
	if ((header[3] & 15) == 3)
		return NSQUERY_NXDOMAIN;
	if (header[3] & 15)
		return NSQUERY_FAILED;
	pos = dns_packet_skipname(packet, len, pos);
	if (!pos || !(pos = dns_packet_copy(packet, len, pos, rr, 4)))
		return NSQUERY_FAILED;
	/* answers, then the authority section: an authoritative server
	 * that delegates the name names its servers there */
	count = (unsigned int)uint16_read_big(header + 6) + uint16_read_big(header + 8);
	for (k = 0; k < count; k++) {
		char *owner = 0;
		int match;
		pos = dns_packet_getname(packet, len, pos, &owner);
		if (!pos)
			return NSQUERY_FAILED;
		match = dns_domain_equal(owner, q);
		free(owner);
		pos = dns_packet_copy(packet, len, pos, rr, 10);
		if (!pos)
			return NSQUERY_FAILED;
		if (match && !memcmp(rr, DNS_T_NS, 2) && !memcmp(rr + 2, DNS_C_IN, 2))
			return NSQUERY_FOUND;
		pos += uint16_read_big(rr + 8);
		if (pos > len)
			return NSQUERY_FAILED;
	}
	return NSQUERY_NODATA;
}

enum nsquery_answer nsquery_ask(const char *name, size_t len, unsigned long timeout_ms,
				const char **error)
{
	static struct resolve r;
	unsigned long limit = clock_now_ms() + timeout_ms;
	enum resolve_status st = RESOLVE_FAILED;
	enum nsquery_answer answer = NSQUERY_FAILED;
	char *q = 0;

	*error = 0;
	if (!resolve_init(&r)) {
		*error = r.error;
		return NSQUERY_FAILED;
	}
	if (!dns_domain_fromdot(&q, name, len)) {
		*error = "out of memory";
		return NSQUERY_FAILED;
	}
	if (resolve_question_start(&r, q, DNS_T_NS, "NS")) {
		for (;;) {
			struct pollfd p;
			unsigned long deadline, now = clock_now_ms();
			if (now >= limit) {
				*error = "DNS query timed out";
				break;
			}
			resolve_io(&r, &p, &deadline);
			if (deadline > limit)
				deadline = limit;
			if (poll(&p, 1, deadline > now ? (int)(deadline - now) : 0) == -1 &&
			    errno != EINTR) {
				*error = "unable to poll";
				break;
			}
			st = resolve_step(&r, &p);
			if (st != RESOLVE_PENDING)
				break;
		}
		if (st == RESOLVE_FAILED)
			*error = r.error;
		if (st == RESOLVE_DONE &&
		    (answer = nsquery_parse(r.tx.packet, r.tx.packetlen, q)) == NSQUERY_FAILED)
			*error = "malformed DNS answer";
	} else
		*error = r.error;
	resolve_stop(&r);
	free(q);
	return answer;
}
