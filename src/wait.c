#include "wait.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>

unsigned long wait_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 + (unsigned long)ts.tv_nsec / 1000000;
}

int wait_ready(int fd, short events, unsigned long deadline_ms)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = events};
		unsigned long now = wait_now_ms();
		int r;
		if (now >= deadline_ms)
			return 0;
		r = poll(&p, 1, (int)(deadline_ms - now));
		if (r > 0)
			return 1;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}

size_t wait_first_line(const char *buf, size_t len)
{
	size_t n = 0;
	while (n < len && n < WAIT_DATA_MAX && buf[n] != '\r' && buf[n] != '\n')
		n++;
	return n;
}

void wait_for_greeting(int fd, unsigned long start_ms, unsigned long delay_ms,
		       struct wait_outcome *out)
{
	wait_for_greeting_or(fd, start_ms, delay_ms, 0, 0, out);
}

void wait_for_greeting_or(int fd, unsigned long start_ms, unsigned long delay_ms,
			  struct pollfd *other, unsigned long other_deadline_ms,
			  struct wait_outcome *out)
{
	struct pollfd p[2];
	unsigned long now, until;
	out->datalen = 0;
	for (;;) {
		int r;
		now = wait_now_ms();
		out->waited_ms = now - start_ms;
		if (out->waited_ms >= delay_ms) {
			out->result = WAIT_PASS;
			return;
		}
		until = start_ms + delay_ms;
		if (other) {
			if (now >= other_deadline_ms) {
				other->revents = 0;
				out->result = WAIT_OTHER;
				return;
			}
			if (other_deadline_ms < until)
				until = other_deadline_ms;
			p[1] = *other;
			p[1].revents = 0;
		}
		p[0].fd = fd;
		p[0].events = POLLIN;
		p[0].revents = 0;
		r = poll(p, other ? 2 : 1, (int)(until - now));
		if (r == -1 && errno != EINTR) {
			out->result = WAIT_HANGUP;
			break;
		}
		if (r <= 0)
			continue;
		if (!p[0].revents) {
			other->revents = p[1].revents;
			out->result = WAIT_OTHER;
			return;
		}
		if (p[0].revents & POLLIN) {
			ssize_t n = recv(fd, out->data, sizeof out->data, MSG_PEEK | MSG_DONTWAIT);
			if (n > 0) {
				out->datalen = wait_first_line(out->data, (size_t)n);
				out->result = WAIT_PREGREET;
				break;
			}
			if (n == -1 && errno == ENOTSOCK) {
				/* a pipe cannot be peeked at: report without consuming */
				out->result = WAIT_PREGREET;
				break;
			}
			if (n == -1 && (errno == EAGAIN || errno == EINTR))
				continue;
			out->result = WAIT_HANGUP; /* end of file, or a reset */
			break;
		}
		out->result = WAIT_HANGUP; /* POLLHUP, POLLERR, POLLNVAL */
		break;
	}
	out->waited_ms = wait_now_ms() - start_ms;
}
