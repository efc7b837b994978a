/* svg: the impatience histogram as a small standalone SVG picture.
 * Bars for the count in each bucket of waiting time, a line for the
 * cumulative percentage (right axis), labelled axes; no scripts, no
 * external fonts or styles, so any browser shows it. */
#ifndef SVG_H
#define SVG_H

#include <stddef.h>
#include <stdio.h>

int svg_impatience(FILE *f, const unsigned long *counts, size_t n, unsigned long widthms,
		   const char *what);

#endif
