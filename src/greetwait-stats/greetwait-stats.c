/* greetwait-stats: turn greetwait logs into the tables the 2004-2006
 * studies published: summary, impatience, retries, HELO dots. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
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
 * must be counted in order: the reader reads every input into batches
 * of lines and parses every other one; main parses the others and counts
 * each batch as it comes.  Counting a
 * batch first fetches the memory of its addresses' slots, then of their
 * records, then counts: on a log of a million addresses each line's
 * lookups would otherwise wait on RAM (1.6 times the speed with one
 * thread, and the parsing, as long again, is done meanwhile). */
#define BATCH   32 /* lines */
#define BATCHES 8  /* batches between the reader and the counter */

struct batch {
	size_t n;
	unsigned long overlong;
	int parsed; /* the reader parsed its lines; else the counter parses them */
	const struct logclock *clock;
	size_t lens[BATCH];
	struct logrec recs[BATCH];
	char lines[BATCH][LINEIN_MAX]; /* the records point into them */
};

static struct batch batches[BATCHES];
static size_t filled, counted; /* batches handed over, and taken back */
static int readerdone;         /* the reader's last batch is handed over */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;

/* What the reader thread reads: the inputs and how. */
struct inputs {
	char **names;
	int n, mustgzip;
	const struct logclock *clock;
	int damaged; /* set by the reader: an input could not be read to its end */
};

/* A free batch for the reader, waiting for the counter if all are full. */
static struct batch *freebatch(void)
{
	pthread_mutex_lock(&lock);
	while (filled - counted == BATCHES)
		pthread_cond_wait(&changed, &lock);
	pthread_mutex_unlock(&lock);
	return &batches[filled % BATCHES];
}

/* Hand the batch being filled to the counter; the last one says so. */
static void handover(int last)
{
	pthread_mutex_lock(&lock);
	++filled;
	readerdone = last;
	pthread_cond_signal(&changed);
	pthread_mutex_unlock(&lock);
}

/* Parse the lines of every other batch here, leaving the rest to the
 * counter, so that both threads parse (parsing is the longest part). */
static void parseodd(struct batch *b, const struct logclock *clock)
{
	static unsigned long handed;
	size_t i;
	b->clock = clock;
	b->parsed = handed++ % 2;
	for (i = 0; b->parsed && i < b->n; ++i)
		logparse_line(b->lines[i], b->lens[i], clock, &b->recs[i]);
}

/* Read every line of one input into batches; 0, or 1 if the input was
 * damaged. */
static int readinput(const char *name, const struct logclock *clock, int mustgzip)
{
	static struct linein in;
	struct batch *b = freebatch();
	const char *line;
	size_t len;
	int fd, r, damaged = 0;

	if (!strcmp(name, "-"))
		fd = 0;
	else if ((fd = open(name, O_RDONLY)) < 0)
		diesys(111, "fatal: unable to open ", name);
	if (linein_open(&in, fd) < 0)
		dienomem();
	while ((r = linein_next(&in, &line, &len)) > 0) {
		if (r == 2) {
			++b->overlong;
			continue;
		}
		memcpy(b->lines[b->n], line, len);
		b->lens[b->n] = len;
		if (++b->n == BATCH) {
			parseodd(b, clock);
			handover(0);
			b = freebatch();
		}
	}
	parseodd(b, clock);
	handover(0); /* what is left, maybe nothing */
	if (r < 0)
		damaged = 1;
	if (mustgzip && !linein_compressed(&in))
		die(111, "fatal: not gzip data: ", name);
	if (linein_close(&in) < 0)
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
	freebatch()->n = 0;
	handover(1);
	return 0;
}

/* Count the batches as the reader hands them over, until its last. */
static void countall(struct stats *s)
{
	struct batch *b;
	size_t i;
	int last;
	for (;;) {
		pthread_mutex_lock(&lock);
		while (filled == counted)
			pthread_cond_wait(&changed, &lock);
		last = readerdone && filled - counted == 1;
		pthread_mutex_unlock(&lock);
		b = &batches[counted % BATCHES];
		for (i = 0; !b->parsed && i < b->n; ++i)
			logparse_line(b->lines[i], b->lens[i], b->clock, &b->recs[i]);
		for (i = 0; i < b->n; ++i)
			stats_fetch_slot(s, &b->recs[i]);
		for (i = 0; i < b->n; ++i)
			stats_fetch_record(s, &b->recs[i]);
		for (i = 0; i < b->n; ++i)
			if (stats_add(s, &b->recs[i]) < 0)
				dienomem();
		s->overlong += b->overlong;
		b->n = 0;
		b->overlong = 0;
		pthread_mutex_lock(&lock);
		++counted;
		pthread_cond_signal(&changed);
		pthread_mutex_unlock(&lock);
		if (last)
			return;
	}
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
