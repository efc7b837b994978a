/* report: the four tables of greetwait-stats, as text or CSV. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fmt.h"
#include "grid.h"
#include "logword.h"
#include "offenders.h"
#include "report.h"

/* n with a comma between groups of three digits: 109,285. */
void report_thousands(char *out, unsigned long n)
{
	char digits[FMT_ULONG] = {0};
	size_t len = fmt_ulong(digits, n), i, o = 0;
	for (i = 0; i < len; ++i) {
		if (i && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = 0;
}

/* part/whole as a percentage with two decimals, rounded half up: 3.60.
 * The decimals by hand: libowfat 0.32's fmt_ulong0 writes "0" whatever
 * the number. */
void report_percent(char *out, unsigned long part, unsigned long whole)
{
	unsigned long long h =
	    whole ? ((unsigned long long)part * 20000 + whole) / (2ULL * whole) : 0;
	size_t n = fmt_ulong(out, (unsigned long)(h / 100));
	out[n++] = '.';
	out[n++] = (char)('0' + h / 10 % 10);
	out[n++] = (char)('0' + h % 10);
	out[n] = 0;
}

/* part/whole as a percentage to two significant digits, trailing zeros
 * dropped, as in the 2006 retry tables: 60, 7.4, 8, 0.34. */
void report_share(char *out, unsigned long part, unsigned long whole)
{
	unsigned long long p = part, w = whole, v;
	size_t n;
	if (!whole) {
		strcpy(out, "0");
		return;
	}
	if (p * 2000 >= w * 199) { /* 9.95% and up: a whole number */
		n = fmt_ulong(out, (unsigned long)((p * 200 + w) / (2 * w)));
		out[n] = 0;
		return;
	}
	if (p * 20000 >= w * 199) { /* 0.995% and up: one decimal */
		v = (p * 2000 + w) / (2 * w);
		n = fmt_ulong(out, (unsigned long)(v / 10));
		if (v % 10) {
			out[n++] = '.';
			out[n++] = (char)('0' + v % 10);
		}
		out[n] = 0;
		return;
	}
	v = (p * 20000 + w) / (2 * w);
	n = fmt_ulong(out, (unsigned long)(v / 100));
	if (v % 100) {
		out[n++] = '.';
		out[n++] = (char)('0' + v / 10 % 10);
		if (v % 10)
			out[n++] = (char)('0' + v % 10);
	}
	out[n] = 0;
}

/* Milliseconds as seconds, trailing zeros dropped: 5, 2.5, 0.25. */
void report_seconds(char *out, unsigned long ms)
{
	size_t n = fmt_ulong(out, ms / 1000);
	unsigned long f = ms % 1000;
	if (f) {
		out[n++] = '.';
		out[n++] = (char)('0' + f / 100);
		if (f % 100)
			out[n++] = (char)('0' + f / 10 % 10);
		if (f % 10)
			out[n++] = (char)('0' + f % 10);
	}
	out[n] = 0;
}

/* Put a string, a number with commas, and a word in singular or plural. */
static int count(buffer *out, unsigned long n, const char *one, const char *many)
{
	char num[REPORT_NUMBER];
	report_thousands(num, n);
	if (buffer_puts(out, num) < 0 || buffer_puts(out, " ") < 0)
		return -1;
	return buffer_puts(out, n == 1 ? one : many);
}

/* Put several strings. */
static int puts3(buffer *out, const char *a, const char *b, const char *c)
{
	if (a && buffer_puts(out, a) < 0)
		return -1;
	if (b && buffer_puts(out, b) < 0)
		return -1;
	if (c && buffer_puts(out, c) < 0)
		return -1;
	return 0;
}

/* A time in milliseconds as "YYYY-MM-DD HH:MM:SS UTC". */
static void utc(char *out, long long t)
{
	time_t tt = (time_t)(t >= 0 ? t / 1000 : (t - 999) / 1000);
	struct tm tm;
	if (!gmtime_r(&tt, &tm) || !strftime(out, 32, "%Y-%m-%d %H:%M:%S UTC", &tm))
		strcpy(out, "?");
}

/* Add a row of label, connections and hosts to a summary grid. */
static int row3(struct grid *g, const char *label, size_t len, unsigned long conns,
		unsigned long hosts, int csv)
{
	char a[REPORT_NUMBER], b[REPORT_NUMBER];
	if (csv) {
		a[fmt_ulong(a, conns)] = 0;
		b[fmt_ulong(b, hosts)] = 0;
	} else {
		report_thousands(a, conns);
		report_thousands(b, hosts);
	}
	if (grid_add(g, label, len) < 0 || grid_adds(g, a) < 0 || grid_adds(g, b) < 0)
		return -1;
	return 0;
}

/* Print a grid as text or CSV, then free it. */
static int flush(struct grid *g, const struct report_options *o, buffer *out)
{
	int r = o->csv ? grid_print_csv(g, out) : grid_print_text(g, out, "  ");
	grid_free(g);
	return r;
}

/* The summary: the 2004 paragraph's sentences, then connections and
 * hosts by why and by result, then what was read. */
int report_summary(const struct stats *s, const struct report_options *o, buffer *out)
{
	struct grid g;
	char a[40], b[40];
	const char *why;
	size_t i, len;
	int r;
	unsigned long n;

	if (o->csv) {
		if (buffer_puts(out, "# summary\n") < 0)
			return -1;
		grid_init(&g, 3, "lrr");
		if (grid_adds(&g, "item") < 0 || grid_adds(&g, "connections") < 0 ||
		    grid_adds(&g, "hosts") < 0 ||
		    row3(&g, "all", 3, s->connections, s->ips.count, 1) < 0 ||
		    row3(&g, "long delay", 10, s->longconns, s->longhosts, 1) < 0 ||
		    row3(&g, "closed during wait", 18, s->closedconns, s->closedhosts, 1) < 0 ||
		    row3(&g, "turned away", 11, s->turned, s->turnedhosts, 1) < 0)
			goto fail;
	} else {
		if (buffer_puts(out, "Summary\n  ") < 0)
			return -1;
		if (s->hastime) {
			utc(a, s->tmin);
			utc(b, s->tmax);
			if (puts3(out, "From ", a, " to ") < 0 || puts3(out, b, ", ", 0) < 0)
				return -1;
		}
		if (count(out, s->connections, "connection", "connections") < 0 ||
		    buffer_puts(out, s->connections == 1 ? " was made by " : " were made by ") <
			0 ||
		    count(out, s->ips.count, "host", "hosts") < 0 ||
		    buffer_puts(out, ".\n  ") < 0 ||
		    count(out, s->longconns, "connection", "connections") < 0 ||
		    buffer_puts(out, " from ") < 0 || count(out, s->longhosts, "host", "hosts") < 0)
			return -1;
		report_seconds(a, s->shortms);
		if (puts3(out, s->longconns == 1 ? " was" : " were",
			  " given the long delay (more than ", a) < 0 ||
		    buffer_puts(out, " s); of these,\n  ") < 0 ||
		    count(out, s->closedconns, "connection", "connections") < 0 ||
		    buffer_puts(out, " from ") < 0 ||
		    count(out, s->closedhosts, "host", "hosts") < 0 ||
		    buffer_puts(out, " closed during the wait.\n  In all, ") < 0 ||
		    count(out, s->turned, "connection", "connections") < 0 ||
		    buffer_puts(out, " from ") < 0 ||
		    count(out, s->turnedhosts, "host", "hosts") < 0 ||
		    buffer_puts(out, s->turned == 1 ? " was turned away.\n\n"
						    : " were turned away.\n\n") < 0)
			return -1;
		grid_init(&g, 3, "lrr");
		if (grid_adds(&g, "why") < 0 || grid_adds(&g, "connections") < 0 ||
		    grid_adds(&g, "hosts") < 0)
			goto fail;
	}
	for (i = 0; i < s->whys.count; ++i) {
		const struct stats_why *w = &s->why[i];
		why = strset_key(&s->whys, i, &len);
		if (o->csv) {
			char label[300];
			size_t n = fmt_str(label, "why:");
			if (len > sizeof label - n)
				len = sizeof label - n;
			memcpy(label + n, why, len); /* not fmt_strn: a NUL is data */
			r = row3(&g, label, n + len, w->conns, w->hosts, 1);
		} else
			r = row3(&g, why, len, w->conns, w->hosts, 0);
		if (r < 0)
			goto fail;
	}
	if (!o->csv) {
		if (flush(&g, o, out) < 0 || buffer_puts(out, "\n") < 0)
			return -1;
		grid_init(&g, 3, "lrr");
		if (grid_adds(&g, "result") < 0 || grid_adds(&g, "connections") < 0 ||
		    grid_adds(&g, "hosts") < 0)
			goto fail;
	}
	for (i = 0; i < RESULT_COUNT; ++i) {
		const char *name = logword_result((int)i);
		if (o->csv) {
			char label[32];
			size_t n = fmt_str(label, "result:");
			n += fmt_str(label + n, name);
			r = row3(&g, label, n, s->resultconns[i], s->resulthosts[i], 1);
		} else
			r = row3(&g, name, strlen(name), s->resultconns[i], s->resulthosts[i], 0);
		if (r < 0)
			goto fail;
	}
	/* -e ignore's early talkers passed: counted apart, not as turned away */
	if (s->wouldconns &&
	    row3(&g, "would have been turned away", 27, s->wouldconns, s->wouldhosts, o->csv) < 0)
		goto fail;
	for (i = 0; i < LOGPARSE_KINDS; ++i) {
		char label[32];
		size_t n = fmt_str(label, "early data, kind=");
		n += fmt_str(label + n, logparse_kinds[i]);
		if (s->kinds[i] && row3(&g, label, n, s->kinds[i], s->kindhosts[i], o->csv) < 0)
			goto fail;
	}
	if (o->csv) {
		if (row3(&g, "lines read", 10, s->lines + s->overlong, 0, 1) < 0 ||
		    row3(&g, "status lines", 12, s->statuslines, 0, 1) < 0 ||
		    row3(&g, "other lines", 11, s->other, 0, 1) < 0 ||
		    row3(&g, "malformed lines", 15, s->malformed, 0, 1) < 0 ||
		    row3(&g, "overlong lines", 14, s->overlong, 0, 1) < 0)
			goto fail;
		return flush(&g, o, out);
	}
	if (flush(&g, o, out) < 0)
		return -1;
	n = s->lines + s->overlong;
	if (buffer_puts(out, "\n  Read ") < 0 || count(out, n, "line", "lines") < 0 ||
	    buffer_puts(out, ": ") < 0 ||
	    count(out, s->statuslines, "status line", "status lines") < 0 ||
	    buffer_puts(out, ", ") < 0 || count(out, s->other, "other line", "other lines") < 0 ||
	    buffer_puts(out, " skipped, ") < 0 ||
	    count(out, s->malformed, "malformed line", "malformed lines") < 0 ||
	    buffer_puts(out, ", ") < 0 ||
	    count(out, s->overlong, "overlong line", "overlong lines") < 0 ||
	    buffer_puts(out, ".\n") < 0)
		return -1;
	if (s->orphans && (buffer_puts(out, "  ") < 0 ||
			   count(out, s->orphans, "exec-failed line", "exec-failed lines") < 0 ||
			   buffer_puts(out, " had no pass line before them.\n") < 0))
		return -1;
	return 0;
fail:
	grid_free(&g);
	return -1;
}

/* The impatience table: per bucket of waiting time, how many hosts (or
 * connections) hung up or talked during a long delay; the 2004 layout. */
int report_impatience(const struct stats *s, const struct report_options *o, buffer *out)
{
	struct grid g;
	unsigned long *counts, total = 0, cumulative = 0;
	char a[REPORT_NUMBER], b[REPORT_NUMBER], c[REPORT_NUMBER], d[REPORT_NUMBER];
	size_t n, i;
	const char *what = o->byconnections ? "connections" : "hosts";

	if (stats_impatience(s, o->byconnections, &counts, &n) < 0)
		return -1;
	for (i = 0; i < n; ++i)
		total += counts[i];
	if (o->csv) {
		if (puts3(out, "# impatience (", what, ")\n") < 0)
			goto nomem;
	} else {
		report_thousands(a, total);
		report_seconds(b, s->widthms);
		if (puts3(out, "Impatience: ", a, " ") < 0 ||
		    puts3(out, total == 1 ? (o->byconnections ? "connection" : "host") : what,
			  " hung up or talked during a long delay, per ", b) < 0 ||
		    buffer_puts(out, " s of waiting\n") < 0)
			goto nomem;
	}
	grid_init(&g, 4, "rrrr");
	if (grid_adds(&g, "Count") < 0 || grid_adds(&g, "%") < 0 ||
	    grid_adds(&g, "Cumulative %") < 0 || grid_adds(&g, "Seconds") < 0)
		goto fail;
	for (i = 0; i < n; ++i) {
		cumulative += counts[i];
		a[fmt_ulong(a, counts[i])] = 0;
		report_percent(b, counts[i], total);
		report_percent(c, cumulative, total);
		report_seconds(d, (unsigned long)i * s->widthms);
		if (grid_adds(&g, a) < 0 || grid_adds(&g, b) < 0 || grid_adds(&g, c) < 0 ||
		    grid_adds(&g, d) < 0)
			goto fail;
	}
	free(counts);
	return flush(&g, o, out);
fail:
	grid_free(&g);
nomem:
	free(counts);
	return -1;
}

/* The retry table: how often addresses that came back were turned away,
 * overall, without a PTR name, per pattern class, per DNS list and by
 * rblsmtpd; and split by whether they are in a DNS list. */
int report_retries(const struct stats *s, const struct report_options *o, buffer *out)
{
	static const char *const heads[] = {"What",    "Different IPs", "1 try",      "2 tries",
					    "3 tries", "4 tries",       "5-10 tries", "more"};
	struct stats_retryrow *rows;
	struct grid g;
	char num[REPORT_NUMBER], label[300];
	unsigned long untimed;
	size_t n, i, j, len;
	int shown = 1;

	if (stats_retries(s, &rows, &n, &untimed) < 0)
		return -1;
	report_seconds(num, (unsigned long)s->spacing);
	if (o->csv ? buffer_puts(out, "# retries\n") < 0
		   : (puts3(out, "Retries: addresses that connected at least twice at least ", num,
			    " s apart, by how often they were turned away\n") < 0))
		goto nomem;
	grid_init(&g, 8, "lrrrrrrr");
	for (i = 0; i < 8; ++i)
		if (grid_adds(&g, heads[i]) < 0)
			goto fail;
	for (i = 0; i < n; ++i) {
		if (rows[i].split == STATS_SPLIT_NONE)
			shown = !i || rows[i].ips;
		if (!shown)
			continue; /* a class's split rows go with it */
		if (rows[i].kind == STATS_RETRY_ALL)
			len = fmt_str(label, "all turned away");
		else if (rows[i].kind == STATS_RETRY_NOPTR)
			len = fmt_str(label, "no PTR");
		else { /* the why= word, as in the summary: pattern:dynamic */
			len = rows[i].namelen;
			if (len > sizeof label - 32)
				len = sizeof label - 32;
			memcpy(label, rows[i].name, len); /* not fmt_strn: a NUL is data */
		}
		if (rows[i].split)
			len += fmt_str(label + len, rows[i].split == STATS_SPLIT_LISTED
							? " in a DNS list"
							: " not in a DNS list");
		if (grid_add(&g, label, len) < 0)
			goto fail;
		if (o->csv)
			num[fmt_ulong(num, rows[i].ips)] = 0;
		else
			report_thousands(num, rows[i].ips);
		if (grid_adds(&g, num) < 0)
			goto fail;
		for (j = 0; j < STATS_RETRY_COLUMNS; ++j) {
			report_share(num, rows[i].columns[j], rows[i].ips);
			if (!o->csv)
				strcat(num, "%");
			if (grid_adds(&g, num) < 0)
				goto fail;
		}
	}
	free(rows);
	if (flush(&g, o, out) < 0)
		return -1;
	if (untimed && !o->csv) {
		if (buffer_puts(out, "  Left out: ") < 0 ||
		    count(out, untimed, "address", "addresses") < 0 ||
		    buffer_puts(out, " that came back but whose lines carry no timestamps.\n") < 0)
			return -1;
	}
	return 0;
fail:
	grid_free(&g);
nomem:
	free(rows);
	return -1;
}

/* The offenders: one address a line, nothing else, for a firewall's
 * table; in CSV with how often each was turned away and the last time. */
int report_offenders(const struct stats *s, const struct report_options *o, buffer *out)
{
	struct offender *list;
	struct grid g;
	char text[IP_FMT], num[REPORT_NUMBER], when[32];
	size_t n, i;

	if (offenders_list(s, o->window, &list, &n) < 0)
		return -1;
	if (!o->csv) {
		for (i = 0; i < n; ++i) {
			ip_format(text, &list[i].ip);
			if (puts3(out, text, "\n", 0) < 0)
				goto nomem;
		}
		free(list);
		return 0;
	}
	if (buffer_puts(out, "# offenders\n") < 0)
		goto nomem;
	grid_init(&g, 3, "lrl");
	if (grid_adds(&g, "address") < 0 || grid_adds(&g, "turned away") < 0 ||
	    grid_adds(&g, "last") < 0)
		goto fail;
	for (i = 0; i < n; ++i) {
		ip_format(text, &list[i].ip);
		num[fmt_ulong(num, list[i].turned)] = 0;
		utc(when, list[i].last);
		if (grid_adds(&g, text) < 0 || grid_adds(&g, num) < 0 || grid_adds(&g, when) < 0)
			goto fail;
	}
	free(list);
	return flush(&g, o, out);
fail:
	grid_free(&g);
nomem:
	free(list);
	return -1;
}

/* Milliseconds times n as hours with one decimal: 25.0. */
static void hours(char *out, unsigned long long ms)
{
	unsigned long long tenths = (ms + 180000) / 360000;
	size_t n;
	report_thousands(out, (unsigned long)(tenths / 10));
	n = strlen(out);
	out[n++] = '.';
	out[n++] = (char)('0' + tenths % 10);
	out[n] = 0;
}

/* The advice on the long delay: for candidate delays and the current
 * one, the share of the impatient hosts (the current catch) each would
 * still have caught, those that waited less than it, and the waiting it
 * imposes on the connections that passed after a long delay; then the
 * shortest delay, in whole seconds, that keeps o->keep of the catch. */
int report_advice(const struct stats *s, const struct report_options *o, buffer *out)
{
	static const unsigned long candidates[] = {15000, 20000, 30000, 45000, 60000, 90000};
	unsigned long current = stats_current_delay(s), d[8], best;
	unsigned long long need;
	size_t n, i, k, nd = 0, caught;
	int32_t *waits;
	struct grid g;
	char a[REPORT_NUMBER], b[REPORT_NUMBER], c[REPORT_NUMBER], e[40];

	if (stats_waits(s, &waits, &n) < 0)
		return -1;
	if (!n) {
		free(waits);
		return buffer_puts(out, o->csv ? "# advice\n"
					       : "Advice: no host hung up or talked during a long "
						 "delay, so there is none.\n");
	}
	for (i = 0; i < 6; ++i) /* the candidates and the current, in order */
		d[nd++] = candidates[i];
	for (i = 0; current && i <= nd; ++i)
		if (i == nd || current <= d[i]) {
			if (i == nd || current < d[i]) {
				memmove(d + i + 1, d + i, (nd - i) * sizeof *d);
				d[i] = current;
				++nd;
			}
			break;
		}
	report_seconds(e, current);
	report_thousands(a, (unsigned long)n);
	report_thousands(b, s->longpassconns);
	report_thousands(c, s->longpasshosts);
	if (o->csv ? puts3(out, "# advice (current delay ", e, " s)\n") < 0
		   : (puts3(out, "Advice: ", a, n == 1 ? " host hung up" : " hosts hung up") < 0 ||
		      puts3(out, " or talked during a long delay (now ", e,
			    " s): the share of them\n  a delay would still catch, and the wait it "
			    "would impose on the ") < 0 ||
		      puts3(out, b, s->longpassconns == 1 ? " pass" : " passes",
			    " after a long delay (") < 0 ||
		      puts3(out, c, s->longpasshosts == 1 ? " host)\n" : " hosts)\n", 0) < 0))
		goto nomem;
	grid_init(&g, 4, "rrrr");
	if (grid_adds(&g, "Delay s") < 0 || grid_adds(&g, "Caught hosts") < 0 ||
	    grid_adds(&g, "% of catch") < 0 ||
	    grid_adds(&g, o->csv ? "Passes' wait s" : "Passes' wait h") < 0)
		goto fail;
	for (i = 0; i < nd; ++i) {
		report_seconds(a, d[i]);
		if (d[i] == current && !o->csv)
			strcat(a, " (current)");
		/* past the current delay only those it caught are known */
		caught = d[i] >= current ? n : stats_caught(waits, n, d[i]);
		if (o->csv)
			b[fmt_ulong(b, (unsigned long)caught)] = 0;
		else
			report_thousands(b, (unsigned long)caught);
		report_percent(c, (unsigned long)caught, (unsigned long)n);
		if (d[i] > current && !o->csv) {
			memmove(c + 2, c, strlen(c) + 1);
			memcpy(c, ">=", 2);
		}
		if (o->csv)
			e[fmt_ulong(e, (unsigned long)((unsigned long long)s->longpassconns * d[i] /
						       1000))] = 0;
		else
			hours(e, (unsigned long long)s->longpassconns * d[i]);
		if (grid_adds(&g, a) < 0 || grid_adds(&g, b) < 0 || grid_adds(&g, c) < 0 ||
		    grid_adds(&g, e) < 0)
			goto fail;
	}
	if (flush(&g, o, out) < 0)
		goto nomem;
	/* the shortest whole second past the wait of the need-th host */
	need = ((unsigned long long)n * o->keep + 99999) / 100000;
	k = (size_t)(need > n ? n : need ? need : 1);
	best = ((unsigned long)waits[k - 1] / 1000 + 1) * 1000;
	report_seconds(a, o->keep); /* thousandths of a percent: 95000 is 95 */
	if (o->csv) {
		if (buffer_puts(
			out,
			"\n# advice: shortest delay\nkeep %,delay s,caught hosts,% of catch\n") < 0)
			goto nomem;
		b[0] = c[0] = e[0] = 0;
		if (best < current) {
			report_seconds(b, best);
			caught = stats_caught(waits, n, best);
			c[fmt_ulong(c, (unsigned long)caught)] = 0;
			report_percent(e, (unsigned long)caught, (unsigned long)n);
		}
		if (puts3(out, a, ",", b) < 0 || puts3(out, ",", c, ",") < 0 ||
		    puts3(out, e, "\n", 0) < 0)
			goto nomem;
	} else if (best >= current) {
		report_seconds(b, current);
		if (puts3(out, "  No delay shorter than the current ", b, " s keeps ") < 0 ||
		    puts3(out, a, "% of the catch.\n", 0) < 0)
			goto nomem;
	} else {
		report_seconds(b, best);
		caught = stats_caught(waits, n, best);
		report_percent(c, (unsigned long)caught, (unsigned long)n);
		if (puts3(out, "  The shortest delay that keeps ", a, "% of the catch: ") < 0 ||
		    puts3(out, b, " s (", c) < 0 || buffer_puts(out, "%).\n") < 0)
			goto nomem;
	}
	free(waits);
	return 0;
fail:
	grid_free(&g);
nomem:
	free(waits);
	return -1;
}

/* The per-rule table: for each why value, its connections and hosts,
 * the shares of its connections that hung up, talked early and passed,
 * and of its hosts given the long delay how many waited it out (patient:
 * likely real senders, the rule's false-positive candidates); the rules
 * with the most patient hosts first. */
int report_rules(const struct stats *s, const struct report_options *o, buffer *out)
{
	static const char *const heads[] = {
	    "Why",      "Connections",      "Hosts",         "Hung up %", "Talked early %",
	    "Passed %", "Long-delay hosts", "Patient hosts", "Patient %"};
	struct stats_rule *rows;
	struct grid g;
	char num[REPORT_NUMBER];
	size_t n, i, j;

	if (stats_rules(s, &rows, &n) < 0)
		return -1;
	if (o->csv ? buffer_puts(out, "# rules\n") < 0
		   : buffer_puts(out, "Rules: what became of the connections of each why, and how "
				      "many hosts waited out its long delay\n") < 0)
		goto nomem;
	grid_init(&g, 9, "lrrrrrrrr");
	for (j = 0; j < 9; ++j)
		if (grid_adds(&g, heads[j]) < 0)
			goto fail;
	for (i = 0; i < n; ++i) {
		const struct stats_why *w = rows[i].w;
		if (grid_add(&g, rows[i].why, rows[i].whylen) < 0)
			goto fail;
		for (j = 1; j < 9; ++j) {
			if (j == 1 || j == 2 || j == 6 || j == 7) {
				unsigned long v = j == 1   ? w->conns
						  : j == 2 ? w->hosts
						  : j == 6 ? w->longhosts
							   : w->patienthosts;
				if (o->csv)
					num[fmt_ulong(num, v)] = 0;
				else
					report_thousands(num, v);
			} else if (j == 8) {
				if (w->longhosts)
					report_percent(num, w->patienthosts, w->longhosts);
				else
					strcpy(num, o->csv ? "" : "-");
			} else
				report_percent(num,
					       w->results[j == 3   ? RESULT_HANGUP
							  : j == 4 ? RESULT_PREGREET
								   : RESULT_PASS],
					       w->conns);
			if (grid_adds(&g, num) < 0)
				goto fail;
		}
	}
	free(rows);
	return flush(&g, o, out);
fail:
	grid_free(&g);
nomem:
	free(rows);
	return -1;
}

/* The zone's offset as "UTC+01:00". */
static void zone(char *out, long offset)
{
	long a = offset < 0 ? -offset : offset;
	size_t n = fmt_str(out, offset < 0 ? "UTC-" : "UTC+");
	out[n++] = (char)('0' + a / 36000 % 10);
	out[n++] = (char)('0' + a / 3600 % 10);
	out[n++] = ':';
	out[n++] = (char)('0' + a / 600 % 6);
	out[n++] = (char)('0' + a / 60 % 10);
	out[n] = 0;
}

/* The series: a row per day (or hour) from the first line's to the
 * last's, with connections, hosts, the turn-aways by result, the passes
 * after a long delay and the share turned away; a period without a line
 * is a gap, "-" (empty in CSV), and a run of them one row, "A to B". */
int report_series(const struct stats *s, const struct report_options *o, buffer *out)
{
	static const char *const heads[] = {
	    "Connections", "Hosts",       "Pregreet",          "Hangup",       "Reject",
	    "Tempfail",    "Exec-failed", "Long-delay passes", "Turned away %"};
	static const int results[] = {RESULT_PREGREET, RESULT_HANGUP, RESULT_REJECT,
				      RESULT_TEMPFAIL, RESULT_EXEC_FAILED};
	const struct series *sr = &s->series;
	const struct series_period *q;
	const int hourly = sr->periodms < SERIES_DAY;
	struct grid g;
	char num[REPORT_NUMBER], a[2 * SERIES_LABEL + 4], b[SERIES_LABEL], z[16];
	size_t i, j;

	zone(z, sr->utcoffset);
	if (o->csv) {
		if (puts3(out, "# series (", hourly ? "hour" : "day", ")\n") < 0)
			return -1;
	} else {
		if (puts3(out, "Series: per ", hourly ? "hour" : "day", ", local time ") < 0 ||
		    buffer_puts(out, z) < 0)
			return -1;
		if (sr->n) {
			series_label(a, sr, 0);
			series_label(b, sr, sr->n - 1);
			if (puts3(out, ", ", a, " to ") < 0 || buffer_puts(out, b) < 0)
				return -1;
		}
		if (buffer_puts(out, "\n") < 0)
			return -1;
	}
	grid_init(&g, 10, "lrrrrrrrrr");
	if (grid_adds(&g, hourly ? "Hour" : "Day") < 0)
		goto fail;
	for (j = 0; j < 9; ++j)
		if (grid_adds(&g, heads[j]) < 0)
			goto fail;
	for (i = 0; i < sr->n; ++i) {
		q = &sr->periods[i];
		series_label(a, sr, i);
		if (!q->conns && i + 1 < sr->n && !sr->periods[i + 1].conns) {
			/* a gap of several periods: one row, so that the table
			 * stays as long as the log, whatever its dates */
			for (j = i + 1; !sr->periods[j + 1].conns; ++j)
				;
			series_label(b, sr, j);
			strcat(a, " to ");
			strcat(a, b);
			i = j;
		}
		if (grid_adds(&g, a) < 0)
			goto fail;
		for (j = 0; j < 9; ++j) {
			unsigned long v = 0;
			if (!q->conns) {
				if (grid_adds(&g, o->csv ? "" : "-") < 0)
					goto fail;
				continue;
			}
			if (j == 0)
				v = q->conns;
			else if (j == 1)
				v = q->hosts;
			else if (j < 7)
				v = q->results[results[j - 2]];
			else if (j == 7)
				v = q->longpasses;
			if (j == 8)
				report_percent(num, q->conns - q->results[RESULT_PASS], q->conns);
			else
				num[fmt_ulong(num, v)] = 0;
			if (grid_adds(&g, num) < 0)
				goto fail;
		}
	}
	if (flush(&g, o, out) < 0)
		return -1;
	if (o->csv)
		return 0;
	if (sr->untimed && (buffer_puts(out, "  Left out: ") < 0 ||
			    count(out, sr->untimed, "connection", "connections") < 0 ||
			    buffer_puts(out, " whose lines carry no timestamp.\n") < 0))
		return -1;
	if (sr->far && (buffer_puts(out, "  Left out: ") < 0 ||
			count(out, sr->far, "connection", "connections") < 0 ||
			buffer_puts(out, " dated more than 100,000 periods from the rest.\n") < 0))
		return -1;
	return 0;
fail:
	grid_free(&g);
	return -1;
}

/* Put the dot histogram row for d dots in Tony Finch's drawing:
 * the count right-aligned, the dots, and every fifth row numbered. */
static int dotrow(buffer *out, unsigned long names, unsigned int d, size_t width)
{
	char num[REPORT_NUMBER];
	size_t len = fmt_ulong(num, names);
	unsigned int i;
	for (; len < width; ++len)
		if (buffer_put(out, " ", 1) < 0)
			return -1;
	if (buffer_put(out, num, fmt_ulong(num, names)) < 0)
		return -1;
	if (d && buffer_put(out, " ", 1) < 0)
		return -1;
	for (i = 0; i < d; ++i)
		if (buffer_put(out, ".", 1) < 0)
			return -1;
	if (d && d % 5 == 0) {
		num[fmt_ulong(num, d)] = 0;
		if (puts3(out, " ", num, 0) < 0)
			return -1;
	}
	return buffer_put(out, "\n", 1);
}

/* The HELO table: distinct names early talkers sent, by number of dots,
 * and how many break each bogus-name rule. */
int report_helo(const struct stats *s, const struct report_options *o, buffer *out)
{
	struct grid g;
	char a[REPORT_NUMBER], b[REPORT_NUMBER];
	size_t top = 0, width, d;
	unsigned long most = 0;

	for (d = 0; d <= STATS_HELO_DOTS; ++d)
		if (s->helodots[d]) {
			top = d;
			if (s->helodots[d] > most)
				most = s->helodots[d];
		}
	if (o->csv) {
		if (buffer_puts(out, "# helo\n") < 0)
			return -1;
		grid_init(&g, 2, "rr");
		if (grid_adds(&g, "dots") < 0 || grid_adds(&g, "names") < 0)
			goto fail;
		for (d = 0; d <= top && s->helos.count; ++d) {
			a[fmt_ulong(a, (unsigned long)d)] = 0;
			b[fmt_ulong(b, s->helodots[d])] = 0;
			if (grid_adds(&g, a) < 0 || grid_adds(&g, b) < 0)
				goto fail;
		}
		if (flush(&g, o, out) < 0 || buffer_puts(out, "\n# helo bogus\n") < 0)
			return -1;
		grid_init(&g, 2, "lr");
		if (grid_adds(&g, "form") < 0 || grid_adds(&g, "names") < 0)
			goto fail;
	} else {
		report_thousands(a, s->helos.count);
		report_thousands(b, s->helosends);
		if (puts3(out, "HELO: ", a,
			  s->helos.count == 1 ? " different name" : " different names") < 0 ||
		    puts3(out, " in ", b,
			  s->helosends == 1 ? " HELO/EHLO line" : " HELO/EHLO lines") < 0 ||
		    buffer_puts(out, " sent before the greeting, by number of dots\n") < 0)
			return -1;
		width = fmt_ulong(a, most);
		for (d = 0; d <= top && s->helos.count; ++d)
			if (dotrow(out, s->helodots[d], (unsigned int)d, width) < 0)
				return -1;
		if (buffer_puts(out, "\n") < 0)
			return -1;
		grid_init(&g, 2, "lr");
		if (grid_adds(&g, "bogus form") < 0 || grid_adds(&g, "names") < 0)
			goto fail;
	}
	a[fmt_ulong(a, s->quads)] = 0;
	if (grid_adds(&g, "dotted quad") < 0 || grid_adds(&g, a) < 0)
		goto fail;
	a[fmt_ulong(a, s->doubledots)] = 0;
	if (grid_adds(&g, "double dot") < 0 || grid_adds(&g, a) < 0)
		goto fail;
	a[fmt_ulong(a, s->longnames)] = 0;
	if (grid_adds(&g, "55+ characters") < 0 || grid_adds(&g, a) < 0)
		goto fail;
	a[fmt_ulong(a, s->concatenated)] = 0;
	if (grid_adds(&g, "concatenated") < 0 || grid_adds(&g, a) < 0)
		goto fail;
	return flush(&g, o, out);
fail:
	grid_free(&g);
	return -1;
}
