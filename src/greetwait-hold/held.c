#include "held.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "clock.h"
#include "duration.h"
#include "fmt.h"
#include "logline.h"
#include "logqueue.h"
#include "message.h"

#define REPLY_MAX 600

/* greetwait's error= text and then error, joined by "; " into out. */
static const char *errors(char *out, size_t size, const struct held *c, const char *error)
{
	const char *parts[] = {c->h.errors, *c->h.errors ? "; " : "", error};
	if (!error)
		return *c->h.errors ? c->h.errors : 0;
	message_join(out, size, parts, 3);
	return out;
}

/* Format l into line; then, if stress shortened c's delay, the delay
 * greetwait decided as stress=, after all greetwait writes (readers of
 * its fields in their order, such as the fail2ban filter, read on). */
static size_t format(char *line, const struct logline *l, const struct held *c)
{
	char num[DURATION_FMT];
	size_t n = logline_format(line, l);
	if (!c->decided_ms)
		return n;
	duration_format(num, c->decided_ms);
	return logline_end(line, logline_put(line, n - 1, "stress", num));
}

/* The log line as greetwait builds it, up to the result. */
static void entry(struct logline *l, const struct held *c)
{
	memset(l, 0, sizeof *l);
	l->pid = c->h.pid;
	l->ip = c->h.ip;
	l->host = c->h.host;
	l->hostlen = c->h.hostlen;
	l->why = c->h.why;
	l->delay_ms = c->h.delay_ms;
	if (c->h.flags & HANDOFF_LISTS) {
		l->dnsbl = c->h.dnsbl ? c->h.dnsbl : "";
		l->score = c->h.score;
	}
}

void held_log(const struct held *c, enum log_result result, int would, unsigned long waited_ms,
	      const struct wait_outcome *w, const struct reject_envelope *seen, const char *error)
{
	static char line[LOGLINE_MAX + 2], joined[HANDOFF_ERRORS_MAX + 400];
	struct logline l;
	entry(&l, c);
	l.result = logword_result(result);
	l.would = would >= 0 ? logword_result(would) : 0;
	l.waited_ms = waited_ms;
	if (w && w->result == WAIT_PREGREET) {
		l.data = w->data;
		l.datalen = w->datalen;
		l.kind = wait_kind(w->data, w->datalen);
	}
	if (seen && seen->said_helo) {
		l.helo = seen->helo;
		l.helolen = seen->helolen;
	}
	if (seen && seen->said_from) {
		l.from = seen->from;
		l.fromlen = seen->fromlen;
	}
	if (seen && seen->nrcpt) {
		l.rcpt = seen->rcpt;
		l.rcptlen = seen->rcptlen;
	}
	l.error = errors(joined, sizeof joined, c, error);
	logqueue_line(line, format(line, &l, c));
}

void held_log_waiting(const struct held *c)
{
	static char line[LOGLINE_MAX + 2];
	struct logline l;
	entry(&l, c);
	l.error = *c->h.errors ? c->h.errors : 0;
	logqueue_line(line, format(line, &l, c));
}

