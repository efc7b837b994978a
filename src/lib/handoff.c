#include "handoff.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "clock.h"
#include "duration.h"
#include "ip.h"
#include "message.h"

/* The message: "GWH" and the version byte, the total length, the numbers
 * (8 bytes each), then each string as a 4-byte length and the bytes with
 * a NUL, and argv and env as a 4-byte count, a 4-byte length and the
 * strings.  Numbers are little-endian, written byte by byte: libowfat's
 * uint32_pack and uint64_pack cast to a wider type, which is misaligned
 * in a packed message (UBSan refuses it). */
#define MAGIC     "GWH"
#define NUMBERS   13
#define LENGTH_AT 4
#define HEADER    8

enum {
	N_PID,
	N_START,
	N_DELAY,
	N_TIMEOUT,
	N_KEEPALIVE,
	N_TEASED,
	N_TTL,
	N_EARLY,
	N_FLAGS,
	N_BITS4,
	N_BITS6,
	N_SCORE,
	N_HOSTLEN
};

struct writer {
	char *out;
	size_t size, n;
	int full;
};

static void put(struct writer *w, const void *s, size_t len)
{
	if (w->full || len > w->size - w->n) {
		w->full = 1;
		return;
	}
	memcpy(w->out + w->n, s, len);
	w->n += len;
}

static void put_number(struct writer *w, unsigned long long v, size_t bytes)
{
	unsigned char b[8];
	for (size_t k = 0; k < bytes; k++)
		b[k] = (unsigned char)(v >> (8 * k));
	put(w, b, bytes);
}

/* A string (0 is none: length 0xffffffff) of at most max bytes. */
static void put_string(struct writer *w, const char *s, size_t len, size_t max)
{
	if (!s) {
		put_number(w, 0xffffffffULL, 4);
		return;
	}
	if (len > max || memchr(s, 0, len))
		w->full = 1;
	put_number(w, len, 4);
	put(w, s, len);
	put(w, "", 1);
}

static void put_text(struct writer *w, const char *s, size_t max)
{
	put_string(w, s, s ? strlen(s) : 0, max);
}

size_t handoff_encode(char *out, size_t size, const struct handoff *h)
{
	struct writer w = {out, size < HANDOFF_MAX ? size : HANDOFF_MAX, 0, 0};
	unsigned long long n[NUMBERS] = {
	    [N_PID] = h->pid,
	    [N_START] = h->start_ms,
	    [N_DELAY] = h->delay_ms,
	    [N_TIMEOUT] = h->timeout_ms,
	    [N_KEEPALIVE] = h->keepalive_ms,
	    [N_TEASED] = h->teased_ms,
	    [N_TTL] = h->ttl,
	    [N_EARLY] = h->early,
	    [N_FLAGS] = h->flags,
	    [N_BITS4] = h->bits4,
	    [N_BITS6] = h->bits6,
	    [N_SCORE] = (unsigned long long)(long long)h->score,
	    [N_HOSTLEN] = h->hostlen,
	};
	put(&w, MAGIC, 3);
	put_number(&w, HANDOFF_VERSION, 1);
	put_number(&w, 0, 4); /* the length, below */
	for (int k = 0; k < NUMBERS; k++)
		put_number(&w, n[k], 8);
	put_text(&w, h->ip, HANDOFF_IP_MAX);
	put_string(&w, h->host, h->hostlen, HANDOFF_HOST_MAX);
	put_text(&w, h->why, HANDOFF_WHY_MAX);
	put_text(&w, h->banner, HANDOFF_TEXT_MAX);
	put_text(&w, h->contact, HANDOFF_TEXT_MAX);
	put_text(&w, h->cache, HANDOFF_CACHE_MAX);
	put_text(&w, h->dnsbl, HANDOFF_DNSBL_MAX);
	put_text(&w, h->errors, HANDOFF_ERRORS_MAX);
	put_number(&w, h->argc, 4);
	put_number(&w, h->argvlen, 4);
	put(&w, h->argv, h->argvlen);
	put_number(&w, h->envc, 4);
	put_number(&w, h->envlen, 4);
	put(&w, h->env, h->envlen);
	if (w.full)
		return 0;
	for (int k = 0; k < 4; k++)
		out[LENGTH_AT + k] = (char)(unsigned char)(w.n >> (8 * k));
	return w.n;
}

struct reader {
	const char *msg;
	size_t len, n;
	const char *bad; /* the first thing wrong, or 0 */
};

static unsigned long long get_number(struct reader *r, size_t bytes)
{
	unsigned long long v = 0;
	if (r->bad)
		return 0;
	if (bytes > r->len - r->n) {
		r->bad = "truncated";
		return 0;
	}
	for (size_t k = 0; k < bytes; k++)
		v |= (unsigned long long)(unsigned char)r->msg[r->n + k] << (8 * k);
	r->n += bytes;
	return v;
}

