/* grid: a table of text cells, printed aligned or as CSV. */
#include <stdlib.h>
#include <string.h>
#include "fmt.h"
#include "grid.h"
#include "grow.h"

/* An empty grid; align holds 'l' or 'r' per column. */
void grid_init(struct grid *g, size_t columns, const char *align)
{
	size_t i;
	memset(g, 0, sizeof *g);
	g->columns = columns > GRID_MAXCOLUMNS ? GRID_MAXCOLUMNS : columns;
	for (i = 0; i < g->columns && align[i]; ++i)
		g->right[i] = align[i] == 'r';
}

/* Append a cell (rows fill left to right), escaping unprintable bytes. */
int grid_add(struct grid *g, const char *s, size_t len)
{
	char *c;
	size_t i, n = 0;
	unsigned char b;
	if (grow(&g->cells, &g->cap, g->ncells + 1, sizeof *g->cells) < 0)
		return -1;
	if (len > 4096)
		len = 4096;
	if (!(c = malloc(len * 4 + 1)))
		return -1;
	for (i = 0; i < len; ++i) {
		b = (unsigned char)s[i];
		if (b < 0x20 || b >= 0x7f || b == '\\') {
			c[n++] = '\\';
			c[n++] = 'x';
			c[n++] = fmt_tohex((char)(b >> 4));
			c[n++] = fmt_tohex((char)(b & 15));
		} else
			c[n++] = (char)b;
	}
	c[n] = 0;
	g->cells[g->ncells++] = c;
	return 0;
}

/* Append a cell from a C string. */
int grid_adds(struct grid *g, const char *s) { return grid_add(g, s, strlen(s)); }

/* Print the grid as aligned columns two spaces apart, each line indented. */
int grid_print_text(const struct grid *g, buffer *out, const char *indent)
{
	size_t width[GRID_MAXCOLUMNS] = {0};
	size_t i, col, len, pad;
	for (i = 0; i < g->ncells; ++i) {
		len = strlen(g->cells[i]);
		if (len > width[i % g->columns])
			width[i % g->columns] = len;
	}
	for (i = 0; i < g->ncells; ++i) {
		col = i % g->columns;
		len = strlen(g->cells[i]);
		pad = width[col] - len;
		if (col == 0 && buffer_puts(out, indent) < 0)
			return -1;
		if (col > 0 && buffer_puts(out, "  ") < 0)
			return -1;
		if (g->right[col])
			while (pad) {
				if (buffer_put(out, " ", 1) < 0)
					return -1;
				--pad;
			}
		if (buffer_puts(out, g->cells[i]) < 0)
			return -1;
		if (col + 1 < g->columns && !g->right[col])
			while (pad) {
				if (buffer_put(out, " ", 1) < 0)
					return -1;
				--pad;
			}
		if ((col + 1 == g->columns || i + 1 == g->ncells) && buffer_put(out, "\n", 1) < 0)
			return -1;
	}
	return 0;
}

/* Print the grid as CSV (RFC 4180 quoting). */
int grid_print_csv(const struct grid *g, buffer *out)
{
	size_t i;
	const char *c;
	for (i = 0; i < g->ncells; ++i) {
		c = g->cells[i];
		if (i % g->columns && buffer_put(out, ",", 1) < 0)
			return -1;
		if (strpbrk(c, ",\"")) {
			if (buffer_put(out, "\"", 1) < 0)
				return -1;
			for (; *c; ++c)
				if ((*c == '"' && buffer_put(out, "\"", 1) < 0) ||
				    buffer_put(out, c, 1) < 0)
					return -1;
			if (buffer_put(out, "\"", 1) < 0)
				return -1;
		} else if (buffer_puts(out, c) < 0)
			return -1;
		if ((i % g->columns + 1 == g->columns || i + 1 == g->ncells) &&
		    buffer_put(out, "\n", 1) < 0)
			return -1;
	}
	return 0;
}

/* Release the cells. */
void grid_free(struct grid *g)
{
	size_t i;
	for (i = 0; i < g->ncells; ++i)
		free(g->cells[i]);
	free(g->cells);
	g->cells = 0;
	g->ncells = g->cap = 0;
}
