/* grow: libowfat's array_allocate with a room that doubles.  array_allocate
 * grows an array a page at a time (73,243 reallocs for 1,000,000 records of
 * 300 bytes), which a realloc that copies (ASan's) makes quadratic. */
#ifndef GROW_H
#define GROW_H

#include "array.h"

/* As array_allocate(x, size, pos), but the room at least doubles when it grows. */
void *grow_allocate(array *x, uint64 size, int64 pos);

#endif
