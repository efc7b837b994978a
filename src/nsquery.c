#include "nsquery.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "dns.h"
#include "iopause.h"
#include "ip6.h"
#include "taia.h"
#include "uint16.h"

/* Seed libowfat's query ids and ports once, so that a forged reply must guess them. */
static void seed(void)
{
	static int done;
	char data[128];
	if (done)
		return;
	done = 1;
	memset(data, 0, sizeof data);
	if (getrandom(data, sizeof data, GRND_NONBLOCK) == -1) {
		pid_t pid = getpid();
		memcpy(data, &pid, sizeof pid);
	}
	dns_random_init(data);
}

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
	count = (unsigned int)(unsigned char)header[6] << 8 | (unsigned char)header[7];
	count += (unsigned int)(unsigned char)header[8] << 8 | (unsigned char)header[9];
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
		pos += (unsigned int)(unsigned char)rr[8] << 8 | (unsigned char)rr[9];
		if (pos > len)
			return NSQUERY_FAILED;
	}
	return NSQUERY_NODATA;
}

enum nsquery_answer nsquery_ask(const char *name, size_t len, unsigned long timeout_ms,
				const char **error)
{
	static struct dns_transmit tx;
	char servers[256];
	char *q = 0;
	struct taia stamp, limit, deadline;
	iopause_fd x;
	enum nsquery_answer answer;
	int r;

	*error = 0;
	seed();
	if (dns_resolvconfip(servers) == -1) {
		*error = "unable to read resolver addresses";
		return NSQUERY_FAILED;
	}
	if (!dns_domain_fromdot(&q, name, len)) {
		*error = "out of memory";
		return NSQUERY_FAILED;
	}
	taia_now(&stamp);
	taia_uint(&limit, (unsigned int)(timeout_ms / 1000));
	limit.nano = (unsigned long)(timeout_ms % 1000) * 1000000UL; /* no taia call takes ms */
	taia_add(&limit, &limit, &stamp);
	if (dns_transmit_start(&tx, servers, 1, q, DNS_T_NS, V6any) == -1) {
		free(q);
		*error = "unable to send a DNS query";
		return NSQUERY_FAILED;
	}
	for (;;) {
		taia_now(&stamp);
		if (!taia_less(&stamp, &limit)) {
			r = -1;
			*error = "DNS query timed out";
			break;
		}
		deadline = limit;
		dns_transmit_io(&tx, &x, &deadline);
		iopause(&x, 1, &deadline, &stamp);
		r = dns_transmit_get(&tx, &x, &stamp);
		if (r == 1)
			break;
		if (r == -1) {
			*error = errno == ETIMEDOUT ? "DNS query timed out" : "no DNS answer";
			break;
		}
	}
	answer = r == 1 ? nsquery_parse(tx.packet, tx.packetlen, q) : NSQUERY_FAILED;
	if (r == 1 && answer == NSQUERY_FAILED)
		*error = "malformed DNS answer";
	dns_transmit_free(&tx);
	free(q);
	return answer;
}
