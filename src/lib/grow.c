#include "grow.h"

void *grow_allocate(array *x, uint64 size, int64 pos)
{
	if (pos > 0 && (uint64)(pos + 1) * size > (uint64)x->allocated) {
		int64 len = array_length(x, size);
		/* claim twice the room, then give back what is not yet in use */
		if (len >= 0 && array_allocate(x, size, 2 * pos))
			array_truncate(x, size, len);
	}
	return array_allocate(x, size, pos);
}
