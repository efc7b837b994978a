/* greetwait-stats: turn greetwait logs into the tables the 2004-2006
 * studies published: summary, impatience, retries, HELO dots. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "buffer.h"
#include "duration.h"
#include "errmsg.h"
#include "fmt.h"
#include "scan.h"
#include "html.h"
#include "linein.h"
#include "logparse.h"
#include "offenders.h"
#include "prometheus.h"
#include "report.h"
#include "stats.h"
#include "svg.h"

#define USAGE                                                                                      \
	"greetwait-stats [ -cz ] [ -s short ] [ -w width ] [ -g spacing ] [ -y year ] "            \
	"[ -a keep ] [ -p day|hour ] [ -n count ] [ -W window ] [ -t table,... ] [ --csv ] "       \
	"[ --svg file ] [ --series-svg file ] [ --prometheus file ] [ --rbldns file ] "            \
	"[ --html file ] "                                                                         \
	"[ file ... ]"

/* Print the usage line and exit 100. */
static void dieusage(void) { die(100, "usage: ", USAGE); }

/* Out of memory is a temporary failure. */
static void dienomem(void) { die(111, "fatal: out of memory"); }

/* write(2) for the tables, ending the run at the first failure. libowfat
 * 0.32's buffer_flush declares buffer_stubborn as returning ssize_t where
 * it returns int, so a failed write reads as success there. */
static ssize_t write_or_die(int fd, const char *buf, size_t len)
{
	ssize_t w = write(fd, buf, len);
	if (w < 0 && errno != EINTR)
		diesys(111, "fatal: unable to write output");
	return w;
}

static char outspace[BUFFER_OUTSIZE];
static buffer out = BUFFER_INIT(write_or_die, 1, outspace, sizeof outspace);

/* Read a seconds option as greetwait reads its delays (duration_parse). */
static unsigned long option_seconds(const char *arg, int zero_ok)
{
	unsigned long ms;
	if (!duration_parse(arg, &ms) || (!ms && !zero_ok))
		dieusage();
	return ms;
}

/* The tables, in the order they are printed; -t names them. */
static const char *const tablenames[] = {"summary", "impatience", "advice", "series",
					 "rules",   "retries",    "helo",   "offenders"};
#define TABLES          8
#define TABLE_ADVICE    (1 << 2)
#define TABLE_SERIES    (1 << 3)
#define TABLE_RULES     (1 << 4)
#define TABLE_OFFENDERS (1 << 7)
#define TABLES_SEED     0x63 /* the published four: summary, impatience, retries, helo */

/* Read the -t list of tables. */
static int option_tables(const char *arg)
{
	const char *p = arg, *e;
	int t = 0, i;
	while (*p) {
		e = strchr(p, ',');
		if (!e)
			e = p + strlen(p);
		for (i = 0; i < TABLES; ++i)
			if (strlen(tablenames[i]) == (size_t)(e - p) &&
			    !memcmp(p, tablenames[i], (size_t)(e - p)))
				break;
		if (i == TABLES)
			dieusage();
		t |= 1 << i;
		p = *e ? e + 1 : e;
	}
	if (!t)
		dieusage();
	return t;
}

/* Reading takes two threads, as the inputs are one stream whose lines
 * must be counted in order.  The reader reads every input into a ring of
 * batches, up to BATCH_TEXT bytes of whole lines each (a plain file
 * straight into the batch in large reads, gzip data line by line through
 * linein); a batch is parsed by whichever thread is free (main takes the
 * oldest waiting, the reader, when the ring is full, the newest), and
 * main counts the batches in order.  Batches of a thousand lines leave
 * the threads to work apart: at 32 lines a batch a fifth of the time went
 * in waking each other.  Counting reads ahead: it fetches the memory of
 * the addresses' slots, keys and records some lines before it counts
 * them, since on a log of a million addresses each lookup would
 * otherwise wait on RAM. */
#define BATCH      1024   /* lines */
#define BATCH_TEXT 131072 /* bytes */
#define BATCHES    6      /* batches between the reader and the counter */
#define AHEAD      48     /* lines between fetching a slot and counting */

/* A batch is free, then filled by the reader, parsed by one thread,
 * counted by main and free again; the state changes under the lock. */
enum batchstate { BATCH_FREE, BATCH_FILLED, BATCH_PARSING, BATCH_PARSED };

