/* greetwait-hold: hold every long wait greetwait hands over (-W) in one
 * process: an epoll loop over the clients' sockets and a heap of their
 * deadlines, with greetwait's own outcome for each (held.c): the server
 * started for a patient client, the dialogue or a drop for an early
 * talker, the log line for all.  main() reads the options, listens on
 * PATH and runs the loop; -q asks a running holder how it is doing. */
#include <errno.h>
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clock.h"
#include "duration.h"
#include "fmt.h"
#include "handoff.h"
#include "heap.h"
#include "held.h"
#include "logqueue.h"
#include "peers.h"
#include "scan.h"

#define USAGE                                                                                      \
	"greetwait-hold [ -n held ] [ -m perclient ] [ -M pernetwork ] [ -s servers ] [ -w "       \
	"slotwait ]"                                                                               \
	" [ -S mark ] [ -G delay ] [ -L logbytes ] socket\n"                                       \
	"       greetwait-hold -q socket"
#define EVENTS            256
#define STATUS_MAX        1000
#define REPLY_TOOMANY     "421 4.7.0 Too many connections from your address, try again later\r\n"
#define REPLY_TOOMANY_NET "421 4.7.0 Too many connections from your network, try again later\r\n"
#define REPLY_NOSLOT      "421 4.3.2 Too busy to serve you now, try again later\r\n"
#define REPLY_STOPPED     "421 4.3.2 Service shutting down, try again later\r\n"
#define ACCEPT_PAUSE_MS   100
/* Deadlines handled a turn at most, then the events again: each pass is a
 * fork, slower the more the holder holds, and a burst of passes due at once
 * kept handoffs unanswered past greetwait's 200 ms (11-16% of them fell back
 * in a burst of 10,000). */
#define TIMERS_A_TURN 16
#define LOG_EXIT_MS   1000 /* at the exit, the log is waited for so long at most */

enum kind { KIND_LISTENER, KIND_SIGNALS, KIND_LOG, KIND_CHILDREN_LOG, KIND_HELD };

/* The command line. */
static unsigned long held_max = 10000; /* -n: held connections at most */
static unsigned long client_max;       /* -m: held per client address at most; 0 no limit */
static unsigned long network_max; /* -M: held per /24 (IPv4) or /64 (IPv6) at most; 0 no limit */
static unsigned long servers_max; /* -s: servers running at most; 0 no limit */
static unsigned long slot_wait_ms = 10000;        /* -w: a pass waits so long for a server slot */
static unsigned long log_size = LOGQUEUE_DEFAULT; /* -L: bytes of log lines waiting at most */
static unsigned long stress_mark;                 /* -S: held at which stress begins; 0 never */
static unsigned long stress_delay_ms = 30000;     /* -G: the longest delay under stress */
static const char *path;
static struct stat bound; /* the socket file as we bound it */

/* The loop's state. */
static int ep;
static int listener_kind = KIND_LISTENER, signals_kind = KIND_SIGNALS, log_kind = KIND_LOG,
	   children_log_kind = KIND_CHILDREN_LOG;
static int log_watched = -1; /* the log descriptor watched for room, or -1 */
static int listener = -1, signals = -1;
static unsigned long accept_paused_until;
static struct heap timers;
static struct peers peers, networks;         /* held per address, per /24 or /64 */
static struct held *queue_head, *queue_tail; /* QUEUED, first come first served */
static pid_t *server_pid;                    /* the servers running, sorted */
static size_t servers, server_size;
static unsigned long count[HELD_STATES], dialogues;
/* the limits hit since the start, and other refusals */
static unsigned long hit_held, hit_client, hit_network, hit_servers, slot_timeouts, malformed,
    strangers;
static int stressed; /* in stress mode: new clients wait -G at most */
static unsigned long stress_entered, stress_shortened;

/* Write what the log queue holds, for at most LOG_EXIT_MS, and exit. */
static void leave(int code) __attribute__((noreturn));
static void leave(int code)
{
	logqueue_drain(clock_now_ms() + LOG_EXIT_MS);
	exit(code);
}

/* errmsg's die and diesys, through the log queue: errmsg writes fd 2
 * blocking, and a stalled log would keep the holder from exiting. */
#define fatal(code, ...) (logqueue_say(__VA_ARGS__, (const char *)0), leave(code))
#define fatalsys(code, ...)                                                                        \
	(logqueue_say(__VA_ARGS__, ": ", strerror(errno), (const char *)0), leave(code))

