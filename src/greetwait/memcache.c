#include "memcache.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "fmt.h"
#include "ip.h"
#include "message.h"
#include "scan.h"

#define REPLY_MAX 512

int memcache_parse(struct memcache_server *s, const char *hostport)
{
	char host[IP_FMT + 1];
	const char *colon;
	struct ip ip;
	unsigned long port = 0;
	size_t n;
	int bracketed = *hostport == '[';
	if (bracketed) {
		colon = strchr(hostport, ']');
		if (!colon || colon[1] != ':')
			return 0;
		hostport++;
		n = (size_t)(colon - hostport);
		colon++;
	} else {
		colon = strchr(hostport, ':');
		if (!colon)
			return 0;
		n = (size_t)(colon - hostport);
	}
	if (n > IP_FMT)
		return 0;
	memcpy(host, hostport, n);
	host[n] = 0;
	/* brackets hold an IPv6 address, as in a URL, and only that */
	if (!ip_parse(&ip, host) || bracketed != (memchr(host, ':', n) != 0))
		return 0;
	n = scan_ulong(colon + 1, &port);
	if (!n || colon[1 + n] || !port || port > 65535) /* digits only, no overflow */
		return 0;
	memset(&s->sa, 0, sizeof s->sa);
	if (ip.len == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&s->sa;
		sin->sin_family = AF_INET;
		sin->sin_port = htons((unsigned short)port);
		memcpy(&sin->sin_addr, ip.b, 4);
		s->salen = sizeof *sin;
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&s->sa;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((unsigned short)port);
		memcpy(&sin6->sin6_addr, ip.b, 16);
		s->salen = sizeof *sin6;
	}
	return 1;
}

/* Set error to "memcached OP: what: reason", OP the request's first word. */
static void fail(char *error, size_t size, const char *op, const char *what, const char *reason)
{
	const char *parts[] = {"memcached ", op, ": ", what, ": ", reason};
	message_join(error, size, parts, sizeof parts / sizeof parts[0]);
}

/* Why a send or recv failed: EAGAIN once the deadline has come is a timeout. */
static const char *cause(void) { return errno == EAGAIN ? "timed out" : strerror(errno); }

/* 1 if reply holds a whole answer: one line, or for a get (multi) the
 * VALUE lines and data up to END. */
static int complete(const char *reply, size_t got, int multi)
{
	const char *eol = memchr(reply, '\n', got);
	if (!eol)
		return 0;
	if (!multi || got < 6 || memcmp(reply, "VALUE ", 6))
		return 1;
	return got >= 7 && !memcmp(reply + got - 7, "\r\nEND\r\n", 7);
}

/* Send request, read a whole reply; its length, or -1 with error set. */
static long exchange(const struct memcache_server *s, const char *request, size_t len, char *reply,
		     size_t size, int multi, unsigned long timeout_ms, char *error, size_t errsize)
{
	const char *op = request[0] == 'g' ? "get" : "set";
	unsigned long deadline = clock_now_ms() + timeout_ms;
	size_t got = 0, sent = 0;
	int fd, e;
	socklen_t elen = sizeof e;
	fd = socket(s->sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1) {
		fail(error, errsize, op, "unable to make a socket", strerror(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr *)&s->sa, s->salen) == -1) {
		if (errno != EINPROGRESS) {
			fail(error, errsize, op, "unable to connect", strerror(errno));
			goto out;
		}
		/* a poll failure (-1) counts as ready: the next call says what is wrong */
		if (!clock_ready(fd, POLLOUT, deadline)) {
			fail(error, errsize, op, "unable to connect", "timed out");
			goto out;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &elen) == -1 || e) {
			fail(error, errsize, op, "unable to connect", strerror(e ? e : errno));
			goto out;
		}
	}
	while (sent < len) {
		ssize_t w = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
		if (w > 0) {
			sent += (size_t)w;
			continue;
		}
		if (w == -1 && (errno == EAGAIN || errno == EINTR) &&
		    clock_ready(fd, POLLOUT, deadline))
			continue;
		fail(error, errsize, op, "unable to send", w == -1 ? cause() : "timed out");
		goto out;
	}
	for (;;) {
		ssize_t r;
		if (complete(reply, got, multi)) {
			close(fd);
			return (long)got;
		}
		if (got == size) {
			fail(error, errsize, op, "unable to read", "reply too long");
			goto out;
		}
		r = recv(fd, reply + got, size - got, 0);
		if (r > 0) {
			got += (size_t)r;
			continue;
		}
		if (r == -1 && (errno == EAGAIN || errno == EINTR) &&
		    clock_ready(fd, POLLIN, deadline))
			continue;
		fail(error, errsize, op, "unable to read", r == 0 ? "connection closed" : cause());
		goto out;
	}
out:
	close(fd);
	return -1;
}

int memcache_get(const struct memcache_server *s, const char *key, char *value, size_t size,
		 unsigned long timeout_ms, char *error, size_t errsize)
{
	static char request[300], reply[REPLY_MAX];
	size_t n, klen = strlen(key), i;
	unsigned long bytes = 0;
	long got;
	if (klen > 250)
		return 0;
	n = fmt_str(request, "get ");
	n += fmt_str(request + n, key);
	n += fmt_str(request + n, "\r\n");
	got = exchange(s, request, n, reply, sizeof reply, 1, timeout_ms, error, errsize);
	if (got < 0)
		return -1;
	if (got == 5 && !memcmp(reply, "END\r\n", 5))
		return 0;
	/* VALUE <key> <flags> <bytes>\r\n<data>\r\nEND\r\n */
	if (got < 6 || memcmp(reply, "VALUE ", 6) || (size_t)got < 6 + klen + 1 ||
	    memcmp(reply + 6, key, klen) || reply[6 + klen] != ' ') {
		fail(error, errsize, "get", "unable to read", "unexpected reply");
		return -1;
	}
	i = 6 + klen + 1; /* the flags, whatever they hold, then the length */
	while (i < (size_t)got && reply[i] != ' ' && reply[i] != '\r')
		i++;
	if (i < (size_t)got && reply[i] == ' ')
		i++;
	i += scan_ulongn(reply + i, (size_t)got - i, &bytes);
	if (bytes >= size || i + 2 + bytes + 7 != (size_t)got || reply[i] != '\r') {
		fail(error, errsize, "get", "unable to read", "unexpected reply");
		return -1;
	}
	memcpy(value, reply + i + 2, bytes);
	value[bytes] = 0;
	return 1;
}

int memcache_set(const struct memcache_server *s, const char *key, const char *value,
		 unsigned long expire, unsigned long timeout_ms, char *error, size_t errsize)
{
	static char request[400], reply[REPLY_MAX];
	size_t n, vlen = strlen(value);
	long got;
	if (strlen(key) > 250 || vlen > MEMCACHE_VALUE_MAX)
		return 0;
	n = fmt_str(request, "set ");
	n += fmt_str(request + n, key);
	n += fmt_str(request + n, " 0 ");
	n += fmt_ulong(request + n, expire);
	n += fmt_str(request + n, " ");
	n += fmt_ulong(request + n, vlen);
	n += fmt_str(request + n, "\r\n");
	n += fmt_str(request + n, value);
	n += fmt_str(request + n, "\r\n");
	got = exchange(s, request, n, reply, sizeof reply, 0, timeout_ms, error, errsize);
	if (got < 0)
		return -1;
	if (got != 8 || memcmp(reply, "STORED\r\n", 8)) {
		fail(error, errsize, "set", "unable to store", "unexpected reply");
		return -1;
	}
	return 0;
}
