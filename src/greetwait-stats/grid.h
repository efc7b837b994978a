/* grid: a table of text cells, printed aligned for a terminal or as CSV.
 * The first row is the header. Cells are copied in; bytes that are not
 * printable ASCII are shown as \xHH, so a hostile log cannot drive the
 * reader's terminal. */
#ifndef GRID_H
#define GRID_H

#include <stddef.h>
#include "buffer.h"

#define GRID_MAXCOLUMNS 12

struct grid {
	size_t columns;
	int right[GRID_MAXCOLUMNS]; /* right-align this column (numbers) */
	char **cells;
	size_t ncells, cap;
};

void grid_init(struct grid *g, size_t columns, const char *align);
int grid_add(struct grid *g, const char *s, size_t len);
int grid_adds(struct grid *g, const char *s);
int grid_print_text(const struct grid *g, buffer *out, const char *indent);
int grid_print_csv(const struct grid *g, buffer *out);
void grid_free(struct grid *g);

#endif
