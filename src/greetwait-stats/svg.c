/* svg: the impatience histogram as a small standalone SVG picture. */
#include "report.h"
#include "svg.h"

#define W      760
#define H      400
#define LEFT   70
#define RIGHT  60
#define TOP    40
#define BOTTOM 50

/* A step that puts 4 to 10 gridlines under top. */
static unsigned long step(unsigned long top)
{
	unsigned long s = 1;
	while (top / s > 10) {
		if (top / (s * 2) <= 10)
			return s * 2;
		if (top / (s * 5) <= 10)
			return s * 5;
		s *= 10;
	}
	return s;
}

/* Write the histogram of counts (bucket i covers i*widthms ms) to f;
 * what names the counted things ("hosts"); -1 on a write error. stdio's
 * %.1f for the coordinates: libowfat's fmt_double writes 310 as "3.e2". */
int svg_impatience(FILE *f, const unsigned long *counts, size_t n, unsigned long widthms,
		   const char *what)
{
	unsigned long most = 0, total = 0, cumulative = 0, s, v;
	double plotw = W - LEFT - RIGHT, ploth = H - TOP - BOTTOM, barw, x, y;
	char label[REPORT_NUMBER];
	size_t i, every;

	for (i = 0; i < n; ++i) {
		total += counts[i];
		if (counts[i] > most)
			most = counts[i];
	}
	if (!most)
		most = 1;
	s = step(most);
	most = (most + s - 1) / s * s;
	barw = n ? plotw / (double)n : plotw;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
		"<title>greetwait-stats: impatience</title>\n"
		"<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
		W, H, W, H, W, H);
	report_thousands(label, total);
	fprintf(f,
		"<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
		"How long %s %s waited before hanging up or talking</text>\n",
		W / 2, label, what);
	for (v = 0; v <= most; v += s) {
		y = TOP + ploth - ploth * (double)v / (double)most;
		fprintf(f,
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%lu</text>\n",
			LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, v);
	}
	for (v = 0; v <= 100; v += 25) {
		y = TOP + ploth - ploth * (double)v / 100.0;
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" fill=\"#c03\">%lu%%</text>\n", W - RIGHT + 6,
			y + 4, v);
	}
	fprintf(f, "<g fill=\"#36c\">\n");
	for (i = 0; i < n; ++i) {
		y = ploth * (double)counts[i] / (double)most;
		fprintf(f,
			"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
			"<title>%lu</title></rect>\n",
			LEFT + barw * (double)i + 1, TOP + ploth - y, barw > 3 ? barw - 2 : barw, y,
			counts[i]);
	}
	fprintf(f, "</g>\n<polyline fill=\"none\" stroke=\"#c03\" stroke-width=\"2\" points=\"");
	for (i = 0; i < n; ++i) {
		cumulative += counts[i];
		x = LEFT + barw * ((double)i + 1);
		y = TOP + ploth - ploth * (total ? (double)cumulative / (double)total : 0);
		fprintf(f, "%s%.1f,%.1f", i ? " " : "", x, y);
	}
	fprintf(f, "\"/>\n");
	every = n > 20 ? (n + 19) / 20 : 1;
	for (i = 0; i <= n; i += every) {
		report_seconds(label, (unsigned long)i * widthms);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
			LEFT + barw * (double)i, H - BOTTOM + 16, label);
	}
	fprintf(f,
		"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
		"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
		"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">seconds waited</text>\n"
		"<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
		"%d)\">%s</text>\n"
		"<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#c03\" "
		"transform=\"rotate(90 %d %d)\">cumulative %%</text>\n</svg>\n",
		LEFT, TOP + (int)ploth, W - RIGHT, TOP + (int)ploth, LEFT, TOP, LEFT,
		TOP + (int)ploth, LEFT + (int)plotw / 2, H - 12, TOP + (int)ploth / 2,
		TOP + (int)ploth / 2, what, W - 14, TOP + (int)ploth / 2, W - 14,
		TOP + (int)ploth / 2);
	return ferror(f) ? -1 : 0;
}

