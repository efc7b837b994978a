/* stats: what greetwait-stats learns from the log, one record at a time. */
#include <stdlib.h>
#include <string.h>
#include "case.h"
#include "grow.h"
#include "helo.h"
#include "logword.h"
#include "stats.h"

#define P(word) (sizeof word - 1) /* the length of a log word */

/* Whether the len bytes at s are word. */
static int is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && !memcmp(s, word, len);
}

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
	u64set_init(&s->longpairs);
	u64set_init(&s->patientpairs);
	series_init(&s->series, 0, 0);
}

/* Count, per why, the hosts given the long delay and the patient ones. */
void stats_keep_rules(struct stats *s) { s->keeprules = 1; }

/* Keep only what the impatience table needs: the waits of the long
 * delays' hang-ups and early talkers, and each such host's longest, in
 * 8 bytes an IPv4 address (a table of them, not the interned texts and
 * records every other table needs): as little memory as awk's. */
void stats_light(struct stats *s) { s->light = 1; }

/* Read a dotted quad in its one canonical form (no leading zeros), so
 * that two texts are one address exactly when they are one text. */
int stats_quad(const char *s, size_t len, uint32_t *v)
{
	size_t i = 0;
	unsigned int k, octet, digits;
	*v = 0;
	for (k = 0; k < 4; ++k) {
		if (k && (i >= len || s[i++] != '.'))
			return 0;
		for (octet = 0, digits = 0; i < len && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
			if (digits && !octet)
				return 0; /* a leading zero */
			if ((octet = octet * 10 + (unsigned int)(s[i] - '0')) > 255)
				return 0;
		}
		if (!digits)
			return 0;
		*v = *v << 8 | octet;
	}
	return i == len;
}

/* The slot of IPv4 address v in the light table. */
static size_t v4slot(const struct stats *s, uint32_t v)
{
	uint64_t k = (uint64_t)v * 0x9e3779b97f4a7c15ULL;
	return (size_t)(k >> 32) & (s->nv4 - 1);
}

/* Record wait w (ms) for IPv4 address v if it is its longest; -1 if out
 * of memory. */
static int v4wait(struct stats *s, uint32_t v, uint32_t w)
{
	uint64_t *slots, *old = s->v4;
	size_t i, j, n = s->nv4;
	if ((s->v4count + 1) * 2 > s->nv4) {
		if (!(slots = calloc(n ? n * 2 : 1024, sizeof *slots)))
			return -1;
		s->v4 = slots;
		s->nv4 = n ? n * 2 : 1024;
		for (i = 0; i < n; ++i)
			if (old[i]) {
				for (j = v4slot(s, (uint32_t)(old[i] >> 32)); slots[j];
				     j = (j + 1) & (s->nv4 - 1))
					;
				slots[j] = old[i];
			}
		free(old);
	}
	for (j = v4slot(s, v); s->v4[j]; j = (j + 1) & (s->nv4 - 1))
		if ((uint32_t)(s->v4[j] >> 32) == v) {
			if (w + 1 > (uint32_t)s->v4[j])
				s->v4[j] = (uint64_t)v << 32 | (w + 1);
			return 0;
		}
	s->v4[j] = (uint64_t)v << 32 | (w + 1);
	++s->v4count;
	return 0;
}

/* The light stats_add: lines by kind, and the impatient waits. */
static int lightadd(struct stats *s, const struct logrec *rec)
{
	uint32_t v, w;
	size_t bucket;
	long ip;
	int isnew;
	++s->lines;
	if (rec->kind != LOG_CONNECTION) {
		s->other += rec->kind == LOG_OTHER;
		s->malformed += rec->kind == LOG_MALFORMED;
		s->statuslines += rec->kind == LOG_STATUS;
		return 0;
	}
	if (rec->delay <= s->shortms ||
	    (rec->result != RESULT_HANGUP && rec->result != RESULT_PREGREET))
		return 0;
	++s->closedconns;
	bucket = rec->waited / s->widthms;
	if (bucket >= STATS_BUCKETS_MAX)
		bucket = STATS_BUCKETS_MAX - 1;
	if (bucket >= s->nbuckets) {
		if (grow(&s->waitconns, &s->bucketcap, bucket + 1, sizeof *s->waitconns) < 0)
			return -1;
		s->nbuckets = bucket + 1;
	}
	++s->waitconns[bucket];
	w = rec->waited > 0x7fffffffUL ? 0x7fffffff : (uint32_t)rec->waited;
	if (stats_quad(rec->ip, rec->iplen, &v))
		return v4wait(s, v, w);
	if ((ip = strset_add(&s->ips, rec->ip, rec->iplen, &isnew)) < 0 ||
	    grow(&s->otherwait, &s->otherwaitcap, (size_t)ip + 1, sizeof *s->otherwait) < 0)
		return -1;
	if (w + 1 > s->otherwait[ip])
		s->otherwait[ip] = w + 1;
	return 0;
}

