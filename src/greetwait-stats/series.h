/* series: greetwait's effect over time, a row per day (or hour).
 * Each timed connection counts in the period its local time falls in:
 * connections, distinct hosts, the turn-aways by result, and the passes
 * after a long delay.  Periods with no line between the first and the
 * last are gaps (no connections: the log is silent, not the clients).
 * Local time is the timestamp moved by utcoffset, the zone greetwait-stats
 * reads tai64nlocal and syslog times in. */
#ifndef SERIES_H
#define SERIES_H

#include <stddef.h>
#include <stdint.h>
#include "hashset.h"
#include "logword.h"

#define SERIES_DAY  86400000LL
#define SERIES_HOUR 3600000LL
/* Most periods between the first and last, 273 years of days or 11 of
 * hours (7 MB); a line further off (a forged or damaged time) is left
 * out and counted. */
#define SERIES_MAX   100000
#define SERIES_LABEL 20 /* "YYYY-MM-DD HH:00" and its NUL */

struct series_period {
	unsigned long conns, hosts, longpasses;
	unsigned long results[RESULT_COUNT];
};

struct series {
	long long periodms; /* SERIES_DAY or SERIES_HOUR; 0: no series kept */
	long utcoffset;     /* seconds east of UTC */
	long long first;    /* the number of periods[0] since the epoch */
	struct series_period *periods;
	size_t n, cap;
	struct u64set hosts;        /* (period, address number) seen */
	unsigned long untimed, far; /* connections left out: no time, too far */
};

void series_init(struct series *sr, long long periodms, long utcoffset);
long long series_period(const struct series *sr, long long ms);
int series_add(struct series *sr, long long ms, uint32_t ip, int result, int longpass,
	       long long *period);
void series_move(struct series *sr, long long period, int longpass, int result);
void series_label(char *out, const struct series *sr, size_t slot);
void series_free(struct series *sr);

#endif
