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

int reject_is_quit(const char *line, size_t len)
{
	/* RFC 5321 QUIT takes no argument; a sloppy client's one is forgiven */
	return len >= 4 && case_equalb(line, 4, "quit") &&
	       (len == 4 || line[4] == ' ' || line[4] == '\t');
}

int reject_is_helo(const char *line, size_t len)
{
	return len >= 4 && (case_equalb(line, 4, "helo") || case_equalb(line, 4, "ehlo")) &&
	       (len == 4 || line[4] == ' ' || line[4] == '\t');
}

void reject_dialogue(int in, int out, const char *greeting, unsigned long deadline_ms)
{
	reject_dialogue_as(in, out, greeting, REPLY_NO_SERVICE, REPLY_NO_SERVICE, deadline_ms);
}

void reject_dialogue_as(int in, int out, const char *greeting, const char *helo, const char *other,
			unsigned long deadline_ms)
{
	char buf[1024], line[REJECT_LINE_MAX];
	size_t linelen = 0, total = 0;
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