/* Keep each address's n latest turn-aways, for the offenders. */
void stats_keep_offenders(struct stats *s, unsigned int n) { s->offn = n; }

/* Remember a turn-away of address ip at ms among its offn latest: the
 * times ascend, 0 is none, so a later one replaces the first. Lines
 * read in any order (rotated files, several hosts' logs) keep the same. */
static int offence(struct stats *s, long ip, long long ms)
{
	uint32_t *t, v;
	unsigned int k;
	if (ms < 0 || ms / 1000 >= 0xffffffffLL)
		return 0;
	if (grow(&s->offtimes, &s->offcap, ((size_t)ip + 1) * s->offn, sizeof *s->offtimes) < 0)
		return -1;
	t = s->offtimes + (size_t)ip * s->offn;
	v = (uint32_t)(ms / 1000) + 1;
	if (v <= t[0])
		return 0;
	for (k = 1; k < s->offn && t[k] < v; ++k)
		t[k - 1] = t[k];
	t[k - 1] = v;
	return 0;
}

/* Whether a why trusts its client: the whitelist, greetwait's own
 * exemptions, an allow list or the pass cache. */
static int trusting(const char *why, size_t len)
{
	return (len >= P(LOGWORD_WHY_WHITELIST) &&
		!memcmp(why, LOGWORD_WHY_WHITELIST, P(LOGWORD_WHY_WHITELIST))) ||
	       is(why, len, LOGWORD_WHY_ENV) || is(why, len, LOGWORD_WHY_RELAYCLIENT) ||
	       is(why, len, LOGWORD_WHY_DNSWL) || is(why, len, LOGWORD_WHY_CACHE);
}

/* Keep the series of periods of periodms (SERIES_DAY, SERIES_HOUR) too. */
void stats_keep_series(struct stats *s, long long periodms, long utcoffset)
{
	series_free(&s->series);
	series_init(&s->series, periodms, utcoffset);
}

/* Count one more turn-away of address a under the retry class key
 * (a why word: pattern:dynamic, dnsbl:zen.example, rblsmtpd). */
