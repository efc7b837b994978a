/* logparse: read one greetwait log line, whatever carried it there.
 * Recognises plain lines, multilog's @tai64n prefix, tai64nlocal output,
 * BSD syslog (Nov 23 19:01:50 host greetwait[812]: ...) and RFC 3339
 * syslog; unescapes the quoted data= value; says whether the line is a
 * connection, a status line (no result=), malformed, or someone else's.
 * rblsmtpd's own lines, in the same carriers, read as connections it
 * turned away, with why= LOGPARSE_WHY_RBLSMTPD.
 * A pure function of the line and the clock context: no allocation. */
#ifndef LOGPARSE_H
#define LOGPARSE_H

#include <stddef.h>

#include "logword.h"

/* Longest data= value kept, unescaped; greetwait logs at most 100 bytes. */
#define LOGPARSE_DATA_MAX 1024
/* The why of a connection rblsmtpd turned away (rblsmtpd logs no why). */
#define LOGPARSE_WHY_RBLSMTPD "rblsmtpd"
/* Longest zone in a dnsbl= value: a DNS name is at most 253 bytes. */
#define LOGPARSE_ZONE_MAX 255

enum logkind { LOG_OTHER, LOG_CONNECTION, LOG_STATUS, LOG_MALFORMED };

/* What the timestamp formats that lack it need: the year for BSD syslog,
 * the local zone's offset east of UTC for tai64nlocal and BSD syslog. */
struct logclock {
	int year;
	long utcoffset;
};

struct logrec {
	int kind;       /* enum logkind */
	int hastime;    /* time is known: the line had a timestamp */
	long long time; /* milliseconds since the Unix epoch, UTC */
	unsigned long pid;
	const char *ip; /* points into the line */
	size_t iplen;
	const char *why; /* points into the line */
	size_t whylen;
	int hostempty;        /* host="": no PTR name */
	unsigned long delay;  /* milliseconds */
	unsigned long waited; /* milliseconds */
	enum log_result result;
	int hasdnsbl;      /* dnsbl= and score= were there: greetwait ran with -d */
	const char *dnsbl; /* the dnsbl= value between its quotes, in the line */
	size_t dnsbllen;
	long score;
	int would;    /* -e ignore: 1 + the result would= names, 0 without it */
	int early;    /* kind=: 1 + its index in logparse_kinds, 0 without it */
	int rblsmtpd; /* rblsmtpd's line: 451 is tempfail, 553 reject */
	int hasdata;
	size_t datalen;
	char data[LOGPARSE_DATA_MAX]; /* unescaped, cut at LOGPARSE_DATA_MAX */
};

/* kind= words, in the order rec->early counts them (logword.h's). */
#define LOGPARSE_KINDS 6
extern const char *const logparse_kinds[LOGPARSE_KINDS];

int logparse_line(const char *line, size_t len, const struct logclock *clock, struct logrec *rec);
/* A waited= value in milliseconds (delay= is read by duration_parseb). */
int logparse_seconds(const char *s, size_t len, unsigned long *ms);
/* Whether the line puts its client in a DNS list: dnsbl= names a list
 * and score= is above 0 (allow lists weigh below 0), or rblsmtpd turned
 * it away. */
int logparse_listed(const struct logrec *rec);
/* The next zone named in rec's dnsbl= value from *pos on, each once:
 * "zen.example:127.0.0.2,zen.example:127.0.0.4" names zen.example once. */
int logparse_next_zone(const struct logrec *rec, size_t *pos, const char **zone, size_t *len);
long long logparse_days_from_civil(long long y, unsigned int m, unsigned int d);

#endif
