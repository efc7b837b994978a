/* svg: the impatience histogram and the series as small standalone SVG
 * pictures.  The histogram: bars for the count in each bucket of waiting
 * time, a line for the cumulative percentage (right axis); the series:
 * a line for the connections per period and one for those turned away,
 * broken where the log has a gap.  Labelled axes; no scripts, no
 * external fonts or styles, so any browser shows them. */
#ifndef SVG_H
#define SVG_H

#include <stddef.h>
#include <stdio.h>
#include "series.h"

int svg_impatience(FILE *f, const unsigned long *counts, size_t n, unsigned long widthms,
		   const char *what);

int svg_series(FILE *f, const struct series *sr);

#endif