struct batch {
	int state; /* enum batchstate */
	size_t n;  /* lines: text + starts[i], lens[i] bytes */
	unsigned long overlong;
	const struct logclock *clock;
	uint32_t starts[BATCH], lens[BATCH];
	struct logrec recs[BATCH]; /* they point into text */
	char text[BATCH_TEXT];
};

static struct batch batches[BATCHES];
static size_t filled, counted; /* batches handed over, and counted */
static int readerdone;         /* the reader has handed over its last batch */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

/* What the reader thread reads: the inputs and how. */
struct inputs {
	char **names;
	int n, mustgzip;
	const struct logclock *clock;
	int damaged; /* set by the reader: an input could not be read to its end */
};

/* One input as the reader keeps it between batches. */
struct source {
	struct linein in;
	int plain;         /* no gzip: read in blocks straight into the batches */
	int eof, error;    /* read to its end; a read error ended it */
	int skipping;      /* inside a line over LINEIN_MAX, dropped to its end */
	const char *carry; /* a line the last batch's end cut, for the next */
	size_t carrylen;
};

/* Parse every line of b. */
static void parsebatch(struct batch *b)
{
	size_t i;
	for (i = 0; i < b->n; ++i)
		logparse_line(b->text + b->starts[i], b->lens[i], b->clock, &b->recs[i]);
}

/* Parse b, claimed under the lock, and say so; the lock is held again
 * on return. */
static void parseclaimed(struct batch *b)
{
	b->state = BATCH_PARSING;
	pthread_mutex_unlock(&lock);
	parsebatch(b);
	pthread_mutex_lock(&lock);
	b->state = BATCH_PARSED;
	pthread_cond_broadcast(&changed);
}

/* A free batch for the reader; while every one is full, parse the
 * newest waiting one, or wait. */
static struct batch *freebatch(void)
{
	size_t i;
	pthread_mutex_lock(&lock);
	while (filled - counted == BATCHES) {
		for (i = filled; i > counted && batches[(i - 1) % BATCHES].state != BATCH_FILLED;
		     --i)
			;
		if (i > counted)
			parseclaimed(&batches[(i - 1) % BATCHES]);
		else
			pthread_cond_wait(&changed, &lock);
	}
	pthread_mutex_unlock(&lock);
	return &batches[filled % BATCHES];
}

