/* soak-load: the soak's clients (tests/soak/run.sh).
 *
 *   soak-load -p port -t seconds -k clients -o records
 *
 * Keeps `clients` connections to 127.0.0.1:port open for `seconds`, each
 * slot connecting again as soon as its last connection ended: the highest
 * rate the machine sustains with that many open. One process, one epoll
 * loop, so that a client acts when it means to even at full load. Each
 * connection comes from an address of its own, 127.a.b.c (a 2..253, c
 * 1..254), never used twice, so that greetwait's log line names it. Kinds,
 * 2:1:1:
 *
 *   patient  waits for the greeting, sends 1 to 65536 bytes, shuts its
 *            side down, reads the server's "250 count crc32" to the end
 *   early    sends HELO before the greeting, at once or within 60 ms;
 *            reads the first line (greetwait's 554, or, if greetwait
 *            passed it, the server's 220), says QUIT, reads to the end
 *   hangup   closes within 60 ms, with a FIN or (half of them) a reset
 *
 * One record a connection, when it ends, to `records`:
 *   address kind outcome acted greeting size
 * acted: seconds from just before the connect to the HELO or the close
 * (a bound from below on how long after greetwait's start it came: the
 * connect comes before greetwait starts); greeting: the same to the
 * greeting (patient); outcome: intact, bytes-lost, bad-greeting,
 * rejected, passed, no-554, no-221, closed, timeout, cut-short,
 * connect-failed or error. tests/soak/judge.py holds them against the
 * log. Exit 111 on a system failure. */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define USAGE         "soak-load: usage: soak-load -p port -t seconds -k clients -o records\n"
#define CLIENTS_MAX   4096
#define TIMEOUT       15.0
#define DATA_SIZE     (1 << 20)
#define SIZE_MAX_SENT 65536
#define IN_MAX        1024

static const char greeting[] = "220 soak ready\r\n";
static const char helo[] = "HELO soak.example\r\n";
static const char quit[] = "QUIT\r\n";
static const char *const kind_names[] = {"patient", "early", "hangup"};

enum kind { PATIENT, EARLY, HANGUP };

/* CONNECTING: connect() under way. Then a patient client: GREETING (reading
 * it), SENDING (its bytes), REPLY (the count and CRC, to EOF); an early
 * talker: BEFORE (waiting to talk), FIRST (HELO sent, reading the first
 * line), AFTER (QUIT sent, reading to EOF); a hang-up: BEFORE. FREE: the
 * slot has no connection. */
enum state { FREE, CONNECTING, GREETING, SENDING, REPLY, BEFORE, FIRST, AFTER };

struct conn {
	int fd;
	enum state state;
	enum kind kind;
	int reset;             /* hang up with a reset (SO_LINGER 0), not a FIN */
	unsigned long address; /* which 127.a.b.c */
	double start;          /* just before connect() */
	double act_at;         /* when to talk or hang up */
	double acted, greeted;
	size_t size, off, sent;
	unsigned long crc;
	char in[IN_MAX];
	size_t inlen;
};

static struct conn conns[CLIENTS_MAX];
static unsigned char data[DATA_SIZE];
static int ep;
static FILE *records;
static unsigned short port;
static unsigned long next_address;

/* Seconds on the monotonic clock. */
static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "soak-load: fatal: %s: %s\n", what, strerror(errno));
	exit(111);
}

/* A uniform double in [0, 1). */
static double uniform(void) { return (double)random() / ((double)RAND_MAX + 1); }

/* The n-th client address as text. */
static void address_text(unsigned long n, char *out, size_t size)
{
	unsigned long j = n / 252;
	snprintf(out, size, "127.%lu.%lu.%lu", 2 + n % 252, (j / 254) % 256, 1 + j % 254);
}

/* Watch c's socket for events (0: none). */
static void watch(struct conn *c, unsigned events)
{
	struct epoll_event e = {.events = events, .data.ptr = c};
	if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &e) == -1)
		die("unable to change epoll events");
}