/* A string of at most max bytes (0 if none and none allowed), *len set. */
static const char *get_string(struct reader *r, size_t max, int optional, size_t *len,
			      const char *what)
{
	unsigned long long n = get_number(r, 4);
	const char *s;
	if (r->bad)
		return 0;
	if (n == 0xffffffffULL && optional)
		return 0;
	if (n > max) {
		r->bad = what;
		return 0;
	}
	if (n + 1 > r->len - r->n) {
		r->bad = "truncated";
		return 0;
	}
	s = r->msg + r->n;
	if (memchr(s, 0, n) || s[n]) {
		r->bad = what;
		return 0;
	}
	r->n += n + 1;
	*len = n;
	return s;
}

static const char *get_text(struct reader *r, size_t max, int optional, const char *what)
{
	size_t len;
	return get_string(r, max, optional, &len, what);
}

/* A vector of 1 (if nonempty) to max strings: returns the first, sets
 * *count and *len; each string must hold '=' if env. */
static const char *get_vector(struct reader *r, unsigned int max, int nonempty, int env,
			      unsigned int *count, size_t *len, const char *what)
{
	unsigned long long c = get_number(r, 4), n = get_number(r, 4);
	const char *s = r->msg + r->n, *p, *end;
	unsigned int seen = 0;
	if (r->bad)
		return 0;
	if (c > max || (nonempty && !c) || n > r->len - r->n) {
		r->bad = n > r->len - r->n ? "truncated" : what;
		return 0;
	}
	end = s + n;
	for (p = s; p < end; seen++) {
		const char *nul = memchr(p, 0, (size_t)(end - p));
		if (!nul || (env && !memchr(p, '=', (size_t)(nul - p))) || (!env && nul == p)) {
			r->bad = what;
			return 0;
		}
		p = nul + 1;
	}
	if (seen != c) {
		r->bad = what;
		return 0;
	}
	r->n += n;
	*count = (unsigned int)c;
	*len = n;
	return s;
}

/* 1 if ip is as greetwait logs a client's address. */
static int good_ip(const char *s)
{
	struct ip ip;
	char again[IP_FMT];
	if (!strcmp(s, "unknown"))
		return 1;
	return ip_parse(&ip, s) && ip_format(again, &ip) && !strcmp(again, s);
}

int handoff_decode(struct handoff *h, const char *msg, size_t len, const char **reason)
{
	struct reader r = {msg, len, HEADER, 0};
	unsigned long long n[NUMBERS], total = 0;
	memset(h, 0, sizeof *h);
	*reason = 0;
	if (len < HEADER || memcmp(msg, MAGIC, 3)) {
		*reason = "not a handoff message";
		return 0;
	}
	if ((unsigned char)msg[3] != HANDOFF_VERSION) {
		*reason = "unknown version";
		return 0;
	}
	for (int k = 0; k < 4; k++)
		total |= (unsigned long long)(unsigned char)msg[LENGTH_AT + k] << (8 * k);
	if (total != len || len > HANDOFF_MAX) {
		*reason = total > len ? "truncated" : "wrong length";
		return 0;
	}
	for (int k = 0; k < NUMBERS; k++)
		n[k] = get_number(&r, 8);
	h->ip = get_text(&r, HANDOFF_IP_MAX, 0, "malformed ip");
	h->host = get_string(&r, HANDOFF_HOST_MAX, 0, &h->hostlen, "malformed host");
	h->why = get_text(&r, HANDOFF_WHY_MAX, 0, "malformed why");
	h->banner = get_text(&r, HANDOFF_TEXT_MAX, 1, "malformed banner");
	h->contact = get_text(&r, HANDOFF_TEXT_MAX, 1, "malformed contact");
	h->cache = get_text(&r, HANDOFF_CACHE_MAX, 1, "malformed cache");
	h->dnsbl = get_text(&r, HANDOFF_DNSBL_MAX, 1, "malformed dnsbl");
	h->errors = get_text(&r, HANDOFF_ERRORS_MAX, 0, "malformed errors");
	h->argv = get_vector(&r, HANDOFF_ARGS_MAX, 1, 0, &h->argc, &h->argvlen, "malformed argv");
	h->env =
	    get_vector(&r, HANDOFF_ENV_MAX, 0, 1, &h->envc, &h->envlen, "malformed environment");
	if (!r.bad && r.n != len)
		r.bad = "trailing bytes";
	if (!r.bad && (!n[N_PID] || n[N_PID] > HANDOFF_PID_MAX))
		r.bad = "bad pid";
	if (!r.bad && (n[N_DELAY] > DURATION_MAX_MS || n[N_TIMEOUT] > DURATION_MAX_MS ||
		       n[N_KEEPALIVE] > DURATION_MAX_MS || n[N_TEASED] > DURATION_MAX_MS))
		r.bad = "bad time";
	if (!r.bad && (n[N_EARLY] > HANDOFF_EARLY_IGNORE || n[N_FLAGS] & ~(HANDOFF_FLAGS + 0ULL)))
		r.bad = "bad action or flags";
	if (!r.bad && (n[N_BITS4] < 16 || n[N_BITS4] > 32 || n[N_BITS6] < 32 || n[N_BITS6] > 128))
		r.bad = "bad cache bits";
	if (!r.bad && ((long long)n[N_SCORE] > HANDOFF_SCORE_MAX ||
		       (long long)n[N_SCORE] < -HANDOFF_SCORE_MAX))
		r.bad = "bad score";
	if (!r.bad && (n[N_HOSTLEN] != h->hostlen || n[N_TTL] > 0xffffffffULL))
		r.bad = "bad host length or ttl";
	if (!r.bad && !good_ip(h->ip))
		r.bad = "malformed ip";
	if (!r.bad && ((h->banner && strpbrk(h->banner, "\r\n")) ||
		       (h->contact && strpbrk(h->contact, "\r\n"))))
		r.bad = "line break in a reply text";
	if (r.bad) {
		*reason = r.bad;
		return 0;
	}
	h->pid = (unsigned long)n[N_PID];
	h->start_ms = (unsigned long)n[N_START];
	h->delay_ms = (unsigned long)n[N_DELAY];
	h->timeout_ms = (unsigned long)n[N_TIMEOUT];
	h->keepalive_ms = (unsigned long)n[N_KEEPALIVE];
	h->teased_ms = (unsigned long)n[N_TEASED];
	h->ttl = (unsigned long)n[N_TTL];
	h->early = (unsigned int)n[N_EARLY];
	h->flags = (unsigned int)n[N_FLAGS];
	h->bits4 = (unsigned int)n[N_BITS4];
	h->bits6 = (unsigned int)n[N_BITS6];
	h->score = (int)(long long)n[N_SCORE];
	return 1;
}