static void dieusage(void) { fatal(100, "usage: ", USAGE); }

/* Parse a count option or dieusage(). */
static unsigned long count_arg(const char *s)
{
	unsigned long n = 0;
	size_t len = scan_ulong(s, &n);
	if (!len || s[len] || n > 10000000)
		dieusage();
	return n;
}

/* Parse -L's bytes or dieusage(). */
static unsigned long bytes_arg(const char *s)
{
	unsigned long n = 0;
	size_t len = scan_ulong(s, &n);
	if (!len || s[len] || n < LOGQUEUE_MIN || n > LOGQUEUE_MAX)
		dieusage();
	return n;
}

/* A warning line of the holder's own. */
static void warn(const char *a, const char *b, const char *c)
{
	logqueue_warn(a, b ? b : "", c ? c : "");
}

/* Warn that a limit acted: what, the limit, and about whom. */
static void warn_limit(const char *what, unsigned long limit, const char *ip)
{
	char n[FMT_ULONG];
	n[fmt_ulong(n, limit)] = 0;
	logqueue_warn(what, " (", n, "): ", ip);
}

/* A sorted insert into the servers running. */
static void server_add(pid_t pid)
{
	size_t k = servers;
	if (servers == server_size) {
		size_t size = server_size ? server_size * 2 : 64;
		pid_t *grown = realloc(server_pid, size * sizeof *grown);
		if (!grown)
			fatal(111, "fatal: out of memory");
		server_pid = grown;
		server_size = size;
	}
	while (k && server_pid[k - 1] > pid)
		k--;
	memmove(server_pid + k + 1, server_pid + k, (servers - k) * sizeof *server_pid);
	server_pid[k] = pid;
	servers++;
}

/* 1 (and it is taken out) if pid is a server running. */
static int server_gone(pid_t pid)
{
	size_t lo = 0, hi = servers;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (server_pid[mid] < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == servers || server_pid[lo] != pid)
		return 0;
	memmove(server_pid + lo, server_pid + lo + 1, (servers - lo - 1) * sizeof *server_pid);
	servers--;
	return 1;
}

static void watch(struct held *c, int fd, int op, unsigned int events);

/* Enter stress mode when the clients held reach -S, leave it when they
 * fall to 7/9 of it (postscreen's ratio of its low and high water
 * marks), each with a line: at one mark, the mode would flip with every
 * client that comes or goes. */
static void stress_check(void)
{
	unsigned long held = count[HELD_HELD];
	char n[FMT_ULONG];
	if (!stress_mark || (stressed ? held > stress_mark * 7 / 9 : held < stress_mark))
		return;
	stressed = !stressed;
	stress_entered += stressed;
	n[fmt_ulong(n, held)] = 0;
	logqueue_say(stressed ? "status=stress held=" : "status=normal held=", n, (const char *)0);
}

static void set_state(struct held *c, enum held_state state)
{
	count[c->state]--;
	count[state]++;
	c->state = state;
}

static void timer_at(struct held *c, unsigned long at)
{
	if (!heap_set(&timers, &c->timer, at))
		fatal(111, "fatal: out of memory");
}

/* Forget c: its sockets closed (the client's is still open in a child
 * that took it over), its count, timer and memory. */
/* The /24 or /64 of ip, for -M. */
static struct ip network(const struct ip *ip)
{
	struct ip net = *ip;
	ip_mask(&net, ip->len == 4 ? 24 : 64);
	return net;
}

static void finish(struct held *c)
{
	if (c->state == HELD_HELD || c->state == HELD_QUEUED) {
		struct ip net = network(&c->ip);
		peers_remove(&peers, &c->ip);
		peers_remove(&networks, &net);
	}
	if (c->state == HELD_QUEUED) {
		*(c->prev ? &c->prev->next : &queue_head) = c->next;
		*(c->next ? &c->next->prev : &queue_tail) = c->prev;
	}
	heap_remove(&timers, &c->timer);
	/* out of epoll first: a child's copy of the socket keeps it there */
	if (c->conn != -1) {
		watch(c, c->conn, EPOLL_CTL_DEL, 0);
		close(c->conn);
	}
	if (c->fd != -1) {
		if (c->state == HELD_HELD || c->state == HELD_QUEUED)
			watch(c, c->fd, EPOLL_CTL_DEL, 0);
		close(c->fd);
	}
	count[c->state]--;
	stress_check();
	free(c->early);
	free(c->msg);
	free(c);
}