/* End c with outcome: record it, close the socket, free the slot. */
static void finish(struct conn *c, const char *outcome)
{
	char ip[32];
	address_text(c->address, ip, sizeof ip);
	fprintf(records, "%s %s %s %.6f %.6f %zu\n", ip, kind_names[c->kind], outcome, c->acted,
		c->greeted, c->size);
	if (c->fd != -1) {
		if (c->reset) {
			struct linger l = {.l_onoff = 1, .l_linger = 0};
			setsockopt(c->fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
		}
		close(c->fd);
	}
	c->fd = -1;
	c->state = FREE;
}

/* Open a new connection in slot c. */
static void begin(struct conn *c)
{
	struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
	struct epoll_event e = {.events = EPOLLOUT, .data.ptr = c};
	unsigned long j;
	double r = uniform();

	memset(c, 0, sizeof *c);
	c->kind = r < 0.5 ? PATIENT : r < 0.75 ? EARLY : HANGUP;
	c->address = next_address++;
	j = c->address / 252;
	src.sin_addr.s_addr = htonl(127UL << 24 | (2 + c->address % 252) << 16 |
				    ((j / 254) % 256) << 8 | (1 + j % 254));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons(port);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1)
		die("unable to make a socket");
	if (bind(c->fd, (struct sockaddr *)&src, sizeof src) == -1)
		die("unable to bind a loopback address");
	c->state = CONNECTING;
	c->start = now();
	if (c->kind == EARLY)
		c->act_at = c->start + (uniform() < 0.5 ? 0 : uniform() * 0.06);
	if (c->kind == HANGUP) {
		c->act_at = c->start + uniform() * 0.06;
		c->reset = uniform() < 0.5;
	}
	if (connect(c->fd, (struct sockaddr *)&dst, sizeof dst) == -1 && errno != EINPROGRESS) {
		finish(c, "connect-failed");
		return;
	}
	if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &e) == -1)
		die("unable to add to epoll");
}

/* Send what is left of buf[0..len) from *sent on; 0 on error. */
static int send_some(struct conn *c, const void *buf, size_t len, size_t *sent)
{
	while (*sent < len) {
		ssize_t w = send(c->fd, (const char *)buf + *sent, len - *sent, MSG_NOSIGNAL);
		if (w == -1 && errno == EAGAIN)
			return 1;
		if (w <= 0)
			return 0;
		*sent += (size_t)w;
	}
	return 1;
}

/* Read what is there into c->in; 1 at EOF, 0 if more may come, -1 on error
 * or overflow. */
static int read_some(struct conn *c)
{
	for (;;) {
		ssize_t r;
		if (c->inlen == sizeof c->in)
			return -1;
		r = recv(c->fd, c->in + c->inlen, sizeof c->in - c->inlen, 0);
		if (r == -1 && errno == EAGAIN)
			return 0;
		if (r == -1)
			return -1;
		if (r == 0)
			return 1;
		c->inlen += (size_t)r;
	}
}

/* The early talker talks; the hang-up hangs up. */
static void act(struct conn *c)
{
	size_t sent = 0;
	c->acted = now() - c->start;
	if (c->kind == HANGUP) {
		finish(c, "closed");
		return;
	}
	if (!send_some(c, helo, sizeof helo - 1, &sent) || sent != sizeof helo - 1) {
		finish(c, "error");
		return;
	}
	c->state = FIRST;
	watch(c, EPOLLIN);
}

