/* grow: the tables greetwait-stats fills (an entry per address, per
 * distinct name, per cell printed), doubled when full, the new part
 * zeroed. Not libowfat's array_allocate, which grows 4 KB at a time: for
 * a log of 4 million addresses that was 80,000 mremap calls and a fifth
 * more time. */
#ifndef GROW_H
#define GROW_H

#include <stddef.h>

int grow(void *table, size_t *cap, size_t n, size_t size);

#endif