/* Watch fd for c (events 0: stop watching). */
static void watch(struct held *c, int fd, int op, unsigned int events)
{
	struct epoll_event e = {.events = events, .data.ptr = c};
	if (epoll_ctl(ep, op, fd, &e) == -1 && op != EPOLL_CTL_DEL)
		fatalsys(111, "fatal: unable to watch a socket");
}

/* The milliseconds c has waited. */
static unsigned long waited(const struct held *c)
{
	unsigned long now = clock_now_ms();
	return now > c->h.start_ms ? now - c->h.start_ms : 0;
}

/* Refuse c in a child (a 421: no dialogue), and forget it. */
static void refuse(struct held *c, const char *reply, enum log_result result, const char *error)
{
	if (held_refuse(c, reply, 0, result, waited(c), 0, error) > 0)
		dialogues++;
	else
		held_log(c, result, -1, waited(c), 0, 0, "unable to fork");
	finish(c);
}

/* Start the server for c (w: an early talker let through by -e ignore),
 * or queue it when -s's servers are all running; forget it. */
static void serve(struct held *c, const struct wait_outcome *w)
{
	pid_t pid;
	if (servers_max && servers >= servers_max) {
		if (c->state != HELD_QUEUED) {
			hit_servers++;
			warn_limit("servers running at the limit, a pass waits", servers_max,
				   c->h.ip);
			/* a hangup only: data is the server's, and would
			 * wake a level-triggered loop for ever */
			watch(c, c->fd, EPOLL_CTL_MOD, EPOLLRDHUP);
			set_state(c, HELD_QUEUED);
			stress_check();
			c->next = 0;
			c->prev = queue_tail;
			if (w && (c->early = malloc(sizeof *w)))
				*c->early = *w;
			*(queue_tail ? &queue_tail->next : &queue_head) = c;
			queue_tail = c;
			timer_at(c, clock_now_ms() + slot_wait_ms);
		}
		return;
	}
	/* a wait stress shortened is no long wait passed: not recorded */
	pid = held_start_server(c, !w && !c->decided_ms && (c->h.flags & HANDOFF_RECORD), waited(c),
				w);
	if (pid > 0)
		server_add(pid);
	else
		held_log(c, RESULT_EXEC_FAILED, -1, waited(c), 0, 0, "unable to fork");
	finish(c);
}

/* A client that talked or hung up: greetwait's caught(). */
static void caught(struct held *c, const struct wait_outcome *w)
{
	if (w->result == WAIT_HANGUP) {
		held_log(c, RESULT_HANGUP, -1, waited(c), 0, 0, 0);
		finish(c);
	} else if (c->h.early == HANDOFF_EARLY_IGNORE)
		serve(c, w);
	else if (c->h.early == HANDOFF_EARLY_DROP) {
		held_log(c, RESULT_PREGREET, -1, waited(c), w, 0, 0);
		finish(c);
	} else {
		const char *reply = c->teased ? REPLY_PREGREET_TEASED : REPLY_PREGREET;
		if (held_refuse(c, reply, 1, RESULT_PREGREET, waited(c), w, 0) > 0)
			dialogues++;
		else
			held_log(c, RESULT_PREGREET, -1, waited(c), w, 0, "unable to fork");
		finish(c);
	}
}

/* Set c's timer: the end of its delay, or before it the next -K line. */
static void schedule(struct held *c)
{
	unsigned long end = c->h.start_ms + c->h.delay_ms, at = end;
	if (c->teased && c->h.keepalive_ms &&
	    c->h.start_ms + c->teased_ms + c->h.keepalive_ms < end)
		at = c->h.start_ms + c->teased_ms + c->h.keepalive_ms;
	timer_at(c, at);
}

/* greetwait confirmed: the client is ours to hold (or, over -m or -M,
 * to refuse). */
