/* series: greetwait's effect over time, a row per day (or hour). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "grow.h"
#include "series.h"

/* An empty series of periods of periodms (0 keeps none). */
void series_init(struct series *sr, long long periodms, long utcoffset)
{
	memset(sr, 0, sizeof *sr);
	sr->periodms = periodms;
	sr->utcoffset = utcoffset;
	u64set_init(&sr->hosts);
}

/* The number of the local period a time (ms since the epoch) falls in. */
long long series_period(const struct series *sr, long long ms)
{
	long long local = ms + sr->utcoffset * 1000LL;
	return local >= 0 ? local / sr->periodms : (local - sr->periodms + 1) / sr->periodms;
}

/* The slot of period p, the table widened to hold it; -1 if it is too
 * far from the others, -2 if out of memory. */
static long slot(struct series *sr, long long p)
{
	size_t d;
	if (!sr->n) {
		if (grow(&sr->periods, &sr->cap, 1, sizeof *sr->periods) < 0)
			return -2;
		sr->first = p;
		sr->n = 1;
		return 0;
	}
	if (p < sr->first) { /* an earlier file read later: move the rest up */
		if (sr->first - p + (long long)sr->n > SERIES_MAX)
			return -1;
		d = (size_t)(sr->first - p);
		if (grow(&sr->periods, &sr->cap, sr->n + d, sizeof *sr->periods) < 0)
			return -2;
		memmove(sr->periods + d, sr->periods, sr->n * sizeof *sr->periods);
		memset(sr->periods, 0, d * sizeof *sr->periods);
		sr->n += d;
		sr->first = p;
		return 0;
	}
	if (p - sr->first >= SERIES_MAX)
		return -1;
	if ((size_t)(p - sr->first) >= sr->n) {
		if (grow(&sr->periods, &sr->cap, (size_t)(p - sr->first) + 1, sizeof *sr->periods) <
		    0)
			return -2;
		sr->n = (size_t)(p - sr->first) + 1;
	}
	return (long)(p - sr->first);
}

/* Count a connection at ms (address number ip, its result, whether it
 * passed after a long delay) and set *p to its period for series_move;
 * 1 if it is left out (too far from the others), -1 if out of memory. */
int series_add(struct series *sr, long long ms, uint32_t ip, int result, int longpass, long long *p)
{
	struct series_period *q;
	long i;
	int r;
	*p = series_period(sr, ms);
	if ((i = slot(sr, *p)) == -1) {
		++sr->far;
		return 1;
	}
	if (i < 0)
		return -1;
	q = &sr->periods[i];
	++q->conns;
	++q->results[result];
	q->longpasses += (unsigned long)longpass;
	if ((r = u64set_add(&sr->hosts, (uint64_t)*p << 32 | ip)) < 0)
		return -1;
	q->hosts += (unsigned long)r;
	return 0;
}

/* A pass counted in period p ended otherwise (exec-failed, rblsmtpd):
 * count it under result instead. */
void series_move(struct series *sr, long long p, int longpass, int result)
{
	struct series_period *q;
	if (p < sr->first || p - sr->first >= (long long)sr->n)
		return;
	q = &sr->periods[p - sr->first];
	--q->results[RESULT_PASS];
	++q->results[result];
	q->longpasses -= (unsigned long)longpass;
}

/* The local date of a slot, "YYYY-MM-DD", and the hour for hourly ones. */
void series_label(char *out, const struct series *sr, size_t slot)
{
	time_t t = (time_t)((sr->first + (long long)slot) * (sr->periodms / 1000));
	struct tm tm;
	if (!gmtime_r(&t, &tm) ||
	    !strftime(out, SERIES_LABEL, sr->periodms < SERIES_DAY ? "%Y-%m-%d %H:00" : "%Y-%m-%d",
		      &tm))
		strcpy(out, "?");
}

/* Release the table and the set. */
void series_free(struct series *sr)
{
	free(sr->periods);
	u64set_free(&sr->hosts);
	sr->periods = 0;
	sr->n = sr->cap = 0;
}
