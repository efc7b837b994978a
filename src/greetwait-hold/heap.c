#include "heap.h"

#include <stdlib.h>

static void place(struct heap *h, size_t k, struct timer *t)
{
	h->t[k] = t;
	t->index = k;
}

/* Move the timer at k up while it is earlier than its parent. */
static void up(struct heap *h, size_t k)
{
	struct timer *t = h->t[k];
	while (k) {
		size_t parent = (k - 1) / 2;
		if (h->t[parent]->at <= t->at)
			break;
		place(h, k, h->t[parent]);
		k = parent;
	}
	place(h, k, t);
}

/* Move the timer at k down while a child is earlier. */
static void down(struct heap *h, size_t k)
{
	struct timer *t = h->t[k];
	for (;;) {
		size_t c = 2 * k + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && h->t[c + 1]->at < h->t[c]->at)
			c++;
		if (t->at <= h->t[c]->at)
			break;
		place(h, k, h->t[c]);
		k = c;
	}
	place(h, k, t);
}

int heap_add(struct heap *h, struct timer *t)
{
	if (h->n == h->size) {
		size_t size = h->size ? h->size * 2 : 64;
		struct timer **grown = realloc(h->t, size * sizeof *grown);
		if (!grown)
			return 0;
		h->t = grown;
		h->size = size;
	}
	place(h, h->n++, t);
	up(h, t->index);
	return 1;
}

void heap_remove(struct heap *h, struct timer *t)
{
	size_t k = t->index;
	struct timer *moved;
	if (k == HEAP_NONE || k >= h->n || h->t[k] != t)
		return;
	t->index = HEAP_NONE;
	if (k == --h->n)
		return;
	moved = h->t[h->n];
	place(h, k, moved);
	up(h, k);
	down(h, moved->index);
}

int heap_set(struct heap *h, struct timer *t, unsigned long at)
{
	heap_remove(h, t);
	t->at = at;
	return heap_add(h, t);
}

struct timer *heap_top(const struct heap *h) { return h->n ? h->t[0] : 0; }
