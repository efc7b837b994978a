/* dnsbl: DNS block and allow lists as postscreen weighs them (-d): the
 * spec zone[=filter][*weight], the question for a client, and the score
 * and log value over the answers.  Pure: no DNS, no allocation.
 *
 *   -d zen.spamhaus.org*3 -d list.dnswl.org=127.0.[0..255].[1;2;3]*-2
 *
 * zone    a host name: labels of letters, digits, '-' and '_' (no '-' at
 *         a label's ends), 1 to 63 each, no empty label nor final dot, not
 *         all digits and dots; at most DNSBL_ZONE_MAX characters, so that
 *         an IPv6 client's 32 nibbles under it still fit DNS's 255 bytes.
 *         Kept in lower case.
 * filter  the reply addresses that count, as postscreen's (Postfix's
 *         ip_match): four fields joined by '.', each a number 0..255 or
 *         '[' terms ']', the terms ';'-separated, each a number or a range
 *         lo..hi (lo <= hi): 127.0.0.2, 127.0.0.[2..11],
 *         127.0.[0..255].[1;2;3], [127.0.0.[2;4]] (the whole pattern may
 *         be bracketed once).  No filter: any address counts.
 * weight  an integer, default 1, -DNSBL_WEIGHT_MAX..DNSBL_WEIGHT_MAX,
 *         negative for an allow list, 0 to log a list without counting it.
 *
 * A zone may be given several times with different filters and weights:
 * it is asked once, and every entry whose filter matches one of the
 * reply's addresses adds its weight, once however many match (postscreen
 * does the same).  The score is the sum of those weights. */
#ifndef DNSBL_H
#define DNSBL_H

#include <stddef.h>

#include "ip.h"

#define DNSBL_SITES_MAX  32    /* -d entries: twice the zones, for lists split by filter */
#define DNSBL_ZONES_MAX  16    /* distinct zones, one question (and socket) each */
#define DNSBL_ZONE_MAX   189   /* 32 nibble labels (64 bytes) + zone + 2 = 255 */
#define DNSBL_WEIGHT_MAX 10000 /* any sum of DNSBL_SITES_MAX weights fits an int */
#define DNSBL_ADDRS_MAX  8     /* matching addresses kept from one reply for the log */
#define DNSBL_QNAME_MAX  255   /* a question name in wire form */
#define DNSBL_ERROR_MAX  256   /* why one list failed, its zone named */
#define DNSBL_LOG_MAX    400   /* the dnsbl= value, at most, without quotes */

/* The addresses one field of a filter takes, as a set: bit v of
 * bits[v / 8] (so no limit on the number of terms). */
struct dnsbl_field {
	unsigned char bits[32];
};

struct dnsbl_site {
	char zone[DNSBL_ZONE_MAX + 1]; /* lower case, NUL-terminated */
	size_t zonelen;
	int filtered; /* 0: any address counts */
	struct dnsbl_field field[4];
	int weight;
	unsigned int zone_index; /* set by dnsbl_add: which question */
};

/* Every -d given: the sites in order, and the distinct zones, each named
 * by the first site that has it. */
struct dnsbl_config {
	struct dnsbl_site site[DNSBL_SITES_MAX];
	unsigned int nsites;
	unsigned int zone_site[DNSBL_ZONES_MAX]; /* zone k is site[zone_site[k]].zone */
	unsigned int nzones;
};

/* What one zone answered, as the question goes:
 *   DNSBL_PENDING     asked, no answer yet (the state of a zeroed answer)
 *   DNSBL_LISTED      an address of the reply matched a site's filter
 *   DNSBL_NOT_LISTED  NXDOMAIN, no address, or none that any filter takes
 *   DNSBL_FAILED      server failure, no answer in time, garbage: counts
 *                     as not listed, error says why */
enum dnsbl_state { DNSBL_PENDING, DNSBL_LISTED, DNSBL_NOT_LISTED, DNSBL_FAILED };

struct dnsbl_answer {
	enum dnsbl_state state;
	unsigned long matched;                  /* bit s: site s (of this zone) matched */
	unsigned char addr[DNSBL_ADDRS_MAX][4]; /* matching addresses, ascending, distinct */
	unsigned int naddr;
	unsigned int dropped;        /* matching addresses past DNSBL_ADDRS_MAX */
	char error[DNSBL_ERROR_MAX]; /* DNSBL_FAILED: "unable to look up ZONE: why" */
};

/* Parse one -d spec into site (zone_index 0); 1 on success, 0 with
 * *reason set (a constant text) if it is malformed. */
int dnsbl_parse(const char *spec, struct dnsbl_site *site, const char **reason);
/* 1 if the IPv4 address a (4 bytes) is one that site's filter takes. */
int dnsbl_match(const struct dnsbl_site *site, const unsigned char *a);
/* Parse spec and add it to c (zeroed before the first call), sharing the
 * question of an earlier site with the same zone; 0 with *reason set if
 * spec is malformed or there are too many sites or zones. */
int dnsbl_add(struct dnsbl_config *c, const char *spec, const char **reason);

/* Write the question for ip under zone (zonelen characters, a valid
 * zone) in wire form into out (DNSBL_QNAME_MAX bytes): the IPv4
 * address's octets reversed, or the IPv6 address's 32 nibbles reversed,
 * then the zone.  Returns its length, 0 if ip has no address. */
size_t dnsbl_qname(char *out, const char *zone, size_t zonelen, const struct ip *ip);

/* Record in a zone's answer its reply's n IPv4 addresses (4 bytes each,
 * any order) and set its state: LISTED if some site of zone matched. */
void dnsbl_answer_set(struct dnsbl_answer *a, const struct dnsbl_config *c, unsigned int zone,
		      const unsigned char *addrs, size_t n);
/* Mark a zone's answer failed: error "unable to look up ZONE: why". */
void dnsbl_answer_fail(struct dnsbl_answer *a, const struct dnsbl_config *c, unsigned int zone,
		       const char *why);
/* The score: the sum of the weights of the sites that matched; answers
 * holds c->nzones answers, in zone order. */
int dnsbl_score(const struct dnsbl_config *c, const struct dnsbl_answer *answers);
/* Write the log value "zone:address[,zone:address...]" (every matching
 * address of every listed zone, in zone order, addresses ascending) into
 * out (DNSBL_LOG_MAX + 1 bytes), NUL-terminated; empty if none matched.
 * An item that does not fit is left out with all after it, and the value
 * ends in ",..." (or is "..." alone): never a cut item.  A reply's
 * addresses past DNSBL_ADDRS_MAX are left out the same way. Returns the
 * length.  Zones and addresses need no escaping in a quoted value. */
size_t dnsbl_format(char *out, const struct dnsbl_config *c, const struct dnsbl_answer *answers);
/* Join the errors of the failed zones with "; " into out (size bytes),
 * cut to fit, NUL-terminated; returns the length, 0 if none failed. */
size_t dnsbl_format_errors(char *out, size_t size, const struct dnsbl_config *c,
			   const struct dnsbl_answer *answers);

#endif
