/* libFuzzer target for greetwait-stats' input path (src/greetwait-stats/linein.c, then
 * src/greetwait-stats/logparse.c, src/greetwait-stats/stats.c and the reports): the bytes are read
 * from a file as greetwait-stats reads one, every line parsed and counted, and every table printed
 * (to nowhere) and drawn, the series too when the second byte's bit 4 says so.  First byte odd: the
 * rest is gzip-compressed here first (in one or two members, at a level the second byte chooses) so
 * that the fuzzer's changes reach linein through real gzip; even: the rest is the file as it is,
 * damaged gzip included. Wherever the text is known, linein must give back exactly its lines, those
 * over LINEIN_MAX reported as overlong. */
#include <stdint.h>
#include <zlib.h>

#include "buffer.h"
#include "fuzz.h"
#include "html.h"
#include "linein.h"
#include "logparse.h"
#include "prometheus.h"
#include "report.h"
#include "stats.h"
#include "svg.h"

/* Compress text into out as gzip members split at cut; its length, or 0. */
static size_t gzip(unsigned char *out, size_t size, const unsigned char *text, size_t len,
		   size_t cut, int level)
{
	size_t n = 0;
	for (int member = 0; member < 2; member++) {
		const unsigned char *p = member ? text + cut : text;
		size_t plen = member ? len - cut : cut;
		z_stream z;
		memset(&z, 0, sizeof z);
		if (member && !plen)
			break;
		if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
			return 0;
		z.next_in = (unsigned char *)p;
		z.avail_in = (unsigned int)plen;
		z.next_out = out + n;
		z.avail_out = (unsigned int)(size - n);
		if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
			deflateEnd(&z);
			return 0;
		}
		n = size - z.avail_out;
		deflateEnd(&z);
	}
	return n;
}

/* A writer that drops what the reports print. */
static ssize_t drop(int fd, const void *buf, size_t len)
{
	(void)fd, (void)buf;
	return (ssize_t)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct linein in;
	static struct logrec rec;
	static struct stats s;
	static unsigned char packed[200000];
	static FILE *devnull;
	static char space[4096];
	const unsigned char *text = 0, *file, *next;
	struct logclock clock = {2026, 3600};
	struct report_options o;
	size_t textlen = 0, filelen, left;
	char path[32];
	buffer out;
	int fd, r;
	const char *line;
	size_t len;
	if (size < 2)
		return 0;
	if (!devnull && !(devnull = fopen("/dev/null", "w")))
		return 0;
	file = data + 2;
	filelen = size - 2;
	if (data[0] & 1) {
		text = file;
		textlen = filelen;
		filelen = gzip(packed, sizeof packed, text, textlen, data[1] * textlen / 255,
			       data[1] % 10);
		FUZZ_CHECK(filelen, "the harness compresses the text");
		file = packed;
	} else if (!(filelen >= 2 && file[0] == 0x1f && file[1] == 0x8b)) {
		text = file; /* not gzip: zlib passes it through */
		textlen = filelen;
	}
	if ((fd = fuzz_file(file, filelen, path)) == -1 || (fd = dup(fd)) == -1)
		return 0;
	FUZZ_CHECK(linein_open(&in, fd) == 0, "linein opens");
	stats_init(&s, (data[1] & 3) * 500UL, 5000, (data[1] >> 2 & 3) * 2500LL);
	if (data[1] & 0x40)
		stats_keep_rules(&s);
	if (data[1] & 0x80)
		stats_keep_offenders(&s, 1 + (data[1] & 7));
	if (data[1] & 0x10) /* the series too, per day or hour, in a zone */
		stats_keep_series(&s, data[1] & 0x20 ? SERIES_HOUR : SERIES_DAY,
				  (long)(int8_t)data[0] * 900L);
	next = text;
	left = textlen;
	while ((r = linein_next(&in, &line, &len)) > 0) {
		if (text) { /* the next line of the known text */
			const unsigned char *nl = memchr(next, '\n', left);
			size_t want = nl ? (size_t)(nl - next) : left;
			FUZZ_CHECK(left > 0, "no line comes after the text's last one");
			FUZZ_CHECK(r == (want > LINEIN_MAX ? 2 : 1),
				   "overlong exactly when longer than LINEIN_MAX");
			if (r == 1)
				FUZZ_CHECK(len == want && !memcmp(line, next, len),
					   "a line reads back as written");
			next += want + (nl != 0);
			left -= want + (nl != 0);
		}
		if (r == 2) {
			FUZZ_CHECK(len == 0, "an overlong line is given as empty");
			s.overlong++;
			continue;
		}
		FUZZ_CHECK(len <= LINEIN_MAX, "a line is at most LINEIN_MAX bytes");
		logparse_line(line, len, &clock, &rec);
		FUZZ_CHECK(stats_add(&s, &rec) >= 0, "stats_add has the memory it needs");
	}
	if (text) {
		FUZZ_CHECK(r == 0 && left == 0, "every line of the text is read, then the end");
		if (filelen)
			FUZZ_CHECK(linein_compressed(&in) == (data[0] & 1),
				   "gzip is recognised as gzip, only");
	}
	linein_close(&in);
	buffer_init(&out, (ssize_t(*)())drop, -1, space, sizeof space);
	for (int k = 0; k < 4; k++) {
		o.keep = 1 + (unsigned long)data[1] * 392; /* 0.001% to 100% */
		o.window = (long long)(data[1] & 0x30) * 100000;
		o.csv = k & 1;
		o.byconnections = k >> 1;
		FUZZ_CHECK(
		    report_summary(&s, &o, &out) >= 0 && report_impatience(&s, &o, &out) >= 0 &&
			report_retries(&s, &o, &out) >= 0 && report_helo(&s, &o, &out) >= 0 &&
			(!s.series.periodms || report_series(&s, &o, &out) >= 0) &&
			report_rules(&s, &o, &out) >= 0 && report_advice(&s, &o, &out) >= 0 &&
			report_offenders(&s, &o, &out) >= 0,
		    "the reports print");
	}
	{
		unsigned long *counts;
		size_t n;
		FUZZ_CHECK(stats_impatience(&s, data[1] & 1, &counts, &n) >= 0,
			   "the histogram is made");
		svg_impatience(devnull, counts, n, s.widthms, "hosts");
		free(counts);
		if (s.series.periodms)
			svg_series(devnull, &s.series);
		prometheus_write(devnull, &s);
		o.csv = 0;
		FUZZ_CHECK(html_report(devnull, &s, &o) >= 0, "the HTML report is written");
	}
	if (s.series.periodms) { /* every timed connection is in its period or left out */
		unsigned long inseries = 0;
		for (size_t k = 0; k < s.series.n; k++)
			inseries += s.series.periods[k].conns;
		FUZZ_CHECK(inseries + s.series.untimed + s.series.far == s.connections,
			   "the series counts every connection once");
	}
	stats_free(&s);
	return 0;
}
