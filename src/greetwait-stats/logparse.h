/* logparse: read one greetwait log line, whatever carried it there.
 * Recognises plain lines, multilog's @tai64n prefix, tai64nlocal output,
 * BSD syslog (Nov 23 19:01:50 host greetwait[812]: ...) and RFC 3339
 * syslog; unescapes the quoted data= value; says whether the line is a
 * connection, a status line (no result=), malformed, or someone else's.
 * A pure function of the line and the clock context: no allocation. */
#ifndef LOGPARSE_H
#define LOGPARSE_H

#include <stddef.h>

#include "logword.h"

/* Longest data= value kept, unescaped; greetwait logs at most 100 bytes. */
#define LOGPARSE_DATA_MAX 1024

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
	int hasdata;
	size_t datalen;
	char data[LOGPARSE_DATA_MAX]; /* unescaped, cut at LOGPARSE_DATA_MAX */
};

int logparse_line(const char *line, size_t len, const struct logclock *clock, struct logrec *rec);
/* A waited= value in milliseconds (delay= is read by duration_parseb). */
int logparse_seconds(const char *s, size_t len, unsigned long *ms);
long long logparse_days_from_civil(long long y, unsigned int m, unsigned int d);

#endif
