#include "resolve.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>

#include "case.h"
#include "clock.h"
#include "message.h"
#include "stralloc.h"
#include "taia.h"

#define NO_DEADLINE 100000 /* seconds: libowfat lowers it to its own */

static const char localip[16];

/* Set r->error to "unable to look up what: reason". */
static void fail(struct resolve *r, const char *what, const char *reason)
{
	const char *parts[] = {"unable to look up ", what, ": ", reason};
	message_join(r->error, sizeof r->error, parts, sizeof parts / sizeof parts[0]);
}

/* What the current query asks, for messages. */
static const char *asked(const struct resolve *r)
{
	if (r->raw)
		return r->raw;
	if (!r->forward)
		return "PTR";
	return r->client.len == 4 ? "A" : "AAAA";
}

int resolve_init(struct resolve *r)
{
	char seed[128];
	memset(&r->tx, 0, sizeof r->tx);
	r->busy = 0;
	r->raw = 0;
	r->namelen = 0;
	r->cut = 0;
	r->confirmed = 0;
	r->error[0] = 0;
	/* unpredictable query ids and ports: a forged answer must guess them */
	if (getrandom(seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed) {
		struct taia now;
		taia_now(&now);
		memcpy(seed, &now, sizeof now < sizeof seed ? sizeof now : sizeof seed);
	}
	dns_random_init(seed);
	if (dns_resolvconfip(r->servers) == -1) {
		fail(r, "servers", "unable to read /etc/resolv.conf");
		return 0;
	}
	return 1;
}

/* Start a query for the domain q (wire form) of type qtype. */
static int start(struct resolve *r, const char *q, const char *qtype)
{
	if (dns_transmit_start(&r->tx, r->servers, 1, q, qtype, localip) == -1) {
		fail(r, asked(r), strerror(errno));
		return 0;
	}
	r->busy = 1;
	return 1;
}

int resolve_question_start(struct resolve *r, const char *q, const char *qtype, const char *what)
{
	r->raw = what;
	return start(r, q, qtype);
}

int resolve_ptr_start(struct resolve *r, const struct ip *ip)
{
	char q[DNS_NAME6_DOMAIN];
	r->client = *ip;
	r->forward = 0;
	r->raw = 0;
	if (ip->len == 4)
		dns_name4_domain(q, (const char *)ip->b);
	else
		dns_name6_domain(q, (const char *)ip->b);
	return start(r, q, DNS_T_PTR);
}

int resolve_forward_start(struct resolve *r)
{
	char *q = 0;
	int ok = 0;
	r->forward = 1;
	r->raw = 0;
	r->confirmed = 0;
	/* at most 255 bytes in wire form, labels of 63: a name that does not
	 * fit is not asked, and so never confirmed */
	errno = 0;
	if (r->namelen && !r->cut && dns_domain_fromdot(&q, r->name, r->namelen) &&
	    dns_domain_length(q) <= 255)
		ok = start(r, q, r->client.len == 4 ? DNS_T_A : DNS_T_AAAA);
	else
		fail(r, asked(r), errno == ENOMEM ? "out of memory" : "name too long for DNS");
	dns_domain_free(&q);
	return ok;
}

void resolve_io(struct resolve *r, struct pollfd *p, unsigned long *deadline_ms)
{
	struct taia now, deadline, left;
	taia_now(&now);
	taia_uint(&deadline, NO_DEADLINE);
	taia_add(&deadline, &deadline, &now);
	dns_transmit_io(&r->tx, p, &deadline);
	p->revents = 0;
	if (taia_less(&deadline, &now))
		*deadline_ms = clock_now_ms();
	else {
		taia_sub(&left, &deadline, &now);
		*deadline_ms = clock_now_ms() + (unsigned long)(taia_approx(&left) * 1000.0) + 1;
	}
}

/* 1 if the reply waiting on the UDP socket reports a server failure for
 * our query: libowfat would silently wait and retry for many seconds. */
static int server_failed(const struct resolve *r, int fd)
{
	unsigned char head[4];
	if (r->tx.tcpstate != 0 || !r->tx.query)
		return 0;
	if (recv(fd, head, sizeof head, MSG_PEEK | MSG_DONTWAIT) != (ssize_t)sizeof head)
		return 0;
	if (memcmp(head, r->tx.query + 2, 2) || !(head[2] & 0x80))
		return 0;
	return (head[3] & 15) != 0 && (head[3] & 15) != 3;
}

/* Copy the first PTR name of the answer into r->name, lower case. */
static int take_name(struct resolve *r)
{
	stralloc out = {0};
	size_t n;
	if (dns_name_packet(&out, r->tx.packet, r->tx.packetlen) == -1) {
		stralloc_free(&out);
		fail(r, asked(r), "malformed answer");
		return 0;
	}
	n = out.len;
	while (n && out.s[n - 1] == '.')
		n--;
	/* escaped bytes (\ooo) make a name up to four times as long */
	r->cut = n > RESOLVE_NAME_MAX;
	if (r->cut)
		n = RESOLVE_NAME_MAX;
	memcpy(r->name, out.s, n);
	case_lowerb(r->name, n);
	r->name[n] = 0;
	r->namelen = n;
	stralloc_free(&out);
	return 1;
}

/* Set r->confirmed if the answer lists the client's address. */
static int take_addresses(struct resolve *r)
{
	stralloc out = {0};
	size_t step = r->client.len;
	int ok = r->client.len == 4 ? dns_ip4_packet(&out, r->tx.packet, r->tx.packetlen)
				    : dns_ip6_packet(&out, r->tx.packet, r->tx.packetlen);
	if (ok == -1) {
		stralloc_free(&out);
		fail(r, asked(r), "malformed answer");
		return 0;
	}
	for (size_t i = 0; i + step <= out.len; i += step)
		if (!memcmp(out.s + i, r->client.b, step))
			r->confirmed = 1;
	stralloc_free(&out);
	return 1;
}

/* Why dns_transmit_get gave up: libowfat says EAGAIN for a server failure. */
static const char *transmit_error(int e)
{
	if (e == ETIMEDOUT)
		return "timed out";
	return e == EAGAIN ? "server failure" : strerror(e);
}

enum resolve_status resolve_step(struct resolve *r, const struct pollfd *p)
{
	struct taia now;
	int got;
	if (!r->busy)
		return RESOLVE_FAILED;
	if ((p->revents & POLLIN) && server_failed(r, p->fd)) {
		fail(r, asked(r), "server failure");
		resolve_stop(r);
		return RESOLVE_FAILED;
	}
	taia_now(&now);
	got = dns_transmit_get(&r->tx, p, &now);
	if (got == 0)
		return RESOLVE_PENDING;
	r->busy = 0;
	if (got == -1) {
		fail(r, asked(r), transmit_error(errno));
		dns_transmit_free(&r->tx);
		return RESOLVE_FAILED;
	}
	if (r->raw)
		return RESOLVE_DONE; /* the caller reads the reply, then resolve_stop */
	got = r->forward ? take_addresses(r) : take_name(r);
	dns_transmit_free(&r->tx);
	return got ? RESOLVE_DONE : RESOLVE_FAILED;
}

void resolve_stop(struct resolve *r)
{
	if (r->busy || r->raw)
		dns_transmit_free(&r->tx);
	r->busy = 0;
	r->raw = 0;
}
