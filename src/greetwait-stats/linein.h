/* linein: lines from a file descriptor, gzip-compressed or not.
 * zlib's gzread recognises gzip data by its magic bytes and passes
 * anything else through, so rotated logs (current, @4000...s, .gz) read
 * alike. A line longer than LINEIN_MAX is skipped whole, not cut, and
 * reported as overlong; a last line without its newline still counts. */
#ifndef LINEIN_H
#define LINEIN_H

#include <stddef.h>
#include <zlib.h>

/* Longest line kept; greetwait's own lines are far shorter. */
#define LINEIN_MAX 8192

struct linein {
	gzFile gz;
	char buf[65536];
	size_t start, end; /* unread bytes: buf[start..end) */
	int eof;
};

int linein_open(struct linein *in, int fd);
int linein_next(struct linein *in, const char **line, size_t *len);
int linein_read(struct linein *in, char *buf, size_t n);
int linein_compressed(struct linein *in);
int linein_close(struct linein *in);

#endif