/* Hand b, the batch being filled, to the counter. */
static void handover(struct batch *b)
{
	pthread_mutex_lock(&lock);
	b->state = BATCH_FILLED;
	++filled;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

/* Take the line of len bytes at b->text + start, or count it overlong
 * as linein would. */
static void takeline(struct batch *b, size_t start, size_t len)
{
	if (len > LINEIN_MAX) {
		++b->overlong;
		return;
	}
	b->starts[b->n] = (uint32_t)start;
	b->lens[b->n++] = (uint32_t)len;
}

/* Fill b from a plain input: the line the last batch cut, then blocks
 * read straight in, cut into lines with linein_next's rules (a line over
 * LINEIN_MAX is skipped whole and counted, a last line without its
 * newline counts, a read error loses the line it cuts). */
static void fillplain(struct source *src, struct batch *b)
{
	size_t pos = 0, have = src->carrylen;
	const char *nl;
	int r;
	if (have)
		memcpy(b->text, src->carry, have);
	src->carrylen = 0;
	for (;;) {
		while (b->n < BATCH && (nl = memchr(b->text + pos, '\n', have - pos))) {
			if (src->skipping) {
				src->skipping = 0;
				++b->overlong;
			} else
				takeline(b, pos, (size_t)(nl - b->text) - pos);
			pos = (size_t)(nl - b->text) + 1;
		}
		if (b->n == BATCH)
			break; /* the rest is for the next batch */
		if (src->skipping || have - pos > LINEIN_MAX) {
			src->skipping = 1;
			pos = have;
		}
		if (have == BATCH_TEXT) {
			if (b->n || b->overlong)
				break;
			memmove(b->text, b->text + pos, have - pos);
			have -= pos;
			pos = 0;
		}
		r = linein_read(&src->in, b->text + have, BATCH_TEXT - have);
		if (r < 0) {
			src->eof = src->error = 1;
			pos = have;
			break;
		}
		if (!r) {
			src->eof = 1;
			if (src->skipping)
				++b->overlong;
			else if (have > pos)
				takeline(b, pos, have - pos);
			pos = have;
			break;
		}
		have += (size_t)r;
	}
	src->carry = b->text + pos;
	src->carrylen = have - pos;
}

/* Fill b from gzip data, line by line through linein. */
static void fillgzip(struct source *src, struct batch *b)
{
	const char *line;
	size_t len, used = 0;
	int r;
	while (b->n < BATCH && used + LINEIN_MAX <= BATCH_TEXT) {
		if ((r = linein_next(&src->in, &line, &len)) <= 0) {
			src->eof = 1;
			src->error = r < 0;
			return;
		}
		if (r == 2) {
			++b->overlong;
			continue;
		}
		memcpy(b->text + used, line, len);
		takeline(b, used, len);
		used += len;
	}
}

/* Read every line of one input into batches; 0, or 1 if the input was
 * damaged. */
static int readinput(const char *name, const struct logclock *clock, int mustgzip)
{
	static struct source src;
	struct batch *b;
	int fd, damaged = 0;

	if (!strcmp(name, "-"))
		fd = 0;
	else if ((fd = open(name, O_RDONLY)) < 0)
		diesys(111, "fatal: unable to open ", name);
	if (linein_open(&src.in, fd) < 0)
		dienomem();
	src.plain = !linein_compressed(&src.in);
	src.eof = src.error = src.skipping = 0;
	src.carrylen = 0;
	do {
		b = freebatch();
		b->n = 0;
		b->overlong = 0;
		b->clock = clock;
		if (src.plain)
			fillplain(&src, b);
		else
			fillgzip(&src, b);
		handover(b);
	} while (!src.eof);
	if (src.error)
		damaged = 1;
	if (mustgzip && !linein_compressed(&src.in))
		die(111, "fatal: not gzip data: ", name);
	if (linein_close(&src.in) < 0)
		damaged = 1;
	if (damaged)
		carp("warning: unable to read all of ", name, ": read error or damaged gzip data");
	return damaged;
}

/* The reader thread: every input in turn, standard input if none. */
static void *reader(void *arg)
{
	struct inputs *in = arg;
	int i;
	if (!in->n)
		in->damaged |= readinput("-", in->clock, in->mustgzip);
	for (i = 0; i < in->n; ++i)
		in->damaged |= readinput(in->names[i], in->clock, in->mustgzip);
	pthread_mutex_lock(&lock);
	readerdone = 1;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Count the parsed batch b, reading each line's memory ahead: its
 * address's slot AHEAD lines before, its key 2/3 of that, its record 1/3. */
static void countbatch(struct stats *s, struct batch *b)
{
	size_t i, n = b->n;
	for (i = 0; i < n + AHEAD; ++i) {
		if (i < n)
			stats_fetch_slot(s, &b->recs[i]);
		if (i >= AHEAD / 3 && i - AHEAD / 3 < n)
			stats_fetch_key(s, &b->recs[i - AHEAD / 3]);
		if (i >= 2 * AHEAD / 3 && i - 2 * AHEAD / 3 < n)
			stats_fetch_record(s, &b->recs[i - 2 * AHEAD / 3]);
		if (i >= AHEAD && stats_add(s, &b->recs[i - AHEAD]) < 0)
			dienomem();
	}
	s->overlong += b->overlong;
}

/* Count the batches in order as the reader hands them over, parsing
 * those the reader has not taken. */
static void countall(struct stats *s)
{
	struct batch *b;
	size_t i;
	pthread_mutex_lock(&lock);
	for (;;) {
		if (filled == counted) {
			if (readerdone)
				break;
			pthread_cond_wait(&changed, &lock);
			continue;
		}
		b = &batches[counted % BATCHES];
		if (b->state != BATCH_PARSED) {
			/* the oldest, or a later one while the reader parses it */
			for (i = counted; i < filled && batches[i % BATCHES].state != BATCH_FILLED;
			     ++i)
				;
			if (i < filled)
				parseclaimed(&batches[i % BATCHES]);
			else
				pthread_cond_wait(&changed, &lock);
			continue;
		}
		pthread_mutex_unlock(&lock);
		countbatch(s, b);
		pthread_mutex_lock(&lock);
		b->state = BATCH_FREE;
		++counted;
		pthread_cond_broadcast(&changed);
	}
	pthread_mutex_unlock(&lock);
}

/* Read and count every input: the reader thread and this one. */
static int readall(struct stats *s, char **names, int n, const struct logclock *clock, int mustgzip)
{
	struct inputs in = {names, n, mustgzip, clock, 0};
	pthread_t t;
	if (pthread_create(&t, 0, reader, &in))
		die(111, "fatal: unable to start the reading thread");
	countall(s);
	pthread_join(t, 0);
	return in.damaged;
}

/* Print the chosen tables in their fixed order, a blank line between. */
static int printtables(const struct stats *s, const struct report_options *o, int tables)
{
	static int (*const print[TABLES])(const struct stats *, const struct report_options *,
					  buffer *) = {
	    report_summary, report_impatience, report_advice, report_series,
	    report_rules,   report_retries,    report_helo,   report_offenders};
	int i, first = 1;
	for (i = 0; i < TABLES; ++i) {
		if (!(tables & 1 << i))
			continue;
		if (!first && buffer_puts(&out, "\n") < 0)
			return -1;
		if (print[i](s, o, &out) < 0)
			return -1;
		first = 0;
	}
	return 0;
}

/* Draw the impatience histogram into file. */
static void writesvg(const struct stats *s, const char *file, int byconnections)
{
	unsigned long *counts;
	size_t n;
	FILE *f;
	if (stats_impatience(s, byconnections, &counts, &n) < 0)
		dienomem();
	if (!(f = fopen(file, "w")))
		diesys(111, "fatal: unable to create ", file);
	if (svg_impatience(f, counts, n, s->widthms, byconnections ? "connections" : "hosts") < 0 ||
	    fclose(f) == EOF)
		diesys(111, "fatal: unable to write ", file);
	free(counts);
}

/* Draw the series into file. */
static void writeseries(const struct stats *s, const char *file)
{
	FILE *f;
	if (!(f = fopen(file, "w")))
		diesys(111, "fatal: unable to create ", file);
	if (svg_series(f, &s->series) < 0 || fclose(f) == EOF)
		diesys(111, "fatal: unable to write ", file);
}

/* The metrics file's contents. */
static int metrics(FILE *f, const struct stats *s, const struct report_options *o)
{
	(void)o;
	return prometheus_write(f, s);
}

/* The HTML report's contents. */
static int report(FILE *f, const struct stats *s, const struct report_options *o)
{
	return html_report(f, s, o);
}

/* The rbldns data file's contents. */
static int rbldns(FILE *f, const struct stats *s, const struct report_options *o)
{
	struct offender *list;
	size_t n;
	int r;
	if (offenders_list(s, o->window, &list, &n) < 0)
		dienomem();
	r = offenders_rbldns(f, list, n, o->window);
	free(list);
	return r;
}

/* Write file atomically, for cron and the programs that read it (the
 * textfile collector, rbldns-data): a new file beside it, synced,
 * renamed over it; on any failure the temporary file is removed and the
 * old file stays. */
static void writeatomic(const char *file, const struct stats *s, const struct report_options *o,
			int (*contents)(FILE *, const struct stats *,
					const struct report_options *))
{
	static char tmp[4096];
	char pid[FMT_ULONG];
	size_t n = strlen(file);
	FILE *f;
	int fd;
	pid[fmt_ulong(pid, (unsigned long)getpid())] = 0;
	if (n + 6 + strlen(pid) >= sizeof tmp)
		die(111, "fatal: file name too long: ", file);
	memcpy(tmp, file, n);
	memcpy(tmp + n, ".tmp.", 5);
	strcpy(tmp + n + 5, pid);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644)) < 0)
		diesys(111, "fatal: unable to create ", tmp);
	if (!(f = fdopen(fd, "w"))) {
		unlink(tmp);
		diesys(111, "fatal: out of memory");
	}
	if (contents(f, s, o) < 0 || fflush(f) == EOF || fsync(fd) < 0) {
		unlink(tmp);
		diesys(111, "fatal: unable to write ", tmp);
	}
	if (fclose(f) == EOF) {
		unlink(tmp);
		diesys(111, "fatal: unable to write ", tmp);
	}
	if (rename(tmp, file) < 0) {
		unlink(tmp);
		diesys(111, "fatal: unable to rename ", tmp, " to ", file);
	}
}

