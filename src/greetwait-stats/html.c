/* html: the report to look at, one self-contained HTML file. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "buffer.h"
#include "html.h"
#include "svg.h"

static FILE *sink; /* where the escaping buffer writes: one report at a time */

/* A buffer's write: the bytes HTML-escaped into sink. */
static ssize_t escaped(int fd, const char *s, size_t len)
{
	size_t i;
	(void)fd;
	for (i = 0; i < len; ++i)
		switch (s[i]) {
		case '<': fputs("&lt;", sink); break;
		case '>': fputs("&gt;", sink); break;
		case '&': fputs("&amp;", sink); break;
		case '"': fputs("&quot;", sink); break;
		default: fputc(s[i], sink);
		}
	if (ferror(sink)) {
		errno = EIO;
		return -1;
	}
	return (ssize_t)len;
}

/* A section: its heading, then a table printed as on a terminal. */
static int table(FILE *f, const char *id, const char *title, const struct stats *s,
		 const struct report_options *o,
		 int (*print)(const struct stats *, const struct report_options *, buffer *))
{
	static char space[4096];
	buffer out;
	fprintf(f, "<section id=\"%s\">\n<h2>%s</h2>\n<pre>", id, title);
	sink = f;
	buffer_init(&out, (ssize_t(*)())escaped, -1, space, sizeof space);
	if (print(s, o, &out) < 0 || buffer_flush(&out) < 0)
		return -1;
	fputs("</pre>\n</section>\n", f);
	return ferror(f) ? -1 : 0;
}

/* An SVG picture inline: drawn to memory, its XML declaration left out. */
static int picture(FILE *f, const char *svg, size_t len)
{
	const char *start = strstr(svg, "<svg");
	if (!start)
		return -1;
	fprintf(f, "<figure>\n%.*s</figure>\n", (int)(len - (size_t)(start - svg)), start);
	return 0;
}

/* The impatience histogram, inline. */
static int histogram(FILE *f, const struct stats *s, const struct report_options *o)
{
	unsigned long *counts;
	char *svg = 0;
	size_t n, len = 0;
	FILE *m;
	int r;
	if (stats_impatience(s, o->byconnections, &counts, &n) < 0)
		return -1;
	if (!(m = open_memstream(&svg, &len))) {
		free(counts);
		return -1;
	}
	r = svg_impatience(m, counts, n, s->widthms, o->byconnections ? "connections" : "hosts");
	free(counts);
	if (fclose(m) == EOF || r < 0) {
		free(svg);
		return -1;
	}
	r = picture(f, svg, len);
	free(svg);
	return r;
}

/* The series chart, inline. */
static int chart(FILE *f, const struct stats *s)
{
	char *svg = 0;
	size_t len = 0;
	FILE *m;
	int r;
	if (!(m = open_memstream(&svg, &len)))
		return -1;
	r = svg_series(m, &s->series);
	if (fclose(m) == EOF || r < 0) {
		free(svg);
		return -1;
	}
	r = picture(f, svg, len);
	free(svg);
	return r;
}

/* Write the whole report to f; -1 on a write error or out of memory.
 * The series and rule tables need stats_keep_series and stats_keep_rules. */
int html_report(FILE *f, const struct stats *s, const struct report_options *o)
{
	struct report_options text = *o;
	time_t now = time(0);
	struct tm tm;
	char when[40];
	text.csv = 0;
	if (!gmtime_r(&now, &tm) || !strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm))
		strcpy(when, "?");
	fprintf(f,
		"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<title>greetwait-stats report</title>\n"
		"<style>\nbody { font-family: sans-serif; margin: 2em; color: #222; }\n"
		"pre { font-size: 13px; background: #f6f6f6; padding: 0.8em; overflow-x: auto; }\n"
		"figure { margin: 0.5em 0; }\nnav a { margin-right: 1em; }\n</style>\n"
		"</head>\n<body>\n<h1>greetwait-stats report</h1>\n<p>Made %s.</p>\n"
		"<nav><a href=\"#summary\">Summary</a><a href=\"#impatience\">Impatience</a>"
		"<a href=\"#advice\">Advice</a><a href=\"#series\">Over time</a>"
		"<a href=\"#rules\">Rules</a><a href=\"#retries\">Retries</a>"
		"<a href=\"#helo\">HELO</a></nav>\n",
		when);
	if (table(f, "summary", "Summary", s, &text, report_summary) < 0)
		return -1;
	fputs("<section id=\"impatience\">\n<h2>Impatience</h2>\n", f);
	if (histogram(f, s, &text) < 0)
		return -1;
	fputs("</section>\n", f);
	if (table(f, "impatience-table", "Impatience, as a table", s, &text, report_impatience) <
		0 ||
	    table(f, "advice", "Advice on the long delay", s, &text, report_advice) < 0)
		return -1;
	fputs("<section id=\"series\">\n<h2>Over time</h2>\n", f);
	if (chart(f, s) < 0)
		return -1;
	fputs("</section>\n", f);
	if (table(f, "series-table", "Over time, as a table", s, &text, report_series) < 0 ||
	    table(f, "rules", "Per rule", s, &text, report_rules) < 0 ||
	    table(f, "retries", "Retries", s, &text, report_retries) < 0 ||
	    table(f, "helo", "HELO names", s, &text, report_helo) < 0)
		return -1;
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
