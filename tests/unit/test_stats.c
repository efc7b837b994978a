/* Unit tests for stats: what greetwait-stats counts from parsed lines. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "stats.h"

/* A parsed connection line; t < 0 for none. */
static struct logrec line(long long t, const char *ip, const char *why, unsigned long delay,
			  int result, unsigned long waited)
{
	struct logrec r;
	memset(&r, 0, sizeof r);
	r.kind = LOG_CONNECTION;
	r.hastime = t >= 0;
	r.time = t;
	r.ip = ip;
	r.iplen = strlen(ip);
	r.why = why;
	r.whylen = strlen(why);
	r.delay = delay;
	r.result = result;
	r.waited = waited;
	return r;
}

/* Feed stats a connection line. */
static void feed(struct stats *s, long long t, const char *ip, const char *why, unsigned long delay,
		 int result, unsigned long waited)
{
	struct logrec r = line(t, ip, why, delay, result, waited);
	assert_int_equal(stats_add(s, &r), 0);
}

/* Feed stats an early talker's line with its data= bytes. */
static void talk(struct stats *s, const char *ip, const char *data)
{
	struct logrec r = line(-1, ip, "noptr", 1000, RESULT_PREGREET, 4);
	r.hasdata = 1;
	r.datalen = strlen(data);
	memcpy(r.data, data, r.datalen);
	assert_int_equal(stats_add(s, &r), 0);
}

static void retry_columns(void **state)
{
	(void)state;
	assert_int_equal(stats_retry_column(1), 0);
	assert_int_equal(stats_retry_column(4), 3);
	assert_int_equal(stats_retry_column(5), 4);
	assert_int_equal(stats_retry_column(10), 4);
	assert_int_equal(stats_retry_column(11), 5);
}

static void impatience_hosts(void **state)
{
	struct stats s;
	unsigned long *c;
	size_t n;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	feed(&s, -1, "192.0.2.1", "pattern:dynamic", 90000, RESULT_HANGUP, 3000);
	feed(&s, -1, "192.0.2.1", "pattern:dynamic", 90000, RESULT_HANGUP, 12000);
	feed(&s, -1, "192.0.2.2", "pattern:dynamic", 90000, RESULT_PREGREET, 4999);
	feed(&s, -1, "192.0.2.3", "default", 1000, RESULT_HANGUP, 500); /* short: not counted */
	feed(&s, -1, "192.0.2.4", "pattern:dynamic", 90000, RESULT_PASS, 90000);
	assert_int_equal(stats_impatience(&s, 0, &c, &n), 0);
	assert_int_equal(n, 3); /* each host in the bucket of its longest wait */
	assert_int_equal(c[0], 1);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 1);
	free(c);
	assert_int_equal(stats_impatience(&s, 1, &c, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(c[0], 2);
	assert_int_equal(c[1], 0);
	assert_int_equal(c[2], 1);
	free(c);
	assert_int_equal(s.longconns, 4);
	assert_int_equal(s.longhosts, 3);
	assert_int_equal(s.closedconns, 3);
	assert_int_equal(s.closedhosts, 2);
	stats_free(&s);
}

/* A wait past the last bucket counts in the last one. */
static void impatience_last_bucket(void **state)
{
	struct stats s;
	unsigned long *c;
	size_t n;
	(void)state;
	stats_init(&s, 1000, 1, 5000);
	feed(&s, -1, "192.0.2.1", "pattern:dynamic", 90000, RESULT_HANGUP, 86400003);
	feed(&s, -1, "192.0.2.2", "pattern:dynamic", 90000, RESULT_HANGUP, STATS_BUCKETS_MAX - 1);
	assert_int_equal(stats_impatience(&s, 1, &c, &n), 0);
	assert_int_equal(n, STATS_BUCKETS_MAX);
	assert_int_equal(c[STATS_BUCKETS_MAX - 1], 2);
	free(c);
	assert_int_equal(stats_impatience(&s, 0, &c, &n), 0);
	assert_int_equal(n, STATS_BUCKETS_MAX);
	assert_int_equal(c[STATS_BUCKETS_MAX - 1], 2);
	free(c);
	stats_free(&s);
}

static void retries(void **state)
{
	struct stats s;
	struct stats_retryrow *r;
	size_t n;
	unsigned long untimed;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	/* twice, 10 s apart, turned away once under noptr: qualifies */
	feed(&s, 100000, "192.0.2.1", "noptr", 90000, RESULT_HANGUP, 3000);
	feed(&s, 110000, "192.0.2.1", "default", 1000, RESULT_PASS, 1000);
	/* twice, 4.999 s apart: too close */
	feed(&s, 100000, "192.0.2.2", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 104999, "192.0.2.2", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	/* three times turned away as dsl, 5 s apart */
	feed(&s, 100000, "192.0.2.3", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 102000, "192.0.2.3", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 105000, "192.0.2.3", "pattern:dsl", 90000, RESULT_PREGREET, 3000);
	/* no timestamps */
	feed(&s, -1, "192.0.2.4", "default", 1000, RESULT_PREGREET, 3);
	feed(&s, -1, "192.0.2.4", "default", 1000, RESULT_PREGREET, 3);
	assert_int_equal(stats_retries(&s, &r, &n, &untimed), 0);
	assert_int_equal(untimed, 1);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].kind, STATS_RETRY_ALL);
	assert_int_equal(r[0].ips, 2);
	assert_int_equal(r[0].columns[0], 1);
	assert_int_equal(r[0].columns[2], 1);
	assert_int_equal(r[1].ips, 1);
	assert_int_equal(r[2].ips, 1);
	for (size_t k = 1; k < 3; k++)
		if (r[k].kind == STATS_RETRY_CLASS) {
			assert_int_equal(r[k].namelen, 11);
			assert_memory_equal(r[k].name, "pattern:dsl", 11);
			assert_int_equal(r[k].columns[2], 1);
		} else {
			assert_int_equal(r[k].kind, STATS_RETRY_NOPTR);
			assert_int_equal(r[k].columns[0], 1);
		}
	free(r);
	stats_free(&s);
}