static void commit(struct held *c)
{
	unsigned long now = clock_now_ms();
	struct ip net;
	watch(c, c->conn, EPOLL_CTL_DEL, 0);
	close(c->conn);
	c->conn = -1;
	c->teased = (c->h.flags & HANDOFF_TEASED) != 0;
	c->teased_ms = c->h.teased_ms;
	if (!ip_parse(&c->ip, c->h.ip))
		c->ip.len = 0;
	if (client_max && c->ip.len && peers_count(&peers, &c->ip) >= client_max) {
		hit_client++;
		warn_limit("held connections from one address at the limit", client_max, c->h.ip);
		refuse(c, REPLY_TOOMANY, RESULT_TOOMANY,
		       "too many connections held from the address");
		return;
	}
	net = network(&c->ip);
	if (network_max && c->ip.len && peers_count(&networks, &net) >= network_max) {
		hit_network++;
		warn_limit("held connections from one network at the limit", network_max, c->h.ip);
		refuse(c, REPLY_TOOMANY_NET, RESULT_TOOMANY,
		       "too many connections held from the network");
		return;
	}
	if (stressed && c->h.delay_ms > stress_delay_ms) {
		c->decided_ms = c->h.delay_ms;
		c->h.delay_ms = stress_delay_ms; /* from greetwait's start, as the delay */
		stress_shortened++;
	}
	set_state(c, HELD_HELD);
	stress_check();
	if (!peers_add(&peers, &c->ip) || !peers_add(&networks, &net))
		fatal(111, "fatal: out of memory");
	watch(c, c->fd, EPOLL_CTL_ADD, EPOLLIN | EPOLLRDHUP);
	if (c->h.flags & HANDOFF_VERBOSE)
		held_log_waiting(c);
	if (c->h.banner && !c->teased)
		held_tease(c, now);
	schedule(c);
}

/* The status text of -q into out; its length. */
static size_t status(char *out)
{
	static const char *const names[] = {
	    "held=",           " servers=",        " dialogues=",
	    " receiving=",     " committing=",     " queued=",
	    " limit_held=",    " limit_client=",   " limit_network=",
	    " limit_servers=", " slot_timeouts=",  " malformed=",
	    " strangers=",     " log_waiting=",    " log_lost=",
	    " stress=",        " stress_entered=", " stress_shortened="};
	unsigned long v[] = {count[HELD_HELD],
			     servers,
			     dialogues,
			     count[HELD_RECEIVING],
			     count[HELD_COMMITTING],
			     count[HELD_QUEUED],
			     hit_held,
			     hit_client,
			     hit_network,
			     hit_servers,
			     slot_timeouts,
			     malformed,
			     strangers,
			     logqueue_waiting(),
			     logqueue_lost(),
			     (unsigned long)stressed,
			     stress_entered,
			     stress_shortened};
	size_t n = 0;
	_Static_assert(sizeof names / sizeof *names == sizeof v / sizeof *v, "a name per count");
	for (size_t k = 0; k < sizeof v / sizeof *v; k++) {
		n += fmt_str(out + n, names[k]);
		n += fmt_ulong(out + n, v[k]);
	}
	out[n++] = '\n';
	return n;
}

/* Answer greetwait with one byte; 0 if it cannot be sent. */
static int answer(struct held *c, char byte)
{
	return send(c->conn, &byte, 1, MSG_DONTWAIT | MSG_NOSIGNAL) == 1;
}

/* Refuse a message: the answer, a warning, forget it. */
static void refuse_message(struct held *c, char byte, const char *reason)
{
	if (byte == HANDOFF_REFUSED) {
		malformed++;
		warn("refused a handoff: ", reason, 0);
	}
	answer(c, byte);
	finish(c);
}

