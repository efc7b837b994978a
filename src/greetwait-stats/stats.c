/* stats: what greetwait-stats learns from the log, one record at a time. */
#include <stdlib.h>
#include <string.h>
#include "case.h"
#include "grow.h"
#include "helo.h"
#include "logword.h"
#include "stats.h"

#define P(word) (sizeof word - 1) /* the length of a log word */

/* Empty statistics with the given short delay, bucket width (ms) and
 * retry spacing (all in milliseconds). */
void stats_init(struct stats *s, unsigned long shortms, unsigned long widthms, long long spacing)
{
	memset(s, 0, sizeof *s);
	s->shortms = shortms;
	s->widthms = widthms ? widthms : 1;
	s->spacing = spacing;
	strset_init(&s->ips);
	strset_init(&s->whys);
	strset_init(&s->classes);
	strset_init(&s->helos);
	u64set_init(&s->pairs);
}

/* Count a turn-away of address a under why (pattern class or no PTR). */
static int turnaway(struct stats *s, struct stats_ip *a, const char *why, size_t whylen)
{
	struct stats_classnode *node;
	int32_t n;
	long cls;
	int isnew;

	if (!a->turned++)
		++s->turnedhosts;
	++s->turned;
	if (whylen == P(LOGWORD_WHY_NOPTR) && !memcmp(why, LOGWORD_WHY_NOPTR, whylen))
		++a->turnednoptr;
	if (whylen < P(LOGWORD_WHY_PATTERN) ||
	    memcmp(why, LOGWORD_WHY_PATTERN, P(LOGWORD_WHY_PATTERN)))
		return 0;
	if ((cls = strset_add(&s->classes, why + P(LOGWORD_WHY_PATTERN),
			      whylen - P(LOGWORD_WHY_PATTERN), &isnew)) < 0)
		return -1;
	for (n = a->classes; n >= 0; n = s->nodes[n].next)
		if (s->nodes[n].cls == (uint32_t)cls) {
			++s->nodes[n].count;
			return 0;
		}
	if (s->nnodes >= 0x7fffffff ||
	    grow(&s->nodes, &s->nodecap, s->nnodes + 1, sizeof *s->nodes) < 0)
		return -1;
	node = &s->nodes[s->nnodes];
	node->cls = (uint32_t)cls;
	node->count = 1;
	node->next = a->classes;
	a->classes = (int32_t)s->nnodes++;
	return 0;
}

/* Count the host a for a result if it is new for the result. */
static void resulthost(struct stats *s, struct stats_ip *a, int result)
{
	if (!(a->results & 1 << result))
		++s->resulthosts[result];
	a->results |= (unsigned char)(1 << result);
}

/* Count host a (number ip) for why w (number why) if it is new for the
 * why; -1 if out of memory. */
static int whyhost(struct stats *s, struct stats_ip *a, long ip, struct stats_why *w, long why)
{
	int r;
	if (why < 64) {
		if (!(a->whys & (uint64_t)1 << why))
			++w->hosts;
		a->whys |= (uint64_t)1 << why;
		return 0;
	}
	if ((r = u64set_add(&s->pairs, (uint64_t)why << 32 | (uint64_t)ip)) < 0)
		return -1;
	w->hosts += (unsigned long)r;
	return 0;
}

/* An exec-failed line: move its connection from pass to exec-failed. */
static int execfailed(struct stats *s, const struct logrec *rec)
{
	struct stats_ip *a;
	size_t i, j;
	size_t whylen;
	const char *why;
	++s->resultconns[RESULT_EXEC_FAILED];
	for (i = 0; i < STATS_RING; ++i) {
		j = (s->ringpos + STATS_RING - 1 - i) % STATS_RING;
		if (s->ring[j].live && s->ring[j].pid == rec->pid) {
			s->ring[j].live = 0;
			--s->resultconns[RESULT_PASS];
			a = &s->ip[s->ring[j].ip];
			if (!--a->passes)
				--s->resulthosts[RESULT_PASS];
			why = strset_key(&s->whys, (size_t)s->ring[j].why, &whylen);
			resulthost(s, a, RESULT_EXEC_FAILED);
			return turnaway(s, a, why, whylen);
		}
	}
	++s->orphans;
	return 0;
}

