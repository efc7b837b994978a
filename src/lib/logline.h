/* logline: the one line greetwait logs per connection, key=value in a
 * fixed order; values from the network are quoted and escaped so that
 * any byte reaches the log as printable ASCII:
 *   greetwait: pid=812 ip=192.0.2.7 host="..." why=default delay=1.000
 *              result=pregreet waited=0.004 dnsbl="zen.example:127.0.0.2"
 *              score=3 data="HELO 192.0.2.8" kind=smtp helo="192.0.2.8"
 *              from="<a@example.com>" rcpt="<b@example.org>" */
#ifndef LOGLINE_H
#define LOGLINE_H

#include <stddef.h>

#define LOGLINE_MAX       4000          /* below PIPE_BUF: one write() reaches multilog whole */
#define LOGLINE_QUOTE_MAX (255 * 4 + 3) /* a quoted host name, at worst */

struct logline {
	unsigned long pid;
	const char *ip;
	const char *host; /* may hold any bytes */
	size_t hostlen;
	const char *why;
	unsigned long delay_ms;
	const char *result; /* 0: the -v line written when a long wait begins */
	const char *would;  /* 0, or what -e ignore let pass would have been */
	unsigned long waited_ms;
	const char *dnsbl; /* 0 without -d; else the lists that matched (may be "") */
	int score;         /* their score, logged with dnsbl */
	const char *data;  /* 0 unless pregreet */
	size_t datalen;
	const char *kind; /* with data: what it looks like (LOGWORD_KIND_*) */
	/* what a refused client said of its mail, each 0 if it did not */
	const char *helo, *from, *rcpt;
	size_t helolen, fromlen, rcptlen;
	const char *error; /* 0 unless something went wrong */
};

/* Choose where this process's lines go: stderr, or syslog (mail.info,
 * tag PROGRAM[pid]) when fd 2 is the same socket as fd 0 or fd 1, as
 * inetd, xinetd and Postfix's spawn hand it over: a line there would
 * reach the client. */
void logline_open(const char *program);
/* Write one line (ending in a newline, which syslog does not get). */
void logline_write(const char *line, size_t len);
/* Build a line: "PROGRAM: pid=N" into out (LOGLINE_MAX + 2 bytes), then
 * " key=text" fields; each returns the new length, and a field that would
 * pass LOGLINE_MAX is cut. */
size_t logline_start(char *out, const char *program, unsigned long pid);
size_t logline_put(char *out, size_t n, const char *key, const char *text);
/* The same with the text quoted and escaped, at most LOGLINE_QUOTE_MAX. */
size_t logline_put_quoted(char *out, size_t n, const char *key, const char *s, size_t len);
/* End the line with a newline (and a NUL after it); returns its length. */
size_t logline_end(char *out, size_t n);

/* Write s quoted, with " and \ escaped and bytes outside printable ASCII
 * as \xHH, into out (at most size bytes, always quoted and terminated by
 * a NUL); returns the length written. */
size_t logline_quote(char *out, size_t size, const char *s, size_t len);
/* Format the whole line, newline included, into out (LOGLINE_MAX + 2
 * bytes); returns its length. */
size_t logline_format(char *out, const struct logline *l);

#endif