/* Put one series' line: a polyline per run of periods with lines, so a
 * gap shows as a gap, and a dot for a run of one period. */
static void line(FILE *f, const struct series *sr, int turned, double most, const char *colour)
{
	double plotw = W - LEFT - RIGHT, ploth = H - TOP - BOTTOM, x, y;
	double step = sr->n > 1 ? plotw / (double)(sr->n - 1) : 0;
	size_t i, start;
	unsigned long v;
	for (i = 0; i < sr->n;) {
		if (!sr->periods[i].conns) {
			++i;
			continue;
		}
		for (start = i; i < sr->n && sr->periods[i].conns; ++i)
			;
		fprintf(f,
			i - start > 1
			    ? "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\""
			    : "<g fill=\"%s\">",
			colour);
		for (size_t k = start; k < i; ++k) {
			const struct series_period *q = &sr->periods[k];
			v = turned ? q->conns - q->results[RESULT_PASS] : q->conns;
			x = LEFT + (sr->n > 1 ? step * (double)k : plotw / 2);
			y = TOP + ploth - ploth * (double)v / most;
			if (i - start > 1)
				fprintf(f, "%s%.1f,%.1f", k > start ? " " : "", x, y);
			else
				fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>", x, y);
		}
		fprintf(f, i - start > 1 ? "\"/>\n" : "</g>\n");
	}
}

/* Write the series as a line chart to f, in the manner of DuBois's plot
 * of his spam load per day: connections and connections turned away per
 * period, the dates along the bottom; -1 on a write error. */
int svg_series(FILE *f, const struct series *sr)
{
	double plotw = W - LEFT - RIGHT, ploth = H - TOP - BOTTOM, y;
	unsigned long most = 0, s, v;
	char label[SERIES_LABEL];
	size_t i, every;
	const char *per = sr->periodms < SERIES_DAY ? "hour" : "day";

	for (i = 0; i < sr->n; ++i)
		if (sr->periods[i].conns > most)
			most = sr->periods[i].conns;
	if (!most)
		most = 1;
	s = step(most);
	most = (most + s - 1) / s * s;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n"
		"<title>greetwait-stats: series</title>\n"
		"<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n"
		"<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"15\">"
		"Connections per %s, and those turned away</text>\n",
		W, H, W, H, W, H, W / 2, per);
	for (v = 0; v <= most; v += s) {
		y = TOP + ploth - ploth * (double)v / (double)most;
		fprintf(f,
			"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>\n"
			"<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%lu</text>\n",
			LEFT, y, W - RIGHT, y, LEFT - 6, y + 4, v);
	}
	line(f, sr, 0, (double)most, "#36c");
	line(f, sr, 1, (double)most, "#c03");
	every = sr->n > 8 ? (sr->n + 7) / 8 : 1;
	for (i = 0; i < sr->n; i += every) {
		series_label(label, sr, i);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>\n",
			LEFT + (sr->n > 1 ? plotw * (double)i / (double)(sr->n - 1) : plotw / 2),
			H - BOTTOM + 16, label);
	}
	fprintf(f,
		"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
		"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>\n"
		"<text x=\"16\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 16 "
		"%d)\">connections per %s</text>\n"
		"<text x=\"%d\" y=\"%d\" fill=\"#36c\">all</text>\n"
		"<text x=\"%d\" y=\"%d\" fill=\"#c03\">turned away</text>\n</svg>\n",
		LEFT, TOP + (int)ploth, W - RIGHT, TOP + (int)ploth, LEFT, TOP, LEFT,
		TOP + (int)ploth, TOP + (int)ploth / 2, TOP + (int)ploth / 2, per, W - RIGHT - 120,
		TOP - 6, W - RIGHT - 90, TOP - 6);
	return ferror(f) ? -1 : 0;
}
