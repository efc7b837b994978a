/* logline: the one line greetwait logs per connection, key=value in a
 * fixed order; values from the network are quoted and escaped so that
 * any byte reaches the log as printable ASCII:
 *   greetwait: pid=812 ip=192.0.2.7 host="..." why=default delay=1.000
 *              result=pregreet waited=0.004 data="HELO 192.0.2.8" */
#ifndef LOGLINE_H
#define LOGLINE_H

#include <stddef.h>

#define LOGLINE_MAX 3000 /* below PIPE_BUF: one write() reaches multilog whole */
#define LOGLINE_QUOTE_MAX (255 * 4 + 3) /* a quoted host name, at worst */

struct logline {
	unsigned long pid;
	const char *ip;
	const char *host; /* may hold any bytes */
	size_t hostlen;
	const char *why;
	unsigned long delay_ms;
	const char *result; /* 0: the -v line written when a long wait begins */
	unsigned long waited_ms;
	const char *data; /* 0 unless pregreet */
	size_t datalen;
	const char *error; /* 0 unless something went wrong */
};

/* Write s quoted, with " and \ escaped and bytes outside printable ASCII
 * as \xHH, into out (at most size bytes, always quoted and terminated by
 * a NUL); returns the length written. */
size_t logline_quote(char *out, size_t size, const char *s, size_t len);
/* Format the whole line, newline included, into out (LOGLINE_MAX + 2
 * bytes); returns its length. */
size_t logline_format(char *out, const struct logline *l);

#endif