/* An address turned away under several classes counts in each row, by
 * how often it was turned away under that class. */
static void retries_per_class(void **state)
{
	static const char *const whys[] = {"pattern:a", "pattern:b", "pattern:a", "noptr",
					   "pattern:a", "pattern:a", "pattern:a"};
	struct stats s;
	struct stats_retryrow *r;
	size_t n;
	unsigned long untimed;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	for (size_t k = 0; k < sizeof whys / sizeof whys[0]; k++)
		feed(&s, 100000 + 10000 * (long long)k, "192.0.2.1", whys[k], 90000, RESULT_HANGUP,
		     3000);
	assert_int_equal(stats_retries(&s, &r, &n, &untimed), 0);
	assert_int_equal(n, 4);
	assert_int_equal(r[0].columns[stats_retry_column(7)], 1); /* all: 7 times */
	for (size_t k = 1; k < n; k++) {
		assert_int_equal(r[k].ips, 1);
		if (r[k].kind == STATS_RETRY_NOPTR)
			assert_int_equal(r[k].columns[0], 1);
		else if (!strcmp(r[k].name, "pattern:a"))
			assert_int_equal(r[k].columns[stats_retry_column(5)], 1);
		else
			assert_int_equal(r[k].columns[0], 1);
	}
	free(r);
	stats_free(&s);
}

/* An exec-failed line moves the pass of the same pid to exec-failed and
 * counts as a turn-away, not as a connection; one with no pass before it
 * is an orphan. */
static void exec_failed(void **state)
{
	struct stats s;
	struct logrec r;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	r = line(-1, "192.0.2.1", "pattern:dsl", 90000, RESULT_PASS, 90000);
	r.pid = 41;
	assert_int_equal(stats_add(&s, &r), 0);
	r.pid = 42;
	assert_int_equal(stats_add(&s, &r), 0);
	r = line(-1, "192.0.2.1", "pattern:dsl", 90000, RESULT_EXEC_FAILED, 90000);
	r.pid = 42;
	assert_int_equal(stats_add(&s, &r), 0);
	assert_int_equal(s.connections, 2);
	assert_int_equal(s.resultconns[RESULT_PASS], 1);
	assert_int_equal(s.resulthosts[RESULT_PASS], 1);
	assert_int_equal(s.resultconns[RESULT_EXEC_FAILED], 1);
	assert_int_equal(s.resulthosts[RESULT_EXEC_FAILED], 1);
	assert_int_equal(s.turned, 1);
	assert_int_equal(s.turnedhosts, 1);
	assert_int_equal(s.orphans, 0);
	r.pid = 42; /* its pass is used up */
	assert_int_equal(stats_add(&s, &r), 0);
	assert_int_equal(s.orphans, 1);
	r.pid = 41;
	assert_int_equal(stats_add(&s, &r), 0);
	assert_int_equal(s.resultconns[RESULT_PASS], 0);
	assert_int_equal(s.resulthosts[RESULT_PASS], 0);
	assert_int_equal(s.turned, 2);
	assert_int_equal(s.turnedhosts, 1);
	stats_free(&s);
}