/* Count the HELO name an early talker sent, once per distinct name. */
static int helo(struct stats *s, const struct logrec *rec)
{
	char lower[LOGPARSE_DATA_MAX];
	const char *name;
	size_t len;
	unsigned int dots;
	int isnew;
	if (!helo_name_from_command(rec->data, rec->datalen, &name, &len))
		return 0;
	++s->helosends;
	memcpy(lower, name, len);
	case_lowerb(lower, len);
	if (strset_add(&s->helos, lower, len, &isnew) < 0)
		return -1;
	if (!isnew)
		return 0;
	dots = helo_dots(lower, len);
	++s->helodots[dots > STATS_HELO_DOTS ? STATS_HELO_DOTS : dots];
	s->quads += (unsigned long)helo_is_dotted_quad(lower, len);
	s->doubledots += (unsigned long)helo_has_double_dot(lower, len);
	s->longnames += (unsigned long)helo_is_long(lower, len);
	s->concatenated += (unsigned long)helo_is_concatenated(lower, len);
	return 0;
}

/* Take in one parsed log line; -1 if out of memory. */
int stats_add(struct stats *s, const struct logrec *rec)
{
	struct stats_ip *a;
	struct stats_why *w;
	long ip, why;
	size_t bucket;
	int isnew;

	++s->lines;
	if (rec->kind == LOG_OTHER) {
		++s->other;
		return 0;
	}
	if (rec->kind == LOG_MALFORMED) {
		++s->malformed;
		return 0;
	}
	if (rec->kind == LOG_STATUS) {
		++s->statuslines;
		return 0;
	}
	if (rec->result == RESULT_EXEC_FAILED)
		return execfailed(s, rec);

	if ((ip = strset_add(&s->ips, rec->ip, rec->iplen, &isnew)) < 0 ||
	    grow(&s->ip, &s->ipcap, (size_t)ip + 1, sizeof *s->ip) < 0)
		return -1;
	a = &s->ip[ip];
	if (isnew) {
		a->classes = -1;
		a->maxwait = -1;
	}
	if ((why = strset_add(&s->whys, rec->why, rec->whylen, &isnew)) < 0 ||
	    grow(&s->why, &s->whycap, (size_t)why + 1, sizeof *s->why) < 0)
		return -1;
	w = &s->why[why];
	++s->connections;
	++a->conns;
	++w->conns;
	if (whyhost(s, a, ip, w, why) < 0)
		return -1;
	++s->resultconns[rec->result];
	if (rec->result == RESULT_PASS) {
		if (!a->passes++)
			++s->resulthosts[RESULT_PASS];
	} else
		resulthost(s, a, rec->result);

	if (rec->hastime) {
		if (!a->timed++ || rec->time < a->tmin)
			a->tmin = rec->time;
		if (a->timed == 1 || rec->time > a->tmax)
			a->tmax = rec->time;
		if (!s->hastime || rec->time < s->tmin)
			s->tmin = rec->time;
		if (!s->hastime || rec->time > s->tmax)
			s->tmax = rec->time;
		s->hastime = 1;
	} else
		++a->untimed;

	if (rec->result == RESULT_PASS) {
		s->ring[s->ringpos].pid = rec->pid;
		s->ring[s->ringpos].ip = ip;
		s->ring[s->ringpos].why = why;
		s->ring[s->ringpos].live = 1;
		s->ringpos = (s->ringpos + 1) % STATS_RING;
	} else if (turnaway(s, a, rec->why, rec->whylen) < 0)
		return -1;

	if (rec->result == RESULT_PREGREET) {
		++s->pregreets;
		if (rec->hasdata && helo(s, rec) < 0)
			return -1;
	}
	if (rec->delay <= s->shortms)
		return 0;
	++s->longconns;
	if (!a->longdelay) {
		a->longdelay = 1;
		++s->longhosts;
	}
	if (rec->result != RESULT_HANGUP && rec->result != RESULT_PREGREET)
		return 0;
	++s->closedconns;
	if (!a->closed) {
		a->closed = 1;
		++s->closedhosts;
	}
	if ((long)rec->waited > a->maxwait)
		a->maxwait = rec->waited > 0x7fffffffUL ? 0x7fffffff : (int32_t)rec->waited;
	bucket = rec->waited / s->widthms;
	if (bucket >= STATS_BUCKETS_MAX)
		bucket = STATS_BUCKETS_MAX - 1;
	if (bucket >= s->nbuckets) {
		if (grow(&s->waitconns, &s->bucketcap, bucket + 1, sizeof *s->waitconns) < 0)
			return -1;
		s->nbuckets = bucket + 1;
	}
	++s->waitconns[bucket];
	return 0;
}