/* Move c on after an event on its socket. */
static void step(struct conn *c)
{
	int eof, err = 0;
	socklen_t len = sizeof err;
	char want[64];

	switch (c->state) {
	case CONNECTING:
		if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1 || err) {
			finish(c, "connect-failed");
			return;
		}
		if (c->kind == PATIENT) {
			c->state = GREETING;
			watch(c, EPOLLIN);
			return;
		}
		c->state = BEFORE;
		watch(c, 0);
		if (c->kind == EARLY && now() >= c->act_at)
			act(c);
		return;
	case GREETING:
		eof = read_some(c);
		if (eof == -1) {
			finish(c, "error");
			return;
		}
		if (c->inlen < sizeof greeting - 1) {
			if (eof)
				finish(c, "cut-short");
			return;
		}
		c->greeted = now() - c->start;
		if (c->inlen != sizeof greeting - 1 || memcmp(c->in, greeting, c->inlen)) {
			finish(c, "bad-greeting");
			return;
		}
		c->inlen = 0;
		c->size = 1 + (size_t)(uniform() * SIZE_MAX_SENT);
		c->off = (size_t)(uniform() * (DATA_SIZE - c->size));
		c->crc = crc32(crc32(0, Z_NULL, 0), data + c->off, (unsigned)c->size);
		c->state = SENDING;
		watch(c, EPOLLOUT);
		/* the socket is most likely writable now */
		/* fall through */
	case SENDING:
		if (!send_some(c, data + c->off, c->size, &c->sent)) {
			finish(c, "error");
			return;
		}
		if (c->sent < c->size)
			return;
		if (shutdown(c->fd, SHUT_WR) == -1) {
			finish(c, "error");
			return;
		}
		c->state = REPLY;
		watch(c, EPOLLIN);
		return;
	case REPLY:
		eof = read_some(c);
		if (eof == 0)
			return;
		if (eof == -1) {
			finish(c, "error");
			return;
		}
		snprintf(want, sizeof want, "250 %zu %lx\r\n", c->size, c->crc);
		finish(c, c->inlen == strlen(want) && !memcmp(c->in, want, c->inlen)
			      ? "intact"
			      : "bytes-lost");
		return;
	case FIRST: {
		char *nl;
		size_t sent = 0;
		eof = read_some(c);
		nl = memchr(c->in, '\n', c->inlen);
		if (!nl) {
			if (eof)
				finish(c, "cut-short");
			return;
		}
		if (c->inlen >= 8 && !memcmp(c->in, "220 soak", 8)) {
			finish(c, "passed");
			return;
		}
		if (c->inlen < 4 || memcmp(c->in, "554 ", 4)) {
			finish(c, "no-554");
			return;
		}
		if (!send_some(c, quit, sizeof quit - 1, &sent) || sent != sizeof quit - 1) {
			finish(c, "error");
			return;
		}
		c->state = AFTER;
		/* the rest may be here already */
	}
		/* fall through */
	case AFTER: {
		size_t i;
		eof = read_some(c);
		if (eof == -1) {
			finish(c, "error");
			return;
		}
		if (!eof)
			return;
		/* the last line: after the last line end before the final one */
		i = c->inlen >= 2 ? c->inlen - 2 : 0;
		while (i > 0 && c->in[i - 1] != '\n')
			i--;
		finish(c,
		       c->inlen - i >= 4 && !memcmp(c->in + i, "221 ", 4) ? "rejected" : "no-221");
		return;
	}
	default: return;
	}
}

int main(int argc, char **argv)
{
	struct epoll_event events[256];
	double seconds = 0, end;
	unsigned long clients = 0, active;
	int opt, i;

	while ((opt = getopt(argc, argv, "p:t:k:o:")) != -1) {
		switch (opt) {
		case 'p': port = (unsigned short)atoi(optarg); break;
		case 't': seconds = atof(optarg); break;
		case 'k': clients = strtoul(optarg, 0, 10); break;
		case 'o':
			records = fopen(optarg, "w");
			if (!records)
				die("unable to open the records file");
			break;
		default: fputs(USAGE, stderr); return 100;
		}
	}
	if (!port || seconds <= 0 || !clients || clients > CLIENTS_MAX || !records) {
		fputs(USAGE, stderr);
		return 100;
	}
	signal(SIGPIPE, SIG_IGN);
	srandom((unsigned)getpid());
	for (i = 0; i < DATA_SIZE; i++)
		data[i] = (unsigned char)random();
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (ep == -1)
		die("unable to make an epoll instance");
	end = now() + seconds;
	for (unsigned long k = 0; k < clients; k++)
		conns[k].fd = -1;
	for (;;) {
		double t = now(), next = t + 0.1;
		int n, timeout;
		active = 0;
		for (unsigned long k = 0; k < clients; k++) {
			struct conn *c = &conns[k];
			if (c->state == FREE && t < end)
				begin(c);
			if (c->state == FREE)
				continue;
			if (c->state == BEFORE && t >= c->act_at)
				act(c);
			else if (t >= c->start + TIMEOUT)
				finish(c, "timeout");
			if (c->state == FREE) {
				if (t < end)
					begin(c);
				if (c->state == FREE)
					continue;
			}
			active++;
			if (c->state == BEFORE && c->act_at < next)
				next = c->act_at;
			if (c->start + TIMEOUT < next)
				next = c->start + TIMEOUT;
		}
		if (!active && t >= end)
			break;
		timeout = next > t ? (int)((next - t) * 1000) : 0;
		n = epoll_wait(ep, events, 256, timeout);
		if (n == -1 && errno != EINTR)
			die("unable to wait for events");
		for (i = 0; i < n; i++)
			step(events[i].data.ptr);
	}
	if (fclose(records) == EOF)
		die("unable to write the records");
	return 0;
}