/* HELO names count once each, whatever their case; the bogus forms are
 * counted among the distinct names. */
static void helo_names(void **state)
{
	struct stats s;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	talk(&s, "192.0.2.1", "HELO Mail.Example.COM\r");
	talk(&s, "192.0.2.2", "ehlo mail.example.com");
	talk(&s, "192.0.2.3", "HELO 192.0.2.3");
	talk(&s, "192.0.2.3", "HELO 192.0.2.3");
	talk(&s, "192.0.2.4", "HELO a..example");
	talk(&s, "192.0.2.5", "QUIT");
	assert_int_equal(s.pregreets, 6);
	assert_int_equal(s.helosends, 5);
	assert_int_equal(s.helos.count, 3);
	assert_int_equal(s.helodots[2], 2); /* mail.example.com, a..example */
	assert_int_equal(s.helodots[3], 1); /* 192.0.2.3 */
	assert_int_equal(s.quads, 1);
	assert_int_equal(s.doubledots, 1);
	assert_int_equal(s.longnames, 0);
	stats_free(&s);
}

/* Hosts per why: an address counts once per why, also past the 64 why
 * values each address keeps bits for. */
static void why_hosts(void **state)
{
	struct stats s;
	char why[16];
	size_t len;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	for (int k = 0; k < 100; k++) {
		sprintf(why, "pattern:c%d", k);
		feed(&s, -1, "192.0.2.1", why, 90000, RESULT_HANGUP, 3000);
		feed(&s, -1, "192.0.2.1", why, 90000, RESULT_HANGUP, 3000);
		feed(&s, -1, k % 2 ? "192.0.2.2" : "192.0.2.1", why, 90000, RESULT_HANGUP, 3000);
	}
	assert_int_equal(s.whys.count, 100);
	for (size_t k = 0; k < 100; k++) {
		sprintf(why, "pattern:c%d", (int)k);
		assert_memory_equal(strset_key(&s.whys, k, &len), why, strlen(why));
		assert_int_equal(len, strlen(why));
		assert_int_equal(s.why[k].conns, 3);
		assert_int_equal(s.why[k].hosts, k % 2 ? 2 : 1);
	}
	stats_free(&s);
}

/* Tens of thousands of addresses: each keeps its own counts. */
static void many_addresses(void **state)
{
	struct stats s;
	unsigned long *c;
	size_t n;
	char ip[32];
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	for (int k = 0; k < 40000; k++) {
		sprintf(ip, "10.%d.%d.%d", k >> 16, k >> 8 & 255, k & 255);
		feed(&s, -1, ip, "pattern:dynamic", 90000, RESULT_HANGUP,
		     (unsigned long)k % 10 * 5000);
	}
	for (int k = 0; k < 40000; k += 2) {
		sprintf(ip, "10.%d.%d.%d", k >> 16, k >> 8 & 255, k & 255);
		feed(&s, -1, ip, "pattern:dynamic", 90000, RESULT_HANGUP, 49999);
	}
	assert_int_equal(s.ips.count, 40000);
	assert_int_equal(s.connections, 60000);
	assert_int_equal(s.closedhosts, 40000);
	assert_int_equal(stats_impatience(&s, 0, &c, &n), 0);
	assert_int_equal(n, 10);
	for (size_t b = 0; b < 9; b++)
		assert_int_equal(c[b], b % 2 ? 4000 : 0); /* the even ones waited longer */
	assert_int_equal(c[9], 4000 + 20000);
	free(c);
	stats_free(&s);
}