/* The impatience histogram: per bucket, distinct hosts (each host in the
 * bucket of its longest wait) or connections; *counts is malloc'd. */
int stats_impatience(const struct stats *s, int byconnections, unsigned long **counts, size_t *n)
{
	const struct stats_ip *ip = s->ip;
	size_t i, b;
	*n = 0;
	if (byconnections) {
		*n = s->nbuckets;
	} else {
		for (i = 0; i < s->ips.count; ++i)
			if (ip[i].maxwait >= 0) {
				b = (size_t)ip[i].maxwait / s->widthms;
				if (b >= STATS_BUCKETS_MAX)
					b = STATS_BUCKETS_MAX - 1;
				if (b + 1 > *n)
					*n = b + 1;
			}
	}
	if (!(*counts = calloc(*n ? *n : 1, sizeof **counts)))
		return -1;
	if (byconnections) {
		if (*n)
			memcpy(*counts, s->waitconns, *n * sizeof **counts);
		return 0;
	}
	for (i = 0; i < s->ips.count; ++i)
		if (ip[i].maxwait >= 0) {
			b = (size_t)ip[i].maxwait / s->widthms;
			++(*counts)[b >= STATS_BUCKETS_MAX ? STATS_BUCKETS_MAX - 1 : b];
		}
	return 0;
}

/* The retry table column for an address turned away this many times. */
int stats_retry_column(unsigned long turned)
{
	if (turned <= 4)
		return (int)turned - 1;
	return turned <= 10 ? 4 : 5;
}

/* Order retry rows by number of addresses, most first. */
static int byips(const void *x, const void *y)
{
	const struct stats_retryrow *a = x, *b = y;
	if (a->ips != b->ips)
		return a->ips < b->ips ? 1 : -1;
	if (a->namelen != b->namelen)
		return a->namelen < b->namelen ? -1 : 1;
	return memcmp(a->name, b->name, a->namelen);
}

/* The retry table: among addresses that connected at least twice at
 * least spacing seconds apart, how often each was turned away; row 0 is
 * all of them, then no PTR and each pattern class, largest first.
 * *untimed says how many repeat addresses had too few timestamps to judge. */
int stats_retries(const struct stats *s, struct stats_retryrow **rows, size_t *n,
		  unsigned long *untimed)
{
	const struct stats_ip *ip = s->ip, *a;
	const struct stats_classnode *nodes = s->nodes;
	struct stats_retryrow *r;
	size_t i, nclasses = s->classes.count;
	int32_t k;

	*untimed = 0;
	*n = 2 + nclasses;
	if (!(r = calloc(*n, sizeof *r)))
		return -1;
	r[0].kind = STATS_RETRY_ALL;
	r[0].name = "all";
	r[0].namelen = 3;
	r[1].kind = STATS_RETRY_NOPTR;
	r[1].name = "no PTR";
	r[1].namelen = 6;
	for (i = 0; i < nclasses; ++i) {
		r[2 + i].kind = STATS_RETRY_PATTERN;
		r[2 + i].name = strset_key(&s->classes, i, &r[2 + i].namelen);
	}
	for (i = 0; i < s->ips.count; ++i) {
		a = &ip[i];
		if (a->timed < 2 || a->tmax - a->tmin < s->spacing) {
			if (a->untimed && a->conns >= 2)
				++*untimed;
			continue;
		}
		if (!a->turned)
			continue;
		++r[0].ips;
		++r[0].columns[stats_retry_column(a->turned)];
		if (a->turnednoptr) {
			++r[1].ips;
			++r[1].columns[stats_retry_column(a->turnednoptr)];
		}
		for (k = a->classes; k >= 0; k = nodes[k].next) {
			++r[2 + nodes[k].cls].ips;
			++r[2 + nodes[k].cls].columns[stats_retry_column(nodes[k].count)];
		}
	}
	qsort(r + 1, *n - 1, sizeof *r, byips);
	*rows = r;
	return 0;
}

/* Release everything stats_add gathered. */
void stats_free(struct stats *s)
{
	strset_free(&s->ips);
	strset_free(&s->whys);
	strset_free(&s->classes);
	strset_free(&s->helos);
	u64set_free(&s->pairs);
	free(s->ip);
	free(s->nodes);
	free(s->why);
	free(s->waitconns);
	s->ip = 0;
	s->nodes = 0;
	s->why = 0;
	s->waitconns = 0;
}
