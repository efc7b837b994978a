/* html: the report to look at, one self-contained HTML file.  The
 * summary, the impatience histogram and table, the advice, the series
 * over time as a chart and a table, the per-rule table, the retries and
 * the HELO tables: each a section with an id, its table the terminal's
 * (monospaced, every byte HTML-escaped), its pictures inline SVG.  No
 * script, no style sheet or font from elsewhere, no link out: it opens
 * the same from a mail attachment or a disk. */
#ifndef HTML_H
#define HTML_H

#include <stdio.h>
#include "report.h"
#include "stats.h"

int html_report(FILE *f, const struct stats *s, const struct report_options *o);

#endif
