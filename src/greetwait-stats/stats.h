/* stats: what greetwait-stats learns from the log, one record at a time.
 * stats_add takes each parsed line and keeps per-address state (one entry
 * per distinct IP) and running counts; stats_impatience and stats_retries
 * turn that state into the rows of the impatience and retry tables (with
 * a row per DNS list, and each class split by whether its addresses are
 * in a DNS list, when the log tells of lists). The
 * summary and HELO counts are read straight from struct stats. */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdint.h>
#include "hashset.h"
#include "logparse.h"
#include "logword.h"
#include "series.h"

#define STATS_HELO_DOTS     40       /* names with more dots count in the last row */
#define STATS_BUCKETS_MAX   100000   /* longer waits count in the last bucket */
#define STATS_RING          256      /* recent passes an exec-failed line may follow */
#define STATS_RETRY_COLUMNS 6        /* 1, 2, 3, 4, 5-10, more */
#define STATS_CLASS_DNSBL   "dnsbl:" /* + the zone: a list's retry class */
#define STATS_DELAYS        32       /* distinct long delays counted */
/* The upper bounds, in seconds, of the wait histogram kept for metrics:
 * the waits of the impatient connections, as Prometheus buckets. */
#define STATS_LE                                                                                   \
	{                                                                                          \
		1, 2, 5, 10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 300                             \
	}
#define STATS_NLE 14

/* 56 bytes an address (72 before issue 13's item 7: the flags were a
 * byte each and untimed a count where only whether it is 0 is asked). */
struct stats_ip {
	long long tmin, tmax; /* milliseconds */
	uint64_t whys;        /* why numbers below 64 seen for this address */
	uint32_t conns, passes, turned, turnednoptr, timed;
	int32_t classes;           /* first class node, -1 for none */
	int32_t maxwait;           /* longest impatient wait in ms, -1 for none */
	unsigned char results;     /* bit r: result r seen for this address */
	unsigned char kinds;       /* bit k: it sent early data of kind k */
	unsigned char untimed : 1; /* a line of it had no time */
	unsigned char longdelay : 1, closed : 1;
	unsigned char hasdnsbl : 1, listed : 1; /* its lines tell of DNS lists; one lists it */
	unsigned char longpassed : 1;           /* it passed after a long delay */
	unsigned char trusted : 1; /* whitelisted, allowed by a list, or a cache pass */
	unsigned char would : 1;   /* -e ignore let it through: would= */
};

struct stats_classnode {
	uint32_t cls, count;
	int32_t next;
};

struct stats_why {
	unsigned long conns, hosts;
	unsigned long results[RESULT_COUNT];
	unsigned long longhosts, patienthosts; /* kept with stats_keep_rules */
};

/* A row of the per-rule table: a why value and what became of it. */
struct stats_rule {
	const char *why;
	size_t whylen;
	const struct stats_why *w;
};

struct stats_pass {
	unsigned long pid;
	long ip, why;
	long long period; /* in the series, if inseries */
	unsigned char live, inseries, longpass;
};

