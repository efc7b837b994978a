#include "wait.h"

#include <errno.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "logword.h"
#include "reject.h"

size_t wait_first_line(const char *buf, size_t len)
{
	size_t n = 0;
	/* not scan_noncharsetnskip: it stops at a NUL byte too, and early bytes may be any */
	while (n < len && n < WAIT_DATA_MAX && buf[n] != '\r' && buf[n] != '\n')
		n++;
	return n;
}

/* 1 if line starts with one of words (each followed by a blank or the
 * end of the line), case ignored. */
static int first_word(const char *line, size_t len, const char *const *words)
{
	for (int k = 0; words[k]; k++)
		if (reject_is_verb(line, len, words[k]))
			return 1;
	return 0;
}

const char *wait_kind(const char *line, size_t len)
{
	/* RFC 5321 section 4.1 and its extensions' verbs */
	static const char *const smtp[] = {"HELO", "EHLO", "MAIL", "RCPT", "DATA",     "RSET",
					   "NOOP", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH",
					   "BDAT", "ETRN", "TURN", "ATRN", "XCLIENT",  0};
	/* RFC 9110 section 9 methods, and the proxies' CONNECT */
	static const char *const http[] = {"GET",     "HEAD",    "POST",  "PUT",   "DELETE",
					   "CONNECT", "OPTIONS", "TRACE", "PATCH", 0};
	if (!len)
		return 0; /* nothing seen (a pipe is not peeked at), or an empty line */
	if (len >= 2 && line[0] == 0x16 && line[1] == 0x03)
		return LOGWORD_KIND_TLS;
	for (size_t k = 0; k < len; k++) {
		unsigned char c = (unsigned char)line[k];
		if ((c < 0x20 && c != '\t') || c >= 0x7f)
			return LOGWORD_KIND_BINARY;
	}
	if (first_word(line, len, http))
		return LOGWORD_KIND_HTTP;
	if (reject_is_quit(line, len))
		return LOGWORD_KIND_QUIT;
	if (first_word(line, len, smtp))
		return LOGWORD_KIND_SMTP;
	return LOGWORD_KIND_OTHER;
}

void wait_for_greeting(int fd, unsigned long start_ms, unsigned long delay_ms,
		       struct wait_outcome *out)
{
	wait_for_greeting_or(fd, start_ms, delay_ms, 0, 0, 0, out);
}

int wait_look(int fd, unsigned int revents, struct wait_outcome *out)
{
	ssize_t n;
	int waiting;
	out->datalen = 0;
	if (!(revents & POLLIN)) {
		out->result = WAIT_HANGUP; /* POLLHUP, POLLERR, POLLNVAL */
		return 1;
	}
	n = recv(fd, out->data, sizeof out->data, MSG_PEEK | MSG_DONTWAIT);
	if (n == -1 && errno == ENOTSOCK) {
		/* a pipe or a file cannot be peeked at, but says how much
		 * waits: none is end of file.  A device that cannot say
		 * (/dev/null) is read: 0 bytes is end of file there too. */
		if (ioctl(fd, FIONREAD, &waiting) == 0) {
			out->result = waiting > 0 ? WAIT_PREGREET : WAIT_HANGUP;
			return 1;
		}
		n = read(fd, out->data, sizeof out->data);
	}
	if (n > 0) {
		out->datalen = wait_first_line(out->data, (size_t)n);
		out->result = WAIT_PREGREET;
		return 1;
	}
	if (n == -1 && (errno == EAGAIN || errno == EINTR)) {
		out->result = WAIT_PASS;
		return 0;
	}
	out->result = WAIT_HANGUP; /* end of file, or a reset */
	return 1;
}

void wait_for_greeting_or(int fd, unsigned long start_ms, unsigned long delay_ms,
			  struct pollfd *other, unsigned int nother,
			  unsigned long other_deadline_ms, struct wait_outcome *out)
{
	struct pollfd p[1 + WAIT_OTHER_MAX];
	if (nother > WAIT_OTHER_MAX)
		nother = WAIT_OTHER_MAX;
	out->datalen = 0;
	out->result = WAIT_PASS;
	if (!delay_ms) {
		/* no delay is no wait: the exemptions exec at once */
		out->waited_ms = clock_now_ms() - start_ms;
		return;
	}
	for (;;) {
		unsigned long now = clock_now_ms(), until = start_ms + delay_ms;
		int over = now >= until, other_due = nother && now >= other_deadline_ms, ready = 0,
		    r;
		/* even when the delay is over (we may have been held up before
		 * this call), the socket gets one look before a pass */
		unsigned long timeout = over || other_due ? 0 : until - now;
		if (nother && !other_due && other_deadline_ms - now < timeout)
			timeout = other_deadline_ms - now;
		p[0].fd = fd;
		p[0].events = POLLIN;
		p[0].revents = 0;
		for (unsigned int k = 0; k < nother; k++) {
			p[1 + k] = other[k];
			p[1 + k].revents = 0;
		}
		r = poll(p, 1 + nother, (int)timeout);
		if (r == -1 && errno != EINTR) {
			out->result = WAIT_HANGUP;
			break;
		}
		if (r == -1)
			continue;
		if (p[0].revents && wait_look(fd, (unsigned short)p[0].revents, out))
			break;
		if (over)
			break; /* WAIT_PASS */
		for (unsigned int k = 0; k < nother; k++) {
			other[k].revents = p[1 + k].revents;
			ready |= other[k].revents != 0;
		}
		if (other_due || ready) {
			out->result = WAIT_OTHER;
			break;
		}
	}
	out->waited_ms = clock_now_ms() - start_ms;
}
