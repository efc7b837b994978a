#include "logqueue.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "clock.h"
#include "fmt.h"
#include "message.h"

#define SAY_MAX       1024 /* a line of the holder's own at most */
#define SAY_PARTS     16   /* its parts at most */
#define CHILD_WAIT_S  1    /* a child waits so long for the holder to read its line */
#define RECEIVE_BATCH 64   /* children's lines read at one event */
#define HOLDER        "greetwait-hold: "
#define REPORT        "warning: the log was full, lines lost: "

/* How fd 2 is written (see logqueue.h). */
enum method { METHOD_PLAIN, METHOD_SEND, METHOD_OWN, METHOD_TOGGLE };

static int method = METHOD_PLAIN;
static int out = 2; /* the descriptor written: fd 2, or METHOD_OWN's */
static int flags;   /* METHOD_TOGGLE: fd 2's own flags */
static char *queue; /* queue[head..tail) waits for fd 2 */
static size_t size, head, tail;
static int dropping; /* lines are being lost until the queue drains to half */
static int stuck;    /* fd 2 said "later" (not an error) to the last write */
static unsigned long lost, unreported;
static unsigned long closing;             /* logqueue_drain's deadline, or 0 */
static int children[2] = {-1, -1}, child; /* the children's socket; we are one */

/* One write of s[0..n) that never waits (but METHOD_PLAIN's): the bytes
 * taken, 0 for none now, -1 for an error (no reader: retried later). */
static ssize_t put(const char *s, size_t n)
{
	ssize_t w;
	if (method == METHOD_SEND)
		w = send(out, s, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	else if (method == METHOD_TOGGLE) {
		fcntl(out, F_SETFL, flags | O_NONBLOCK);
		w = write(out, s, n);
		fcntl(out, F_SETFL, flags);
	} else
		w = write(out, s, n);
	stuck = w == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
	return stuck ? 0 : w;
}

/* The bytes of s[0..n) to write at once: all if they are PIPE_BUF or
 * fewer, else the whole lines among the first PIPE_BUF. */
static size_t chunk(const char *s, size_t n)
{
	const char *end;
	if (n <= PIPE_BUF)
		return n;
	end = memrchr(s, '\n', PIPE_BUF);
	return end ? (size_t)(end - s) + 1 : PIPE_BUF;
}

/* Queue s[0..n) behind what waits; 0 if it does not fit. */
static int append(const char *s, size_t n)
{
	if (tail + n > size && head) {
		memmove(queue, queue + head, tail - head);
		tail -= head;
		head = 0;
	}
	if (tail + n > size)
		return 0;
	memcpy(queue + tail, s, n);
	tail += n;
	return 1;
}

/* Say how many lines were lost, and take lines again. */
static void report(void)
{
	char line[sizeof HOLDER + sizeof REPORT + FMT_ULONG + 1];
	size_t n = fmt_str(line, HOLDER);
	n += fmt_str(line + n, REPORT);
	n += fmt_ulong(line + n, unreported);
	line[n++] = '\n';
	dropping = 0;
	unreported = 0;
	append(line, n);
}

/* Write the queue's head while fd 2 takes it. */
static void write_queue(void)
{
	while (head < tail) {
		ssize_t w = put(queue + head, chunk(queue + head, tail - head));
		if (w <= 0)
			break;
		head += (size_t)w;
	}
	if (head == tail)
		head = tail = 0;
}

int logqueue_flush(void)
{
	write_queue();
	if (dropping && tail - head <= size / 2) {
		report();
		write_queue();
	}
	return head < tail && stuck && method != METHOD_PLAIN ? out : -1;
}

/* Wait for fd 2 to take more, until closing; 0 when it will not. */
static int room(void)
{
	struct pollfd p = {.fd = out, .events = POLLOUT};
	unsigned long now = clock_now_ms();
	if (now >= closing || method == METHOD_PLAIN)
		return 0;
	if (poll(&p, 1, (int)(closing - now)) != 1 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)))
		return 0;
	return 1;
}

