/* report: the tables of greetwait-stats, as text or CSV.
 * Summary, impatience, advice, series, rules, retries and HELO, each built from
 * struct stats and
 * printed through grid (or drawn with dots, for the HELO histogram the way
 * Tony Finch drew it). The number formats are exported for the tests. */
#ifndef REPORT_H
#define REPORT_H

#include "buffer.h"
#include "stats.h"

#define REPORT_NUMBER 32 /* room for any number this module formats */

struct report_options {
	int csv;            /* CSV instead of aligned text */
	int byconnections;  /* impatience counts connections, not hosts */
	unsigned long keep; /* advice: the share of the catch to keep, in 1/1000 % */
	long long window;   /* offenders: the window before the last line, ms */
};

void report_thousands(char *out, unsigned long n);
void report_percent(char *out, unsigned long part, unsigned long whole);
void report_share(char *out, unsigned long part, unsigned long whole);
void report_seconds(char *out, unsigned long ms);

int report_summary(const struct stats *s, const struct report_options *o, buffer *out);
int report_impatience(const struct stats *s, const struct report_options *o, buffer *out);
int report_offenders(const struct stats *s, const struct report_options *o, buffer *out);
int report_advice(const struct stats *s, const struct report_options *o, buffer *out);
int report_rules(const struct stats *s, const struct report_options *o, buffer *out);
int report_series(const struct stats *s, const struct report_options *o, buffer *out);
int report_retries(const struct stats *s, const struct report_options *o, buffer *out);
int report_helo(const struct stats *s, const struct report_options *o, buffer *out);

#endif