/* Lines that are no connection are counted by kind and nothing else. */
static void other_kinds(void **state)
{
	static const int kinds[] = {LOG_OTHER, LOG_MALFORMED, LOG_STATUS, LOG_STATUS};
	struct stats s;
	struct logrec r;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		r = line(-1, "192.0.2.1", "default", 90000, RESULT_HANGUP, 3000);
		r.kind = kinds[k];
		assert_int_equal(stats_add(&s, &r), 0);
	}
	assert_int_equal(s.lines, 4);
	assert_int_equal(s.other, 1);
	assert_int_equal(s.malformed, 1);
	assert_int_equal(s.statuslines, 2);
	assert_int_equal(s.connections, 0);
	assert_int_equal(s.ips.count, 0);
	assert_false(s.hastime);
	stats_free(&s);
}

/* Feed stats a line of greetwait -d: its dnsbl= value and score. */
static void listed(struct stats *s, long long t, const char *ip, const char *why, int result,
		   const char *dnsbl, long score)
{
	struct logrec r = line(t, ip, why, 90000, result, 3000);
	r.hasdnsbl = 1;
	r.dnsbl = dnsbl;
	r.dnsbllen = strlen(dnsbl);
	r.score = score;
	assert_int_equal(stats_add(s, &r), 0);
}

/* The row named name (and split), or fail. */
static const struct stats_retryrow *row(const struct stats_retryrow *r, size_t n, const char *name,
					int split)
{
	for (size_t k = 0; k < n; k++)
		if (r[k].namelen == strlen(name) && !memcmp(r[k].name, name, r[k].namelen) &&
		    r[k].split == split)
			return &r[k];
	fail_msg("no row %s", name);
	return 0;
}

/* A row per DNS list that turned a client away (each zone once per
 * connection), and the classes split by whether the address is in a DNS
 * list: a score above 0 on any of its lines; lines without dnsbl= say
 * neither; each split row follows its class. */
