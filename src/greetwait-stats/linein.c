/* linein: lines from a file descriptor, gzip-compressed or not. */
#include <string.h>
#include "linein.h"

/* Start reading fd; -1 if out of memory. */
int linein_open(struct linein *in, int fd)
{
	in->start = in->end = 0;
	in->eof = 0;
	in->gz = gzdopen(fd, "rb");
	if (!in->gz)
		return -1;
	/* zlib reads requests of twice its buffer or more straight into the
	 * caller's memory (greetwait-stats' blocks of a plain file) */
	gzbuffer(in->gz, 32768);
	return 0;
}

/* Refill the buffer after moving the unread bytes to its front;
 * 1 if bytes came, 0 at end of input, -1 on a read error. */
static int fill(struct linein *in)
{
	int r;
	if (in->eof)
		return 0;
	if (in->start) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	r = gzread(in->gz, in->buf + in->end, (unsigned int)(sizeof in->buf - in->end));
	if (r < 0)
		return -1;
	if (r == 0) {
		in->eof = 1;
		return 0;
	}
	in->end += (size_t)r;
	return 1;
}

/* The next line, without its newline: 1 for a line, 2 for an overlong line
 * (skipped; *len is 0), 0 at end of input, -1 on a read or format error. */
int linein_next(struct linein *in, const char **line, size_t *len)
{
	char *nl;
	size_t scanned = 0;
	int r, overlong = 0;

	for (;;) {
		nl = memchr(in->buf + in->start + scanned, '\n', in->end - in->start - scanned);
		if (nl) {
			if (overlong) {
				in->start = (size_t)(nl - in->buf) + 1;
				*line = in->buf;
				*len = 0;
				return 2;
			}
			*line = in->buf + in->start;
			*len = (size_t)(nl - *line);
			in->start += *len + 1;
			if (*len > LINEIN_MAX) {
				*len = 0;
				return 2;
			}
			return 1;
		}
		scanned = in->end - in->start;
		if (scanned > LINEIN_MAX) { /* too long: drop what we have */
			overlong = 1;
			in->start = in->end;
			scanned = 0;
		}
		if ((r = fill(in)) < 0)
			return -1;
		if (r == 0) {
			if (in->end == in->start) {
				if (!overlong)
					return 0;
				*line = in->buf;
				*len = 0;
				return 2;
			}
			*line = in->buf + in->start;
			*len = in->end - in->start;
			in->start = in->end;
			if (overlong) {
				*len = 0;
				return 2;
			}
			return 1;
		}
	}
}

/* Up to n bytes of the input as they come, for a reader that cuts the
 * lines itself (not to be mixed with linein_next); the count, 0 at the
 * end of input, -1 on a read or format error. */
int linein_read(struct linein *in, char *buf, size_t n)
{
	return gzread(in->gz, buf, n > 1073741824 ? 1073741824 : (unsigned int)n);
}

/* Whether the input turned out to be gzip data (after the first read). */
int linein_compressed(struct linein *in) { return !gzdirect(in->gz); }

/* Stop reading and close the descriptor; -1 if zlib reported an error. */
int linein_close(struct linein *in) { return gzclose(in->gz) == Z_OK ? 0 : -1; }