void held_tease(struct held *c, unsigned long now)
{
	char line[HANDOFF_TEXT_MAX + 8] = "220-";
	size_t n = 4;
	n += fmt_str(line + n, c->h.banner);
	n += fmt_str(line + n, "\r\n");
	/* a client whose buffer is full of our lines misses one: no wait */
	send(c->fd, line, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	c->teased = 1;
	c->teased_ms = now - c->h.start_ms;
}

/* In a child: every descriptor above 2 closed but the client's and the
 * log's.  A child that holds the other clients' sockets (a dialogue runs
 * for up to -T) would keep each of them open after the holder closed it,
 * and so a client whose server had ended would not see the end. */
static void child_alone(const struct held *c, int log)
{
	int keep[2] = {c->fd < log ? c->fd : log, c->fd < log ? log : c->fd};
	unsigned int from = 3;
	for (int k = 0; k < 2; k++)
		if (keep[k] >= (int)from) {
			if (keep[k] > (int)from)
				close_range(from, (unsigned int)keep[k] - 1, 0);
			from = (unsigned int)keep[k] + 1;
		}
	close_range(from, ~0U, 0);
}

/* In a child: the signals as greetwait's server would find them. */
static void child_signals(void)
{
	sigset_t none;
	sigemptyset(&none);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigprocmask(SIG_SETMASK, &none, 0);
}

/* In a child: record the pass as greetwait does; the cache's error or 0. */
static const char *record_pass(const struct held *c, char *error, size_t size)
{
	static struct cache cache;
	struct ip ip;
	if (!c->h.cache || !cache_config(&cache, c->h.cache) || !ip_parse(&ip, c->h.ip))
		return 0;
	cache.ttl = c->h.ttl;
	cache.bits4 = c->h.bits4;
	cache.bits6 = c->h.bits6;
	cache_record(&cache, &ip, (unsigned long)time(0));
	if (!*cache.error)
		return 0;
	memcpy(error, cache.error, size < sizeof cache.error ? size : sizeof cache.error);
	error[size - 1] = 0;
	return error;
}

pid_t held_start_server(const struct held *c, int record, unsigned long waited_ms,
			const struct wait_outcome *w)
{
	char error[CACHE_ERROR_MAX], why[300], **argv, **env;
	const char *parts[3];
	pid_t pid = fork();
	if (pid)
		return pid;
	child_alone(c, logqueue_child());
	child_signals();
	argv = malloc((c->h.argc + 1) * sizeof *argv);
	env = malloc((c->h.envc + 1) * sizeof *env);
	if (dup2(c->fd, 0) == -1 || dup2(c->fd, 1) == -1 || !argv || !env)
		_exit(111);
	if (c->fd > 1)
		close(c->fd);
	handoff_vector(argv, c->h.argv, c->h.argc);
	handoff_vector(env, c->h.env, c->h.envc);
	held_log(c, RESULT_PASS, w ? RESULT_PREGREET : -1, waited_ms, w, 0,
		 record ? record_pass(c, error, sizeof error) : 0);
	environ = env;
	execvp(*argv, argv);
	parts[0] = "unable to run ";
	parts[1] = *argv;
	parts[2] = ": ";
	message_join(why, 100, parts, 2);
	parts[0] = why;
	parts[1] = ": ";
	parts[2] = strerror(errno);
	message_join(error, sizeof error, parts, 3);
	{
		/* greetwait's second line: its own error only */
		struct held alone = *c;
		alone.h.errors = "";
		held_log(&alone, RESULT_EXEC_FAILED, -1, clock_now_ms() - c->h.start_ms, 0, 0,
			 error);
	}
	_exit(111);
}

pid_t held_refuse(const struct held *c, const char *reply, int dialogue, enum log_result result,
		  unsigned long waited_ms, const struct wait_outcome *w, const char *error)
{
	char told[REPLY_MAX];
	struct reject_envelope seen = {0};
	unsigned long deadline;
	pid_t pid = fork();
	if (pid)
		return pid;
	child_alone(c, logqueue_child());
	child_signals();
	signal(SIGPIPE, SIG_IGN); /* as greetwait, until it would exec */
	deadline = clock_now_ms() + c->h.timeout_ms;
	if (c->h.contact) {
		size_t n = strlen(reply) - 2; /* without the CR LF */
		const char *parts[] = {"; ", c->h.contact, "\r\n"};
		memcpy(told, reply, n);
		message_join(told + n, sizeof told - n, parts, 3);
		reply = told;
	}
	if (dialogue)
		reject_dialogue(c->fd, c->fd, reply, deadline, &seen);
	else {
		reject_say(c->fd, reply, strlen(reply), deadline);
		reject_linger(c->fd, c->fd, deadline);
	}
	held_log(c, result, -1, waited_ms, w, dialogue ? &seen : 0, error);
	_exit(0);
}