/* The message on c's handoff connection: the handoff (or a query). */
static void receive(struct held *c)
{
	static char buf[HANDOFF_MAX + 1];
	char control[CMSG_SPACE(4 * sizeof(int))];
	struct iovec iov = {buf, sizeof buf};
	struct msghdr m = {.msg_iov = &iov,
			   .msg_iovlen = 1,
			   .msg_control = control,
			   .msg_controllen = sizeof control};
	struct cmsghdr *cm;
	const char *reason;
	int fds = 0, type = 0;
	socklen_t typelen = sizeof type;
	ssize_t n = recvmsg(c->conn, &m, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	for (cm = CMSG_FIRSTHDR(&m); n >= 0 && cm; cm = CMSG_NXTHDR(&m, cm))
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
			for (size_t k = 0; k < (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int); k++) {
				int fd;
				memcpy(&fd, CMSG_DATA(cm) + k * sizeof(int), sizeof fd);
				if (fds++ || c->fd != -1)
					close(fd);
				else
					c->fd = fd;
			}
	if (n <= 0) {
		finish(c); /* greetwait gave up, or a stranger */
		return;
	}
	if (!fds && (size_t)n == sizeof HANDOFF_QUERY - 1 &&
	    !memcmp(buf, HANDOFF_QUERY, (size_t)n)) {
		char text[STATUS_MAX];
		count[HELD_RECEIVING]--; /* the query itself */
		send(c->conn, text, status(text), MSG_DONTWAIT | MSG_NOSIGNAL);
		count[HELD_RECEIVING]++;
		finish(c);
		return;
	}
	if (m.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
		return refuse_message(c, HANDOFF_REFUSED, "message too long");
	if (fds != 1)
		return refuse_message(c, HANDOFF_REFUSED, "not one socket beside the message");
	if (getsockopt(c->fd, SOL_SOCKET, SO_TYPE, &type, &typelen) == -1 || type != SOCK_STREAM)
		return refuse_message(c, HANDOFF_REFUSED, "the client is no stream socket");
	if (!handoff_decode(&c->h, buf, (size_t)n, &reason))
		return refuse_message(c, HANDOFF_REFUSED, reason);
	if (c->h.start_ms > clock_now_ms())
		return refuse_message(c, HANDOFF_REFUSED, "a start in the future");
	if (count[HELD_COMMITTING] + count[HELD_HELD] + count[HELD_QUEUED] >= held_max) {
		hit_held++;
		warn_limit("held connections at the limit, greetwait waits itself", held_max,
			   c->h.ip);
		return refuse_message(c, HANDOFF_FULL, 0);
	}
	c->msg = malloc((size_t)n);
	if (!c->msg)
		return refuse_message(c, HANDOFF_FULL, 0);
	memcpy(c->msg, buf, (size_t)n);
	handoff_decode(&c->h, c->msg, (size_t)n, &reason); /* the same bytes: it decodes */
	set_state(c, HELD_COMMITTING);
	if (!answer(c, HANDOFF_TAKEN))
		finish(c);
}

/* An event on c's socket (events: epoll's). */
static void event(struct held *c, unsigned int events)
{
	struct wait_outcome w;
	char byte = 0;
	if (c->state == HELD_RECEIVING)
		receive(c);
	else if (c->state == HELD_COMMITTING) {
		ssize_t n = recv(c->conn, &byte, 1, MSG_DONTWAIT);
		if (n == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n == 1 && byte == HANDOFF_COMMIT)
			commit(c);
		else
			finish(c); /* greetwait gave up: it waits itself */
	} else if (c->state == HELD_HELD && wait_look(c->fd, events, &w))
		caught(c, &w);
	else if (c->state == HELD_QUEUED && (events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
		/* gone while it waited for a slot: its place is the next one's */
		held_log(c, RESULT_HANGUP, -1, waited(c), 0, 0, 0);
		finish(c);
	}
}

/* c's timer has come. */
static void expired(struct held *c, unsigned long now)
{
	struct wait_outcome w;
	if (c->state == HELD_RECEIVING || c->state == HELD_COMMITTING) {
		finish(c);
		return;
	}
	if (c->state == HELD_QUEUED) {
		slot_timeouts++;
		warn_limit("no server slot within the wait, 421", slot_wait_ms, c->h.ip);
		refuse(c, REPLY_NOSLOT, RESULT_TEMPFAIL, "no server slot within -w");
		return;
	}
	heap_remove(&timers, &c->timer);
	if (now < c->h.start_ms + c->h.delay_ms) {
		held_tease(c, now); /* -K */
		schedule(c);
		return;
	}
	/* one last look before a pass, as greetwait's wait */
	if (wait_look(c->fd, POLLIN, &w))
		caught(c, &w);
	else
		serve(c, 0);
}

/* A server slot is free: start the first queued pass. */
static void dequeue(void)
{
	while (queue_head && (!servers_max || servers < servers_max)) {
		struct held *c = queue_head;
		queue_head = c->next;
		*(queue_head ? &queue_head->prev : &queue_tail) = 0;
		set_state(c, HELD_HELD);
		serve(c, c->early);
	}
}

/* Accept the handoff connections waiting. */
static void accept_handoffs(void)
{
	for (;;) {
		struct ucred who;
		socklen_t len = sizeof who;
		struct held *c;
		int s = accept4(listener, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (s == -1) {
			if (errno == EMFILE || errno == ENFILE || errno == ENOMEM ||
			    errno == ENOBUFS) {
				/* greetwait waits itself meanwhile */
				warn("unable to accept: ", strerror(errno), ", pausing");
				accept_paused_until = clock_now_ms() + ACCEPT_PAUSE_MS;
				watch((struct held *)&listener_kind, listener, EPOLL_CTL_MOD, 0);
			}
			return;
		}
		if (getsockopt(s, SOL_SOCKET, SO_PEERCRED, &who, &len) == -1 ||
		    (who.uid != geteuid() && who.uid != 0)) {
			strangers++;
			warn("refused a connection from another user", 0, 0);
			close(s);
			continue;
		}
		c = calloc(1, sizeof *c);
		if (!c) {
			close(s);
			continue;
		}
		c->kind = KIND_HELD;
		c->state = HELD_RECEIVING;
		count[HELD_RECEIVING]++;
		c->conn = s;
		c->fd = -1;
		c->timer.index = HEAP_NONE;
		watch(c, s, EPOLL_CTL_ADD, EPOLLIN);
		timer_at(c, clock_now_ms() + HANDOFF_COMMIT_MS);
	}
}

/* SIGTERM: every held client is told 421 and logged; then exit. */
static void stop(void)
{
	struct stat there;
	/* from now on a line waits for room in the log, but not for ever */
	logqueue_drain(clock_now_ms() + LOG_EXIT_MS);
	while (heap_top(&timers)) {
		struct held *c =
		    (struct held *)((char *)heap_top(&timers) - offsetof(struct held, timer));
		if (c->state == HELD_HELD || c->state == HELD_QUEUED) {
			send(c->fd, REPLY_STOPPED, sizeof REPLY_STOPPED - 1,
			     MSG_DONTWAIT | MSG_NOSIGNAL);
			held_log(c, RESULT_TEMPFAIL, -1, waited(c), 0, 0, "greetwait-hold stopped");
		}
		finish(c);
	}
	/* the socket file is ours to remove if it is still the one we bound */
	if (lstat(path, &there) == 0 && there.st_ino == bound.st_ino &&
	    there.st_dev == bound.st_dev)
		unlink(path);
	logqueue_receive();
	logqueue_drain(0);
	_exit(0);
}

/* What the signals say: children ended, or stop. */
static void signalled(void)
{
	struct signalfd_siginfo si;
	while (read(signals, &si, sizeof si) == sizeof si)
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			stop();
	for (;;) {
		pid_t pid = waitpid(-1, 0, WNOHANG);
		if (pid <= 0)
			break;
		if (!server_gone(pid) && dialogues)
			dialogues--;
	}
	dequeue();
}

/* Listen on path, replacing a socket file no holder listens on. */
static void listen_on(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct stat st;
	if (strlen(path) >= sizeof sa.sun_path)
		fatal(100, "fatal: socket path too long: ", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	listener = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (listener == -1)
		fatalsys(111, "fatal: unable to create a socket");
	if (bind(listener, (struct sockaddr *)&sa, sizeof sa) == -1) {
		int probe;
		if (errno != EADDRINUSE)
			fatalsys(111, "fatal: unable to bind to ", path);
		if (lstat(path, &st) == -1 || !S_ISSOCK(st.st_mode))
			fatal(111, "fatal: unable to bind to ", path, ": exists and is no socket");
		probe = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
		if (probe != -1 && connect(probe, (struct sockaddr *)&sa, sizeof sa) == 0)
			fatal(111, "fatal: another greetwait-hold listens on ", path);
		if (probe != -1)
			close(probe);
		if (unlink(path) == -1 || bind(listener, (struct sockaddr *)&sa, sizeof sa) == -1)
			fatalsys(111, "fatal: unable to bind to ", path);
	}
	if (lstat(path, &bound) == -1)
		fatalsys(111, "fatal: unable to stat ", path);
	if (listen(listener, SOMAXCONN) == -1)
		fatalsys(111, "fatal: unable to listen on ", path);
}

/* -q: print a running holder's status; 0, or 111 if it cannot be had. */
static int query(void)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	char text[STATUS_MAX];
	ssize_t n = -1;
	int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
	if (strlen(path) >= sizeof sa.sun_path)
		fatal(100, "fatal: socket path too long: ", path);
	memcpy(sa.sun_path, path, strlen(path) + 1);
	if (s == -1 || connect(s, (struct sockaddr *)&sa, sizeof sa) == -1)
		fatalsys(111, "fatal: unable to connect to ", path);
	if (send(s, HANDOFF_QUERY, sizeof HANDOFF_QUERY - 1, MSG_NOSIGNAL) > 0 &&
	    clock_ready(s, POLLIN, clock_now_ms() + 2000) == 1)
		n = recv(s, text, sizeof text, 0);
	if (n <= 0)
		fatal(111, "fatal: no status from ", path);
	if (write(1, text, (size_t)n) != n)
		fatalsys(111, "fatal: unable to write the status");
	return 0;
}

/* Watch the log descriptor fd for room (-1: stop watching). */
static void watch_log(int fd)
{
	struct epoll_event e = {.events = EPOLLOUT, .data.ptr = &log_kind};
	if (fd == log_watched)
		return;
	if (log_watched != -1)
		epoll_ctl(ep, EPOLL_CTL_DEL, log_watched, &e);
	log_watched = fd != -1 && epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e) == 0 ? fd : -1;
}

/* Run the loop, for ever (SIGTERM ends it). */
static void loop(void)
{
	struct epoll_event e[EVENTS];
	for (;;) {
		unsigned long now = clock_now_ms(), next = now + 60000;
		struct timer *top = heap_top(&timers);
		int n;
		if (top && top->at < next)
			next = top->at;
		if (accept_paused_until && accept_paused_until < next)
			next = accept_paused_until;
		n = epoll_wait(ep, e, EVENTS, next > now ? (int)(next - now) : 0);
		if (n == -1 && errno != EINTR)
			fatalsys(111, "fatal: unable to wait for events");
		for (int k = 0; k < n; k++) {
			int *kind = e[k].data.ptr;
			if (*kind == KIND_LISTENER)
				accept_handoffs();
			else if (*kind == KIND_SIGNALS)
				signalled();
			else if (*kind == KIND_CHILDREN_LOG)
				logqueue_receive();
			else if (*kind != KIND_LOG) /* KIND_LOG: room, written below */
				event((struct held *)kind, e[k].events);
		}
		watch_log(logqueue_flush());
		now = clock_now_ms();
		if (accept_paused_until && now >= accept_paused_until) {
			accept_paused_until = 0;
			watch((struct held *)&listener_kind, listener, EPOLL_CTL_MOD, EPOLLIN);
		}
		for (int k = 0; k < TIMERS_A_TURN && (top = heap_top(&timers)) && top->at <= now;
		     k++)
			expired((struct held *)((char *)top - offsetof(struct held, timer)), now);
	}
}

int main(int argc, char **argv)
{
	struct rlimit files;
	sigset_t mask;
	int opt, ask = 0;
	signal(SIGPIPE, SIG_IGN);
	if (!logqueue_open(log_size))
		_exit(111);
	while ((opt = getopt(argc, argv, "n:m:M:s:w:S:G:L:q")) != -1) {
		switch (opt) {
		case 'n': held_max = count_arg(optarg); break;
		case 'm': client_max = count_arg(optarg); break;
		case 'M': network_max = count_arg(optarg); break;
		case 's': servers_max = count_arg(optarg); break;
		case 'w':
			if (!duration_parse(optarg, &slot_wait_ms))
				dieusage();
			break;
		case 'S': stress_mark = count_arg(optarg); break;
		case 'G':
			if (!duration_parse(optarg, &stress_delay_ms))
				dieusage();
			break;
		case 'L': log_size = bytes_arg(optarg); break;
		case 'q': ask = 1; break;
		default: dieusage();
		}
	}
	if (argc - optind != 1)
		dieusage();
	if (!logqueue_open(log_size))
		fatal(111, "fatal: out of memory");
	path = argv[optind];
	if (ask)
		return query();
	/* a held connection is a descriptor: take all the system allows */
	if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
		files.rlim_cur = files.rlim_max;
		setrlimit(RLIMIT_NOFILE, &files);
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, 0);
	signals = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	ep = epoll_create1(EPOLL_CLOEXEC);
	if (signals == -1 || ep == -1)
		fatalsys(111, "fatal: unable to set up the event loop");
	listen_on();
	watch((struct held *)&listener_kind, listener, EPOLL_CTL_ADD, EPOLLIN);
	watch((struct held *)&signals_kind, signals, EPOLL_CTL_ADD, EPOLLIN);
	if (logqueue_children() != -1)
		watch((struct held *)&children_log_kind, logqueue_children(), EPOLL_CTL_ADD,
		      EPOLLIN);
	loop();
	return 111;
}
