/* heap: the holder's timers, a binary min-heap of deadlines (milliseconds
 * on the monotonic clock).  Each timer knows its place in the heap, so it
 * can be moved or taken out in O(log n); the earliest is at the top. */
#ifndef HEAP_H
#define HEAP_H

#include <stddef.h>

#define HEAP_NONE ((size_t)-1) /* a timer not in the heap */

struct timer {
	unsigned long at; /* the deadline */
	size_t index;     /* its place in the heap, or HEAP_NONE */
};

struct heap {
	struct timer **t;
	size_t n, size;
};

/* Put t in the heap at t->at; 0 if out of memory. */
int heap_add(struct heap *h, struct timer *t);
/* Take t out of the heap (nothing if it is not in it). */
void heap_remove(struct heap *h, struct timer *t);
/* Move t (in the heap or not) to the deadline at; 0 if out of memory. */
int heap_set(struct heap *h, struct timer *t, unsigned long at);
/* The earliest timer, or 0 if none. */
struct timer *heap_top(const struct heap *h);

#endif