struct stats {
	unsigned long shortms, widthms; /* options: short delay, bucket width */
	long long spacing;              /* option: retry spacing, milliseconds */
	struct strset ips, whys, classes, helos;
	struct stats_ip *ip; /* per address, numbered as in ips */
	size_t ipcap;
	struct stats_classnode *nodes; /* each address's list of classes */
	size_t nnodes, nodecap;
	struct stats_why *why; /* per why value, numbered as in whys */
	size_t whycap;
	struct u64set pairs; /* (why, ip) seen, for why numbers from 64 on */
	unsigned long resultconns[RESULT_COUNT], resulthosts[RESULT_COUNT];
	unsigned long lines, connections, statuslines, other, malformed, overlong, orphans;
	unsigned long longconns, longhosts, closedconns, closedhosts, turned, turnedhosts;
	unsigned long longpassconns, longpasshosts; /* passed after a long delay */
	unsigned long *waitconns;                   /* impatient connections per bucket */
	unsigned long waitle[STATS_NLE + 1];        /* ... per STATS_LE bound, the last past them */
	unsigned long long waitedms;                /* ... their waits added up */
	size_t nbuckets, bucketcap;
	unsigned long helodots[STATS_HELO_DOTS + 1], helosends, pregreets;
	unsigned long quads, doubledots, longnames, concatenated;
	unsigned long dnsbllines, listedhosts; /* lines with dnsbl=, hosts in a list */
	unsigned long rblsmtpdfollowed;        /* rblsmtpd lines after greetwait's pass */
	unsigned long wouldconns, wouldhosts;  /* -e ignore: would have been turned away */
	unsigned long kinds[LOGPARSE_KINDS], kindhosts[LOGPARSE_KINDS]; /* early data by kind= */
	struct stats_pass ring[STATS_RING];
	size_t ringpos;
	int hastime;
	long long tmin, tmax; /* milliseconds */
	struct series series; /* kept if asked for (stats_keep_series) */
	struct {
		unsigned long ms, conns;
	} delays[STATS_DELAYS]; /* the long delays given, the first STATS_DELAYS */
	size_t ndelays;
	int keeprules;       /* count hosts per why given the long delay, and patient */
	int light;           /* the impatience table alone: keep only what it needs */
	uint64_t *v4;        /* light: IPv4 address << 32 | its longest wait + 1 */
	size_t nv4, v4count; /* ... slots, and those used */
	uint32_t *otherwait; /* light: other addresses' longest wait + 1, by number */
	size_t otherwaitcap;
	unsigned int offn;  /* offenders: keep each address's offn latest turn-aways */
	uint32_t *offtimes; /* ... per address, offn times in seconds + 1, ascending */
	size_t offcap;
	struct u64set longpairs, patientpairs; /* (why, ip) of those */
};

enum stats_retrykind { STATS_RETRY_ALL, STATS_RETRY_NOPTR, STATS_RETRY_CLASS };
/* A row of a class, or of its addresses in a DNS list or not in one. */
enum stats_retrysplit { STATS_SPLIT_NONE, STATS_SPLIT_LISTED, STATS_SPLIT_UNLISTED };

struct stats_retryrow {
	int kind;         /* enum stats_retrykind */
	int split;        /* enum stats_retrysplit: the rows after their class's */
	const char *name; /* "all", "no PTR", or the class: pattern:dynamic, dnsbl:zone */
	size_t namelen;
	unsigned long ips;
	unsigned long columns[STATS_RETRY_COLUMNS];
};

void stats_init(struct stats *s, unsigned long shortms, unsigned long widthms, long long spacing);
void stats_keep_series(struct stats *s, long long periodms, long utcoffset);
void stats_keep_rules(struct stats *s);
void stats_light(struct stats *s);
int stats_quad(const char *s, size_t len, uint32_t *v);
void stats_keep_offenders(struct stats *s, unsigned int n);
int stats_add(struct stats *s, const struct logrec *rec);
void stats_fetch_slot(const struct stats *s, const struct logrec *rec);
void stats_fetch_key(const struct stats *s, const struct logrec *rec);
void stats_fetch_record(const struct stats *s, const struct logrec *rec);
int stats_rules(const struct stats *s, struct stats_rule **rows, size_t *n);
unsigned long stats_current_delay(const struct stats *s);
int stats_waits(const struct stats *s, int32_t **waits, size_t *n);
size_t stats_caught(const int32_t *waits, size_t n, unsigned long delayms);
int stats_impatience(const struct stats *s, int byconnections, unsigned long **counts, size_t *n);
int stats_retries(const struct stats *s, struct stats_retryrow **rows, size_t *n,
		  unsigned long *untimed);
int stats_retry_column(unsigned long turned);
void stats_free(struct stats *s);

#endif
