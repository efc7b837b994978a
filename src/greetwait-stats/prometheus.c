/* prometheus: greetwait-stats' counts in Prometheus' text format. */
#include <string.h>
#include "logword.h"
#include "prometheus.h"

/* A label value between its quotes: \ " and newline escaped, bytes
 * outside printable ASCII as '?', cut to size (a NUL ends it). */
size_t prometheus_label(char *out, size_t size, const char *s, size_t len)
{
	size_t n = 0, i;
	unsigned char c;
	for (i = 0; i < len && n + 3 < size; ++i) {
		c = (unsigned char)s[i];
		if (c == '\\' || c == '"')
			out[n++] = '\\';
		out[n++] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	out[n] = 0;
	return n;
}

/* Write the metrics to f; -1 on a write error. */
int prometheus_write(FILE *f, const struct stats *s)
{
	static const unsigned long bounds[STATS_NLE] = STATS_LE;
	static const char *const kinds[] = {"connection", "status", "other", "malformed",
					    "overlong"};
	unsigned long kindlines[5], cumulative = 0;
	char label[1100];
	const char *why;
	size_t i, len;
	int r;

	fprintf(f, "# HELP greetwait_connections_total Connections in the log, by why= and "
		   "result= (greetwait-stats).\n"
		   "# TYPE greetwait_connections_total counter\n");
	for (i = 0; i < s->whys.count; ++i) {
		why = strset_key(&s->whys, i, &len);
		prometheus_label(label, sizeof label, why, len);
		for (r = 0; r < RESULT_COUNT; ++r)
			fprintf(f, "greetwait_connections_total{why=\"%s\",result=\"%s\"} %lu\n",
				label, logword_result(r), s->why[i].results[r]);
	}
	fprintf(f, "# HELP greetwait_wait_seconds How long the connections that hung up or "
		   "talked during a long delay waited.\n"
		   "# TYPE greetwait_wait_seconds histogram\n");
	for (i = 0; i < STATS_NLE; ++i) {
		cumulative += s->waitle[i];
		fprintf(f, "greetwait_wait_seconds_bucket{le=\"%lu\"} %lu\n", bounds[i],
			cumulative);
	}
	cumulative += s->waitle[STATS_NLE];
	fprintf(f,
		"greetwait_wait_seconds_bucket{le=\"+Inf\"} %lu\n"
		"greetwait_wait_seconds_sum %llu.%03llu\n"
		"greetwait_wait_seconds_count %lu\n",
		cumulative, s->waitedms / 1000, s->waitedms % 1000, cumulative);
	fprintf(f,
		"# HELP greetwait_hosts Distinct client addresses in the log.\n"
		"# TYPE greetwait_hosts gauge\n"
		"greetwait_hosts %lu\n",
		(unsigned long)s->ips.count);
	kindlines[0] = s->lines - s->statuslines - s->other - s->malformed;
	kindlines[1] = s->statuslines;
	kindlines[2] = s->other;
	kindlines[3] = s->malformed;
	kindlines[4] = s->overlong;
	fprintf(f, "# HELP greetwait_stats_lines_total Log lines greetwait-stats read, by kind.\n"
		   "# TYPE greetwait_stats_lines_total counter\n");
	for (i = 0; i < 5; ++i)
		fprintf(f, "greetwait_stats_lines_total{kind=\"%s\"} %lu\n", kinds[i],
			kindlines[i]);
	if (s->hastime && s->tmax >= 0)
		fprintf(f,
			"# HELP greetwait_last_line_timestamp_seconds The time of the log's "
			"latest timed line.\n"
			"# TYPE greetwait_last_line_timestamp_seconds gauge\n"
			"greetwait_last_line_timestamp_seconds %lld.%03lld\n",
			s->tmax / 1000, s->tmax % 1000);
	return ferror(f) ? -1 : 0;
}
