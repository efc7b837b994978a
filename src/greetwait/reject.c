#include "reject.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "case.h"
#include "clock.h"

#define LINGER_MS 1000

int reject_say(int fd, const char *s, size_t len, unsigned long deadline_ms)
{
	while (len) {
		ssize_t n = send(fd, s, len, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (n == -1 && errno == ENOTSOCK)
			n = write(fd, s, len);
		if (n > 0) {
			s += n;
			len -= (size_t)n;
			continue;
		}
		if (n == -1 && errno != EAGAIN && errno != EINTR)
			return 0;
		if (clock_ready(fd, POLLOUT, deadline_ms) != 1)
			return 0;
	}
	return 1;
}

/* Say the reply line (NUL-terminated) by deadline_ms; 1 if it all went. */
static int say(int fd, const char *reply, unsigned long deadline_ms)
{
	return reject_say(fd, reply, strlen(reply), deadline_ms);
}

int reject_is_verb(const char *line, size_t len, const char *verb)
{
	size_t n = strlen(verb);
	return len >= n && case_equalb(line, n, verb) &&
	       (len == n || line[n] == ' ' || line[n] == '\t');
}

int reject_is_quit(const char *line, size_t len)
{
	/* RFC 5321 QUIT takes no argument; a sloppy client's one is forgiven */
	return reject_is_verb(line, len, "quit");
}

int reject_is_helo(const char *line, size_t len)
{
	return reject_is_verb(line, len, "helo") || reject_is_verb(line, len, "ehlo");
}

/* The argument of a command line after its first len0 bytes (the verb,
 * or "MAIL FROM:"): blanks skipped; for a path, up to the first blank
 * (the parameters left out), else up to trailing blanks.  Sets *n. */
static const char *argument(const char *line, size_t len, size_t len0, int path, size_t *n)
{
	size_t a = len0, b;
	while (a < len && (line[a] == ' ' || line[a] == '\t'))
		a++;
	b = a;
	while (b < len && (!path || (line[b] != ' ' && line[b] != '\t')))
		b++;
	while (!path && b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
		b--;
	*n = b - a;
	return line + a;
}

/* Append the n bytes at s to buf (of size bytes, *len used), cut to fit. */
static void keep(char *buf, size_t size, size_t *len, const char *s, size_t n)
{
	if (n > size - *len)
		n = size - *len;
	memcpy(buf + *len, s, n);
	*len += n;
}

void reject_envelope_take(struct reject_envelope *e, const char *line, size_t len)
{
	size_t n;
	const char *arg;
	if (reject_is_helo(line, len) && !e->said_helo) {
		arg = argument(line, len, 4, 0, &n);
		keep(e->helo, sizeof e->helo, &e->helolen, arg, n);
		e->said_helo = 1;
	} else if (len >= 10 && case_equalb(line, 10, "mail from:") && !e->said_from) {
		arg = argument(line, len, 10, 1, &n);
		keep(e->from, sizeof e->from, &e->fromlen, arg, n);
		e->said_from = 1;
	} else if (len >= 8 && case_equalb(line, 8, "rcpt to:") && e->nrcpt < REJECT_RCPTS) {
		arg = argument(line, len, 8, 1, &n);
		if (e->nrcpt++)
			keep(e->rcpt, sizeof e->rcpt, &e->rcptlen, ",", 1);
		keep(e->rcpt, sizeof e->rcpt, &e->rcptlen, arg, n);
	}
}

void reject_dialogue(int in, int out, const char *greeting, unsigned long deadline_ms,
		     struct reject_envelope *seen)
{
	reject_dialogue_as(in, out, greeting, REPLY_NO_SERVICE, REPLY_NO_SERVICE, deadline_ms,
			   seen);
}

void reject_dialogue_as(int in, int out, const char *greeting, const char *helo, const char *other,
			unsigned long deadline_ms, struct reject_envelope *seen)
{
	char buf[1024], line[REJECT_LINE_MAX];
	size_t linelen = 0, total = 0;
	struct reject_envelope ignored;
	if (!seen)
		seen = &ignored;
	memset(seen, 0, sizeof *seen);
	if (!say(out, greeting, deadline_ms))
		return;
	while (total < REJECT_INPUT_MAX) {
		ssize_t n;
		size_t want = sizeof buf;
		if (want > REJECT_INPUT_MAX - total)
			want = REJECT_INPUT_MAX - total;
		if (clock_ready(in, POLLIN, deadline_ms) != 1) {
			say(out, REPLY_TIMEOUT, clock_now_ms() + 100);
			break;
		}
		n = read(in, buf, want);
		if (n == -1 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			return; /* end of file or reset: nobody to answer */
		total += (size_t)n;
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n') {
				if (linelen < sizeof line)
					line[linelen++] = buf[i];
				continue;
			}
			if (linelen && line[linelen - 1] == '\r')
				linelen--;
			reject_envelope_take(seen, line, linelen);
			if (reject_is_quit(line, linelen)) {
				if (say(out, REPLY_QUIT, deadline_ms))
					reject_linger(in, out, deadline_ms);
				return;
			}
			if (!say(out, reject_is_helo(line, linelen) ? helo : other, deadline_ms))
				return;
			linelen = 0;
		}
	}
	reject_linger(in, out, deadline_ms);
}

void reject_linger(int in, int out, unsigned long deadline_ms)
{
	char buf[4096];
	size_t total = 0;
	unsigned long until = clock_now_ms() + LINGER_MS;
	if (until > deadline_ms)
		until = deadline_ms;
	shutdown(out, SHUT_WR);
	while (total < REJECT_INPUT_MAX && clock_ready(in, POLLIN, until) == 1) {
		ssize_t n = read(in, buf, sizeof buf);
		if (n <= 0)
			break;
		total += (size_t)n;
	}
}
