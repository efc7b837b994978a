/* grow: the tables greetwait-stats counts in, doubled when full. */
#include <stdlib.h>
#include <string.h>
#include "grow.h"

/* Make room for n elements of size bytes in the table *table (of *cap
 * elements): at least double it, zero the new part; -1 if out of memory
 * or n elements cannot be counted in bytes. */
int grow(void *table, size_t *cap, size_t n, size_t size)
{
	void **p = table;
	size_t c = *cap ? *cap : 64;
	void *q;
	if (n <= *cap)
		return 0;
	while (c < n) {
		if (c > ((size_t)-1) / 2 / size)
			return -1;
		c *= 2;
	}
	if (c > ((size_t)-1) / size || !(q = realloc(*p, c * size)))
		return -1;
	memset((char *)q + *cap * size, 0, (c - *cap) * size);
	*p = q;
	*cap = c;
	return 0;
}