/* Read options, then every input, then print the tables. */
int main(int argc, char **argv)
{
	static const struct option longopts[] = {{"csv", no_argument, 0, 'C'},
						 {"svg", required_argument, 0, 'S'},
						 {"series-svg", required_argument, 0, 'E'},
						 {"prometheus", required_argument, 0, 'P'},
						 {"rbldns", required_argument, 0, 'R'},
						 {"html", required_argument, 0, 'H'},
						 {0, 0, 0, 0}};
	static struct stats s;
	struct report_options o = {0, 0, 95000, 86400000};
	struct logclock clock;
	unsigned long shortms = 1000, widthms = 5000, spacingms = 5000, year;
	const char *svgfile = 0, *seriesfile = 0, *metricsfile = 0, *rbldnsfile = 0, *htmlfile = 0;
	unsigned long offn = 5, windowms;
	long long periodms = SERIES_DAY;
	int tables = TABLES_SEED, mustgzip = 0, damaged = 0, opt;
	time_t now = time(0);
	struct tm tm;

	errmsg_iam("greetwait-stats");
	localtime_r(&now, &tm);
	clock.year = tm.tm_year + 1900;
	clock.utcoffset = tm.tm_gmtoff;
	while ((opt = getopt_long(argc, argv, "a:cs:w:g:n:p:t:W:y:z", longopts, 0)) != -1) {
		switch (opt) {
		case 'a':
			/* a share in percent, read as seconds are: up to three decimals */
			if (!duration_parse(optarg, &o.keep) || !o.keep || o.keep > 100000)
				dieusage();
			break;
		case 'c': o.byconnections = 1; break;
		case 's': shortms = option_seconds(optarg, 1); break;
		case 'w': widthms = option_seconds(optarg, 0); break;
		case 'g': spacingms = option_seconds(optarg, 1); break;
		case 't': tables = option_tables(optarg); break;
		case 'y':
			if (scan_ulongn(optarg, 4, &year) != 4 || optarg[4] || year < 1970)
				dieusage();
			clock.year = (int)year;
			break;
		case 'p':
			if (!strcmp(optarg, "day"))
				periodms = SERIES_DAY;
			else if (!strcmp(optarg, "hour"))
				periodms = SERIES_HOUR;
			else
				dieusage();
			break;
		case 'z': mustgzip = 1; break;
		case 'C': o.csv = 1; break;
		case 'S': svgfile = optarg; break;
		case 'E': seriesfile = optarg; break;
		case 'P': metricsfile = optarg; break;
		case 'R': rbldnsfile = optarg; break;
		case 'H': htmlfile = optarg; break;
		case 'n':
			if (!*optarg || scan_ulongn(optarg, 6, &offn) != strlen(optarg) || !offn ||
			    offn > 1000)
				dieusage();
			break;
		case 'W':
			if (!logparse_seconds(optarg, strlen(optarg), &windowms) || !windowms)
				dieusage();
			o.window = (long long)windowms;
			break;
		default: dieusage();
		}
	}
	stats_init(&s, shortms, widthms, (long long)spacingms);
	if (tables & TABLE_SERIES || seriesfile || htmlfile)
		stats_keep_series(&s, periodms, clock.utcoffset);
	if (tables & TABLE_RULES || htmlfile)
		stats_keep_rules(&s);
	if (tables == 1 << 1 && !seriesfile && !metricsfile && !rbldnsfile && !htmlfile)
		stats_light(&s); /* the impatience table alone, as awk would be asked */
	if (tables & TABLE_OFFENDERS || rbldnsfile)
		stats_keep_offenders(&s, (unsigned int)offn);
	damaged = readall(&s, argv + optind, argc - optind, &clock, mustgzip);

	if (printtables(&s, &o, tables) < 0) /* a failed write never returns */
		dienomem();
	buffer_flush(&out);
	if (svgfile)
		writesvg(&s, svgfile, o.byconnections);
	if (seriesfile)
		writeseries(&s, seriesfile);
	if (metricsfile)
		writeatomic(metricsfile, &s, &o, metrics);
	if (rbldnsfile)
		writeatomic(rbldnsfile, &s, &o, rbldns);
	if (htmlfile)
		writeatomic(htmlfile, &s, &o, report);
	stats_free(&s);
	return damaged ? 111 : 0;
}