static void retries_lists(void **state)
{
	struct stats s;
	struct stats_retryrow *r;
	const struct stats_retryrow *x;
	size_t n;
	unsigned long untimed;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	listed(&s, 0, "192.0.2.1", "dnsbl", RESULT_HANGUP,
	       "a.example:127.0.0.2,a.example:127.0.0.3", 2);
	listed(&s, 9000, "192.0.2.1", "pattern:dsl", RESULT_HANGUP, "", 0);
	listed(&s, 0, "192.0.2.2", "pattern:dsl", RESULT_HANGUP, "", 0);
	listed(&s, 9000, "192.0.2.2", "dnswl", RESULT_PASS, "w.example:127.0.5.2", -3);
	feed(&s, 0, "192.0.2.3", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	feed(&s, 9000, "192.0.2.3", "pattern:dsl", 90000, RESULT_HANGUP, 3000);
	assert_int_equal(s.dnsbllines, 4);
	assert_int_equal(s.listedhosts, 1);
	assert_int_equal(stats_retries(&s, &r, &n, &untimed), 0);
	assert_int_equal(n, 10); /* all, no PTR, pattern:dsl with their splits; a.example */
	assert_int_equal(r[0].kind, STATS_RETRY_ALL);
	assert_int_equal(r[1].split, STATS_SPLIT_LISTED);
	assert_int_equal(r[2].split, STATS_SPLIT_UNLISTED);
	x = row(r, n, "pattern:dsl", STATS_SPLIT_NONE);
	assert_int_equal(x->ips, 3);
	assert_int_equal(x[1].split, STATS_SPLIT_LISTED);
	assert_int_equal(x[1].ips, 1);
	assert_int_equal(x[2].ips, 1); /* 192.0.2.3 says neither */
	assert_int_equal(x[2].columns[0], 1);
	x = row(r, n, "dnsbl:a.example", STATS_SPLIT_NONE);
	assert_int_equal(x->ips, 1);
	assert_int_equal(x->columns[0], 1);
	assert_int_equal(row(r, n, "all", STATS_SPLIT_LISTED)->columns[1], 1);
	free(r);
	stats_free(&s);
}

/* rblsmtpd's refusal after greetwait's pass of the same pid and address
 * ends that connection; another is a connection of its own; both count
 * under rblsmtpd and put the address in a DNS list. */
static void rblsmtpd_follows(void **state)
{
	struct stats s;
	struct logrec r;
	struct stats_retryrow *rows;
	size_t n;
	unsigned long untimed;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	r = line(0, "192.0.2.1", "default", 1000, RESULT_PASS, 1000);
	r.pid = 7;
	assert_int_equal(stats_add(&s, &r), 0);
	r = line(1000, "192.0.2.2", "rblsmtpd", 0, RESULT_REJECT, 0);
	r.pid = 7; /* another address: not that pass's end */
	r.rblsmtpd = 1;
	assert_int_equal(stats_add(&s, &r), 0);
	r.ip = "192.0.2.1";
	r.result = RESULT_TEMPFAIL;
	assert_int_equal(stats_add(&s, &r), 0);
	r.time = 9000;
	assert_int_equal(stats_add(&s, &r), 0);
	assert_int_equal(s.connections, 3);
	assert_int_equal(s.resultconns[RESULT_PASS], 0);
	assert_int_equal(s.resulthosts[RESULT_PASS], 0);
	assert_int_equal(s.resultconns[RESULT_TEMPFAIL], 2);
	assert_int_equal(s.resultconns[RESULT_REJECT], 1);
	assert_int_equal(s.rblsmtpdfollowed, 1);
	assert_int_equal(s.listedhosts, 2);
	assert_int_equal(s.turned, 3);
	assert_int_equal(stats_retries(&s, &rows, &n, &untimed), 0);
	assert_int_equal(row(rows, n, "rblsmtpd", STATS_SPLIT_NONE)->columns[1], 1);
	assert_int_equal(row(rows, n, "all", STATS_SPLIT_LISTED)->ips, 1);
	free(rows);
	stats_free(&s);
}

/* Per why: results, hosts given the long delay, and the patient ones
 * (waited it out), kept when asked; the most patient rules first. */
static void rules(void **state)
{
	struct stats s;
	struct stats_rule *r;
	size_t n;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	stats_keep_rules(&s);
	feed(&s, 0, "192.0.2.1", "pattern:a", 90000, RESULT_HANGUP, 3000);
	feed(&s, 1, "192.0.2.1", "pattern:a", 90000, RESULT_PASS, 90000);
	feed(&s, 2, "192.0.2.1", "pattern:a", 90000, RESULT_PASS, 90000);
	feed(&s, 3, "192.0.2.2", "pattern:a", 90000, RESULT_HANGUP, 3000);
	feed(&s, 4, "192.0.2.3", "noptr", 90000, RESULT_PASS, 90000);
	feed(&s, 5, "192.0.2.4", "noptr", 90000, RESULT_PASS, 90000);
	feed(&s, 6, "192.0.2.4", "default", 1000, RESULT_PASS, 1000);
	feed(&s, 7, "192.0.2.5", "default", 1000, RESULT_PREGREET, 10);
	feed(&s, 8, "192.0.2.6", "default", 1000, RESULT_PASS, 1000);
	assert_int_equal(stats_rules(&s, &r, &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(r[0].why, "noptr", 5); /* 2 patient hosts */
	assert_int_equal(r[0].w->longhosts, 2);
	assert_int_equal(r[0].w->patienthosts, 2);
	assert_memory_equal(r[1].why, "pattern:a", 9);
	assert_int_equal(r[1].w->conns, 4);
	assert_int_equal(r[1].w->results[RESULT_HANGUP], 2);
	assert_int_equal(r[1].w->results[RESULT_PASS], 2);
	assert_int_equal(r[1].w->longhosts, 2);
	assert_int_equal(r[1].w->patienthosts, 1);
	assert_memory_equal(r[2].why, "default", 7); /* no long delay */
	assert_int_equal(r[2].w->longhosts, 0);
	assert_int_equal(r[2].w->results[RESULT_PREGREET], 1);
	free(r);
	stats_free(&s);
}

/* The advice's inputs: each impatient host's longest wait, sorted; how
 * many a delay still catches (waits shorter than it); the commonest long
 * delay is the current one. */
static void advice_inputs(void **state)
{
	struct stats s;
	int32_t *w;
	size_t n;
	(void)state;
	stats_init(&s, 1000, 5000, 5000);
	assert_int_equal(stats_current_delay(&s), 0);
	feed(&s, 0, "192.0.2.1", "noptr", 90000, RESULT_HANGUP, 20000);
	feed(&s, 0, "192.0.2.1", "noptr", 90000, RESULT_HANGUP, 5000);
	feed(&s, 0, "192.0.2.2", "noptr", 90000, RESULT_PREGREET, 14999);
	feed(&s, 0, "192.0.2.3", "noptr", 30000, RESULT_HANGUP, 15000);
	feed(&s, 0, "192.0.2.4", "noptr", 90000, RESULT_PASS, 90000);
	feed(&s, 0, "192.0.2.5", "default", 1000, RESULT_HANGUP, 500);
	assert_int_equal(stats_current_delay(&s), 90000);
	assert_int_equal(s.longpassconns, 1);
	assert_int_equal(stats_waits(&s, &w, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(w[0], 14999);
	assert_int_equal(w[1], 15000);
	assert_int_equal(w[2], 20000);
	assert_int_equal(stats_caught(w, n, 15000), 1);
	assert_int_equal(stats_caught(w, n, 15001), 2);
	assert_int_equal(stats_caught(w, n, 1), 0);
	assert_int_equal(stats_caught(w, n, 90000), 3);
	free(w);
	stats_free(&s);
}

/* A dotted quad only in its canonical form: two texts of one address
 * would be two hosts in the full tables, so they must be in the light. */
static void quads(void **state)
{
	uint32_t v;
	(void)state;
	assert_true(stats_quad("192.0.2.1", 9, &v));
	assert_true(v == 0xc0000201u);
	assert_true(stats_quad("0.0.0.0", 7, &v) && v == 0);
	assert_true(stats_quad("255.255.255.255", 15, &v) && v == 0xffffffffu);
	assert_false(stats_quad("192.0.2.01", 10, &v));
	assert_false(stats_quad("192.0.2.256", 11, &v));
	assert_false(stats_quad("192.0.2", 7, &v));
	assert_false(stats_quad("192.0.2.1.", 10, &v));
	assert_false(stats_quad("192..2.1", 8, &v));
	assert_false(stats_quad("2001:db8::1", 11, &v));
}

/* The light counting (the impatience table alone) gives the table the
 * full one gives, hosts and connections, IPv4, IPv6 and odd texts. */
static void light_same(void **state)
{
	static const char *const ips[] = {"192.0.2.1", "192.0.2.01", "2001:db8::1",
					  "10.0.0.1",  "192.0.2.1",  "ff"};
	struct stats full, light;
	unsigned long *a, *b;
	size_t na, nb;
	(void)state;
	stats_init(&full, 1000, 5000, 5000);
	stats_init(&light, 1000, 5000, 5000);
	stats_light(&light);
	for (int k = 0; k < 600; k++) {
		struct logrec r =
		    line(k, ips[k % 6], k % 5 ? "noptr" : "default", k % 7 ? 90000 : 1000,
			 k % 3   ? RESULT_HANGUP
			 : k % 2 ? RESULT_PREGREET
				 : RESULT_PASS,
			 (unsigned long)(k * 997 % 95000));
		assert_int_equal(stats_add(&full, &r), 0);
		assert_int_equal(stats_add(&light, &r), 0);
	}
	for (int c = 0; c < 2; c++) {
		assert_int_equal(stats_impatience(&full, c, &a, &na), 0);
		assert_int_equal(stats_impatience(&light, c, &b, &nb), 0);
		assert_int_equal(na, nb);
		assert_memory_equal(a, b, na * sizeof *a);
		free(a);
		free(b);
	}
	stats_free(&full);
	stats_free(&light);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(retry_columns),
	    cmocka_unit_test(impatience_hosts),
	    cmocka_unit_test(impatience_last_bucket),
	    cmocka_unit_test(retries),
	    cmocka_unit_test(retries_per_class),
	    cmocka_unit_test(exec_failed),
	    cmocka_unit_test(retries_lists),
	    cmocka_unit_test(rblsmtpd_follows),
	    cmocka_unit_test(rules),
	    cmocka_unit_test(advice_inputs),
	    cmocka_unit_test(quads),
	    cmocka_unit_test(light_same),
	    cmocka_unit_test(helo_names),
	    cmocka_unit_test(why_hosts),
	    cmocka_unit_test(many_addresses),
	    cmocka_unit_test(other_kinds),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