/* Write s[0..n) to fd, however long it takes. */
static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

void logqueue_line(const char *line, size_t len)
{
	if (child) {
		/* the holder's socket, or fd 2 if the holder is gone or stuck */
		if (children[1] == -1 || send(children[1], line, len, MSG_NOSIGNAL) != (ssize_t)len)
			write_all(2, line, len);
		return;
	}
	if (method == METHOD_PLAIN) {
		write_all(out, line, len);
		return;
	}
	if (head < tail || dropping)
		logqueue_flush();
	/* nothing waits: straight out (the rest of what a socket took part of is queued) */
	while (!dropping && head == tail && len) {
		ssize_t w = put(line, chunk(line, len));
		if (w <= 0)
			break;
		line += w;
		len -= (size_t)w;
	}
	if (!len)
		return;
	for (;;) {
		if (!dropping && append(line, len))
			return;
		if (dropping || !room())
			break;
		logqueue_flush();
	}
	dropping = 1;
	lost++;
	unreported++;
}

void logqueue_say(const char *s, ...)
{
	char line[SAY_MAX];
	const char *parts[SAY_PARTS];
	size_t k = 0, n;
	va_list a;
	parts[k++] = HOLDER;
	va_start(a, s);
	for (; s && k < SAY_PARTS; s = va_arg(a, const char *))
		parts[k++] = s;
	va_end(a);
	n = message_join(line, sizeof line - 1, parts, k); /* room for the newline */
	line[n++] = '\n';
	logqueue_line(line, n);
}

int logqueue_child(void)
{
	child = 1;
	if (children[0] != -1)
		close(children[0]);
	children[0] = -1;
	return children[1];
}

int logqueue_children(void) { return children[0]; }

void logqueue_receive(void)
{
	char line[PIPE_BUF];
	for (int k = 0; k < RECEIVE_BATCH && children[0] != -1; k++) {
		ssize_t n = recv(children[0], line, sizeof line, MSG_DONTWAIT);
		if (n <= 0)
			return;
		line[n - 1] = '\n'; /* it is one already, but for a line cut to fit */
		logqueue_line(line, (size_t)n);
	}
}

void logqueue_drain(unsigned long deadline_ms)
{
	if (deadline_ms)
		closing = deadline_ms;
	while (logqueue_flush(), head < tail && room())
		;
}

size_t logqueue_waiting(void) { return tail - head; }

unsigned long logqueue_lost(void) { return lost; }

/* How fd 2 is written (logqueue.h): the method and the descriptor. */
static void choose(void)
{
	struct stat err, again;
	int type = 0, fd;
	socklen_t len = sizeof type;
	if (fstat(2, &err) == -1)
		return; /* METHOD_PLAIN: every write fails */
	if (S_ISSOCK(err.st_mode)) {
		if (!getsockopt(2, SOL_SOCKET, SO_TYPE, &type, &len) && type == SOCK_STREAM)
			method = METHOD_SEND;
		return;
	}
	if (!S_ISFIFO(err.st_mode))
		return;
	/* the same pipe, but a file description of our own */
	fd = open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd != -1 && !fstat(fd, &again) && again.st_dev == err.st_dev &&
	    again.st_ino == err.st_ino) {
		method = METHOD_OWN;
		out = fd;
		return;
	}
	if (fd != -1)
		close(fd);
	if ((flags = fcntl(2, F_GETFL)) != -1)
		method = METHOD_TOGGLE;
}

int logqueue_open(size_t bytes)
{
	static int opened;
	struct timeval wait = {CHILD_WAIT_S, 0};
	char *grown = realloc(queue, bytes);
	if (!grown)
		return 0;
	queue = grown;
	size = bytes;
	if (opened++)
		return 1;
	choose();
	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, children) == -1)
		children[0] = children[1] = -1;
	else
		setsockopt(children[1], SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
	return 1;
}