static int classcount(struct stats *s, struct stats_ip *a, const char *key, size_t len)
{
	struct stats_classnode *node;
	int32_t n;
	long cls;
	int isnew;

	if ((cls = strset_add(&s->classes, key, len, &isnew)) < 0)
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

/* Count a turn-away of address a under why: no PTR, a pattern class,
 * rblsmtpd, or each DNS list rec's dnsbl= names when a list's score
 * decided (why=dnsbl). */
static int turnaway(struct stats *s, struct stats_ip *a, const char *why, size_t whylen,
		    const struct logrec *rec)
{
	char key[P(STATS_CLASS_DNSBL) + LOGPARSE_ZONE_MAX];
	const char *zone;
	size_t pos = 0, len;

	if (!a->turned++)
		++s->turnedhosts;
	++s->turned;
	if (is(why, whylen, LOGWORD_WHY_NOPTR))
		++a->turnednoptr;
	else if ((whylen >= P(LOGWORD_WHY_PATTERN) &&
		  !memcmp(why, LOGWORD_WHY_PATTERN, P(LOGWORD_WHY_PATTERN))) ||
		 is(why, whylen, LOGPARSE_WHY_RBLSMTPD))
		return classcount(s, a, why, whylen);
	else if (is(why, whylen, LOGWORD_WHY_DNSBL) && rec->hasdnsbl) {
		memcpy(key, STATS_CLASS_DNSBL, P(STATS_CLASS_DNSBL));
		while (logparse_next_zone(rec, &pos, &zone, &len)) {
			memcpy(key + P(STATS_CLASS_DNSBL), zone, len);
			if (classcount(s, a, key, P(STATS_CLASS_DNSBL) + len) < 0)
				return -1;
		}
	}
	return 0;
}

/* What the line says of a's DNS lists: in one if any line puts it there;
 * not in one if its lines carry dnsbl= (or rblsmtpd's word) and none does. */
static void lists(struct stats *s, struct stats_ip *a, const struct logrec *rec)
{
	if (rec->hasdnsbl)
		++s->dnsbllines;
	if (!rec->hasdnsbl && !rec->rblsmtpd)
		return;
	a->hasdnsbl = 1;
	if (logparse_listed(rec) && !a->listed) {
		a->listed = 1;
		++s->listedhosts;
	}
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

/* Count the host ip for why w (number why) among its long-delay hosts
 * and, if it waited the delay out, its patient ones; -1 if out of memory. */
static int rules(struct stats *s, struct stats_why *w, long why, long ip, const struct logrec *rec)
{
	uint64_t key = (uint64_t)why << 32 | (uint64_t)ip;
	int r;
	if ((r = u64set_add(&s->longpairs, key)) < 0)
		return -1;
	w->longhosts += (unsigned long)r;
	if (rec->result != RESULT_PASS)
		return 0;
	if ((r = u64set_add(&s->patientpairs, key)) < 0)
		return -1;
	w->patienthosts += (unsigned long)r;
	return 0;
}

/* A line that ends a connection greetwait passed, written by what
 * greetwait started under the same pid: its own exec-failed line, or
 * rblsmtpd's refusal when greetwait runs rblsmtpd. Move the connection
 * from pass to the line's result; 0 if no recent pass had the pid. */
static int follows(struct stats *s, const struct logrec *rec)
{
	struct stats_ip *a;
	size_t i, j, whylen, iplen;
	const char *why, *ip;
	for (i = 0; i < STATS_RING; ++i) {
		j = (s->ringpos + STATS_RING - 1 - i) % STATS_RING;
		if (!s->ring[j].live || s->ring[j].pid != rec->pid)
			continue;
		ip = strset_key(&s->ips, (size_t)s->ring[j].ip, &iplen);
		if (iplen != rec->iplen || memcmp(ip, rec->ip, iplen))
			continue;
		s->ring[j].live = 0;
		--s->why[s->ring[j].why].results[RESULT_PASS];
		++s->why[s->ring[j].why].results[rec->result];
		if (s->ring[j].inseries)
			series_move(&s->series, s->ring[j].period, s->ring[j].longpass,
				    rec->result);
		--s->resultconns[RESULT_PASS];
		++s->resultconns[rec->result];
		a = &s->ip[s->ring[j].ip];
		if (!--a->passes)
			--s->resulthosts[RESULT_PASS];
		resulthost(s, a, rec->result);
		if (rec->rblsmtpd) {
			if (s->offn && rec->hastime && offence(s, s->ring[j].ip, rec->time) < 0)
				return -1;
			++s->rblsmtpdfollowed;
			lists(s, a, rec);
			why = rec->why;
			whylen = rec->whylen;
		} else
			why = strset_key(&s->whys, (size_t)s->ring[j].why, &whylen);
		return turnaway(s, a, why, whylen, rec) < 0 ? -1 : 1;
	}
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

/* Count a long delay given, among the first STATS_DELAYS values seen. */
static void longdelay(struct stats *s, unsigned long ms)
{
	size_t i;
	for (i = 0; i < s->ndelays; ++i)
		if (s->delays[i].ms == ms) {
			++s->delays[i].conns;
			return;
		}
	if (s->ndelays < STATS_DELAYS) {
		s->delays[s->ndelays].ms = ms;
		s->delays[s->ndelays++].conns = 1;
	}
}

/* Start fetching the hash slot of rec's address: the first step of
 * reading ahead (a log of millions of addresses spends its time waiting
 * for memory, not parsing; see readinput in greetwait-stats.c). */
void stats_fetch_slot(const struct stats *s, const struct logrec *rec)
{
	uint32_t v;
	if (rec->kind != LOG_CONNECTION)
		return;
	if (!s->light)
		strset_prefetch(&s->ips, rec->ip, rec->iplen);
	else if (s->nv4 && rec->delay > s->shortms && stats_quad(rec->ip, rec->iplen, &v))
		__builtin_prefetch(&s->v4[v4slot(s, v)]);
}

/* Start fetching the key of rec's address, once its slot is there. */
void stats_fetch_key(const struct stats *s, const struct logrec *rec)
{
	if (rec->kind == LOG_CONNECTION && !s->light)
		strset_prefetch_key(&s->ips, rec->ip, rec->iplen);
}

/* Start fetching the record of rec's address, once its key is there. */
void stats_fetch_record(const struct stats *s, const struct logrec *rec)
{
	long ip;
	if (rec->kind == LOG_CONNECTION && !s->light &&
	    (ip = strset_find(&s->ips, rec->ip, rec->iplen)) >= 0)
		__builtin_prefetch(&s->ip[ip]);
}

/* Take in one parsed log line; -1 if out of memory. */
int stats_add(struct stats *s, const struct logrec *rec)
{
	struct stats_ip *a;
	struct stats_why *w;
	static const unsigned long bounds[STATS_NLE] = STATS_LE;
	long ip, why;
	long long period = 0;
	size_t bucket, le;
	int isnew, r, inseries;

	if (s->light)
		return lightadd(s, rec);
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
	if (rec->result == RESULT_EXEC_FAILED || rec->rblsmtpd) {
		if ((r = follows(s, rec)))
			return r < 0 ? -1 : 0;
		if (rec->result == RESULT_EXEC_FAILED) {
			++s->resultconns[RESULT_EXEC_FAILED];
			++s->orphans;
			return 0;
		}
	}

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
	lists(s, a, rec);
	if (rec->would) {
		++s->wouldconns;
		if (!a->would) {
			a->would = 1;
			++s->wouldhosts;
		}
	}
	if (rec->early) {
		++s->kinds[rec->early - 1];
		if (!(a->kinds & 1u << (rec->early - 1))) {
			a->kinds |= (unsigned char)(1u << (rec->early - 1));
			++s->kindhosts[rec->early - 1];
		}
	}
	++s->resultconns[rec->result];
	++w->results[rec->result];
	if (s->keeprules && rec->delay > s->shortms && rules(s, w, why, ip, rec) < 0)
		return -1;
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
		a->untimed = 1;

	inseries = 0;
	if (s->series.periodms) {
		if (!rec->hastime)
			++s->series.untimed;
		else if ((r = series_add(&s->series, rec->time, (uint32_t)ip, rec->result,
					 rec->result == RESULT_PASS && rec->delay > s->shortms,
					 &period)) < 0)
			return -1;
		else
			inseries = !r;
	}
	if (rec->result == RESULT_PASS) {
		s->ring[s->ringpos].pid = rec->pid;
		s->ring[s->ringpos].ip = ip;
		s->ring[s->ringpos].why = why;
		s->ring[s->ringpos].live = 1;
		s->ring[s->ringpos].inseries = (unsigned char)inseries;
		s->ring[s->ringpos].period = period;
		s->ring[s->ringpos].longpass = rec->delay > s->shortms;
		s->ringpos = (s->ringpos + 1) % STATS_RING;
	} else if (turnaway(s, a, rec->why, rec->whylen, rec) < 0 ||
		   (s->offn && rec->hastime && offence(s, ip, rec->time) < 0))
		return -1;
	if (trusting(rec->why, rec->whylen))
		a->trusted = 1;

	if (rec->result == RESULT_PREGREET) {
		++s->pregreets;
		if (rec->hasdata && helo(s, rec) < 0)
			return -1;
	}
	if (rec->delay <= s->shortms)
		return 0;
	++s->longconns;
	longdelay(s, rec->delay);
	if (!a->longdelay) {
		a->longdelay = 1;
		++s->longhosts;
	}
	if (rec->result == RESULT_PASS) {
		++s->longpassconns;
		if (!a->longpassed) {
			a->longpassed = 1;
			++s->longpasshosts;
		}
	}
	if (rec->result != RESULT_HANGUP && rec->result != RESULT_PREGREET)
		return 0;
	++s->closedconns;
	if (!a->closed) {
		a->closed = 1;
		++s->closedhosts;
	}
	s->waitedms += rec->waited;
	for (le = 0; le < STATS_NLE && rec->waited > bounds[le] * 1000UL; ++le)
		;
	++s->waitle[le];
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

/* The next host's longest impatient wait (ms), from *pos on; 0 at the
 * end.  The light table's IPv4 addresses first, then the others. */
static int nextwait(const struct stats *s, size_t *pos, size_t *w)
{
	size_t n = s->light ? s->nv4 : 0, i;
	while (*pos < n)
		if (s->v4[(*pos)++]) {
			*w = (uint32_t)s->v4[*pos - 1] - 1;
			return 1;
		}
	while ((i = *pos - n) < s->ips.count) {
		++*pos;
		if (s->light ? i < s->otherwaitcap && s->otherwait[i] : s->ip[i].maxwait >= 0) {
			*w = s->light ? s->otherwait[i] - 1 : (size_t)s->ip[i].maxwait;
			return 1;
		}
	}
	return 0;
}

/* The impatience histogram: per bucket, distinct hosts (each host in the
 * bucket of its longest wait) or connections; *counts is malloc'd. */
int stats_impatience(const struct stats *s, int byconnections, unsigned long **counts, size_t *n)
{
	size_t pos = 0, w, b;
	*n = 0;
	if (byconnections)
		*n = s->nbuckets;
	else
		while (nextwait(s, &pos, &w)) {
			b = w / s->widthms;
			if (b >= STATS_BUCKETS_MAX)
				b = STATS_BUCKETS_MAX - 1;
			if (b + 1 > *n)
				*n = b + 1;
		}
	if (!(*counts = calloc(*n ? *n : 1, sizeof **counts)))
		return -1;
	if (byconnections) {
		if (*n)
			memcpy(*counts, s->waitconns, *n * sizeof **counts);
		return 0;
	}
	for (pos = 0; nextwait(s, &pos, &w);) {
		b = w / s->widthms;
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
	const struct stats_retryrow *a = *(struct stats_retryrow *const *)x,
				    *b = *(struct stats_retryrow *const *)y;
	if (a->ips != b->ips)
		return a->ips < b->ips ? 1 : -1;
	if (a->namelen != b->namelen)
		return a->namelen < b->namelen ? -1 : 1;
	return memcmp(a->name, b->name, a->namelen);
}

/* Count an address turned away this many times in row r. */
static void tally(struct stats_retryrow *r, unsigned long turned)
{
	++r->ips;
	++r->columns[stats_retry_column(turned)];
}

/* Count an address in row i of base and, if split, in its listed or
 * unlisted twin. */
static void tally3(struct stats_retryrow *base, struct stats_retryrow *in,
		   struct stats_retryrow *out, size_t i, const struct stats_ip *a,
		   unsigned long turned)
{
	tally(&base[i], turned);
	if (a->listed)
		tally(&in[i], turned);
	else if (a->hasdnsbl)
		tally(&out[i], turned);
}

/* The retry table: among addresses that connected at least twice at
 * least spacing seconds apart, how often each was turned away; row 0 is
 * all of them, then no PTR and each class (pattern, DNS list, rblsmtpd),
 * largest first.  When the log tells of DNS lists, all, no PTR and each
 * pattern class are followed by their addresses in a DNS list and not in
 * one, as the 2006 study split its classes by the CBL. *untimed says how
 * many repeat addresses had too few timestamps to judge. */
int stats_retries(const struct stats *s, struct stats_retryrow **rows, size_t *n,
		  unsigned long *untimed)
{
	const struct stats_ip *ip = s->ip, *a;
	const struct stats_classnode *nodes = s->nodes;
	struct stats_retryrow *r, *in, *out, **order;
	size_t i, k, nbase = 2 + s->classes.count;
	int split = s->dnsbllines || s->listedhosts;
	int32_t c;

	*untimed = 0;
	if (!(r = calloc(3 * nbase, sizeof *r)))
		return -1;
	if (!(order = malloc(nbase * sizeof *order))) {
		free(r);
		return -1;
	}
	in = r + nbase;
	out = r + 2 * nbase;
	r[0].kind = STATS_RETRY_ALL;
	r[0].name = "all";
	r[0].namelen = 3;
	r[1].kind = STATS_RETRY_NOPTR;
	r[1].name = "no PTR";
	r[1].namelen = 6;
	for (i = 2; i < nbase; ++i) {
		r[i].kind = STATS_RETRY_CLASS;
		r[i].name = strset_key(&s->classes, i - 2, &r[i].namelen);
	}
	for (i = 0; i < nbase; ++i) {
		in[i] = out[i] = r[i];
		in[i].split = STATS_SPLIT_LISTED;
		out[i].split = STATS_SPLIT_UNLISTED;
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
		tally3(r, in, out, 0, a, a->turned);
		if (a->turnednoptr)
			tally3(r, in, out, 1, a, a->turnednoptr);
		for (c = a->classes; c >= 0; c = nodes[c].next)
			tally3(r, in, out, 2 + nodes[c].cls, a, nodes[c].count);
	}
	for (i = 0; i < nbase; ++i)
		order[i] = &r[i];
	qsort(order + 1, nbase - 1, sizeof *order, byips);
	/* the rows in order, each class's split rows after it, packed into
	 * a second array of the same size */
	if (!(*rows = calloc(3 * nbase, sizeof **rows))) {
		free(order);
		free(r);
		return -1;
	}
	for (i = 0, *n = 0; i < nbase; ++i) {
		k = (size_t)(order[i] - r);
		(*rows)[(*n)++] = r[k];
		if (split &&
		    (k < 2 || (r[k].namelen >= P(LOGWORD_WHY_PATTERN) &&
			       !memcmp(r[k].name, LOGWORD_WHY_PATTERN, P(LOGWORD_WHY_PATTERN))))) {
			(*rows)[(*n)++] = in[k];
			(*rows)[(*n)++] = out[k];
		}
	}
	free(order);
	free(r);
	return 0;
}

/* Order rules for a second look: most patient hosts first (real
 * senders a rule delays), then the larger share of them, then the most
 * connections. */
static int bylook(const void *x, const void *y)
{
	const struct stats_rule *a = x, *b = y;
	unsigned long long l = (unsigned long long)a->w->patienthosts * b->w->longhosts,
			   r = (unsigned long long)b->w->patienthosts * a->w->longhosts;
	if (a->w->patienthosts != b->w->patienthosts)
		return a->w->patienthosts < b->w->patienthosts ? 1 : -1;
	if (l != r)
		return l < r ? 1 : -1;
	if (a->w->conns != b->w->conns)
		return a->w->conns < b->w->conns ? 1 : -1;
	if (a->whylen != b->whylen)
		return a->whylen < b->whylen ? -1 : 1;
	return memcmp(a->why, b->why, a->whylen);
}

/* The per-rule table: a row per why value, sorted for a second look;
 * *rows is malloc'd. */
int stats_rules(const struct stats *s, struct stats_rule **rows, size_t *n)
{
	size_t i;
	*n = s->whys.count;
	if (!(*rows = malloc((*n ? *n : 1) * sizeof **rows)))
		return -1;
	for (i = 0; i < *n; ++i) {
		(*rows)[i].why = strset_key(&s->whys, i, &(*rows)[i].whylen);
		(*rows)[i].w = &s->why[i];
	}
	qsort(*rows, *n, sizeof **rows, bylook);
	return 0;
}

/* The current long delay: the one given most often (the longer of two
 * as common); 0 if none was. */
unsigned long stats_current_delay(const struct stats *s)
{
	size_t i, best = 0;
	for (i = 1; i < s->ndelays; ++i)
		if (s->delays[i].conns > s->delays[best].conns ||
		    (s->delays[i].conns == s->delays[best].conns &&
		     s->delays[i].ms > s->delays[best].ms))
			best = i;
	return s->ndelays ? s->delays[best].ms : 0;
}

/* Order waits, shortest first. */
static int bywait(const void *x, const void *y)
{
	int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
	return a < b ? -1 : a > b;
}

/* The longest wait of each host that hung up or talked during a long
 * delay (the impatient: the current catch), sorted; *waits is malloc'd. */
int stats_waits(const struct stats *s, int32_t **waits, size_t *n)
{
	size_t i;
	*n = 0;
	if (!(*waits = malloc((s->closedhosts ? s->closedhosts : 1) * sizeof **waits)))
		return -1;
	for (i = 0; i < s->ips.count; ++i)
		if (s->ip[i].maxwait >= 0 && *n < s->closedhosts)
			(*waits)[(*n)++] = s->ip[i].maxwait;
	qsort(*waits, *n, sizeof **waits, bywait);
	return 0;
}

/* How many of the sorted waits are shorter than delayms: the impatient
 * hosts a delay of delayms would still have caught. */
size_t stats_caught(const int32_t *waits, size_t n, unsigned long delayms)
{
	size_t lo = 0, hi = n, mid;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((unsigned long)waits[mid] < delayms)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Release everything stats_add gathered. */
void stats_free(struct stats *s)
{
	strset_free(&s->ips);
	strset_free(&s->whys);
	strset_free(&s->classes);
	strset_free(&s->helos);
	u64set_free(&s->pairs);
	u64set_free(&s->longpairs);
	u64set_free(&s->patientpairs);
	series_free(&s->series);
	free(s->ip);
	free(s->nodes);
	free(s->why);
	free(s->waitconns);
	free(s->offtimes);
	free(s->v4);
	free(s->otherwait);
	s->offtimes = 0;
	s->v4 = 0;
	s->otherwait = 0;
	s->ip = 0;
	s->nodes = 0;
	s->why = 0;
	s->waitconns = 0;
}
