/* prometheus: greetwait-stats' counts in Prometheus' text format, for
 * node_exporter's textfile collector: connections by why and result,
 * the waits of the impatient connections as a histogram, distinct hosts,
 * lines read by kind, and the time of the last line. Label values are
 * the log's why words, every byte outside printable ASCII shown as '?'
 * (the format wants UTF-8; a hostile log gives none). */
#ifndef PROMETHEUS_H
#define PROMETHEUS_H

#include <stdio.h>
#include "stats.h"

int prometheus_write(FILE *f, const struct stats *s);
size_t prometheus_label(char *out, size_t size, const char *s, size_t len);

#endif