void handoff_vector(char **out, const char *first, unsigned int n)
{
	for (unsigned int k = 0; k < n; k++) {
		out[k] = (char *)first;
		first += strlen(first) + 1;
	}
	out[n] = 0;
}

size_t handoff_pack_vector(char *out, size_t max, char *const *v, unsigned int *count)
{
	size_t n = 0;
	*count = 0;
	for (; v && v[*count]; ++*count) {
		size_t len = strlen(v[*count]) + 1;
		if (len > max - n)
			return (size_t)-1;
		memcpy(out + n, v[*count], len);
		n += len;
	}
	return n;
}

/* Connect to the holder at path, without blocking; the socket or -1. */
static int connect_holder(const char *path, const char **reason)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int s;
	if (strlen(path) >= sizeof sa.sun_path) {
		*reason = "path too long";
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s == -1) {
		*reason = message_error(errno);
		return -1;
	}
	if (connect(s, (struct sockaddr *)&sa, sizeof sa) == -1) {
		/* EAGAIN: the holder's listen queue is full */
		*reason = errno == EAGAIN ? "the holder is busy" : message_error(errno);
		close(s);
		return -1;
	}
	return s;
}

int handoff_send(const char *path, const char *msg, size_t len, int fd, const char **reason)
{
	char control[CMSG_SPACE(sizeof(int))] = {0}, answer = 0;
	struct iovec iov = {(void *)msg, len};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = control,
			   .msg_controllen = sizeof control};
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	unsigned long deadline = clock_now_ms() + HANDOFF_ACK_MS;
	int s = connect_holder(path, reason), r;
	if (s == -1)
		return 0;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof fd);
	for (;;) {
		if (sendmsg(s, &m, MSG_NOSIGNAL) == (ssize_t)len)
			break;
		if (errno != EAGAIN && errno != EINTR) {
			*reason = errno == EMSGSIZE ? "message too long" : message_error(errno);
			close(s);
			return 0;
		}
		if (clock_ready(s, POLLOUT, deadline) != 1) {
			*reason = "timed out sending";
			close(s);
			return 0;
		}
	}
	while ((r = clock_ready(s, POLLIN, deadline)) == 1) {
		ssize_t n = recv(s, &answer, 1, 0);
		if (n == 1)
			break;
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			continue;
		r = -1;
		break;
	}
	*reason = r == 0                      ? "no answer in time"
		  : r != 1                    ? "the holder closed the connection"
		  : answer == HANDOFF_FULL    ? "the holder is full"
		  : answer == HANDOFF_REFUSED ? "the holder refused the message"
		  : answer != HANDOFF_TAKEN   ? "unknown answer"
					      : 0;
	if (!*reason && send(s, &(char){HANDOFF_COMMIT}, 1, MSG_NOSIGNAL) != 1)
		*reason = "unable to confirm";
	close(s);
	return !*reason;
}
