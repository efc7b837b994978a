/* nsquery: whether a domain has name servers, asked through resolve (the
 * resolvers in $DNSCACHEIP, else /etc/resolv.conf) within a time limit of
 * our own: libowfat's resolver alone retries for a minute, and through
 * resolve a server failure ends the question at once.
 * A failure is reported as a failure, never as "no name servers". */
#ifndef NSQUERY_H
#define NSQUERY_H

#include <stddef.h>

enum nsquery_answer {
	NSQUERY_FAILED,   /* no usable answer: timeout, SERVFAIL, no memory */
	NSQUERY_NXDOMAIN, /* the name does not exist */
	NSQUERY_NODATA,   /* the name exists without NS records of its own */
	NSQUERY_FOUND     /* NS records for exactly this name */
};

/* Ask for the NS records of name (len bytes, dotted, no trailing dot),
 * giving up after timeout_ms; on NSQUERY_FAILED *error says why. */
enum nsquery_answer nsquery_ask(const char *name, size_t len, unsigned long timeout_ms,
				const char **error);
/* Read a DNS reply to an NS question for the wire-format name q. */
enum nsquery_answer nsquery_parse(const char *packet, unsigned int len, const char *q);

#endif
