/* handoff: greetwait's connection handed to greetwait-hold, which holds
 * every long wait in one process.  One message on a unix SOCK_SEQPACKET
 * socket carries the decision so far, the server's command line and the
 * environment; the client socket goes beside it by SCM_RIGHTS.  Then the
 * holder answers one byte (HANDOFF_TAKEN, or why not) and greetwait
 * confirms with HANDOFF_COMMIT before it exits: a greetwait that gave up
 * waiting never leaves the client to both.  The message is versioned and
 * every length in it bounded; the holder refuses any message that does
 * not decode exactly (a local process can write anything). */
#ifndef HANDOFF_H
#define HANDOFF_H

#include <stddef.h>

#define HANDOFF_MAX        65536 /* the whole message, at most */
#define HANDOFF_VERSION    1
#define HANDOFF_IP_MAX     64
#define HANDOFF_HOST_MAX   1024 /* more is cut from the log anyway (LOGLINE_QUOTE_MAX) */
#define HANDOFF_WHY_MAX    300
#define HANDOFF_TEXT_MAX   200 /* -b's banner, -C's contact */
#define HANDOFF_CACHE_MAX  600 /* -c's spec */
#define HANDOFF_DNSBL_MAX  400
#define HANDOFF_ERRORS_MAX 2000
#define HANDOFF_ARGS_MAX   256       /* strings of the server's command line */
#define HANDOFF_ENV_MAX    4096      /* strings of the environment */
#define HANDOFF_ACK_MS     200       /* greetwait waits so long for the holder's answer */
#define HANDOFF_COMMIT_MS  5000      /* the holder so long for greetwait's confirmation */
#define HANDOFF_PID_MAX    4194304UL /* the kernel's pid_max, at most */
#define HANDOFF_SCORE_MAX  1000000

/* the holder's answer, and greetwait's confirmation */
#define HANDOFF_TAKEN   'K'
#define HANDOFF_FULL    'F' /* held connections at the limit: wait yourself */
#define HANDOFF_REFUSED 'R' /* the message was refused */
#define HANDOFF_COMMIT  'C'
/* a status query (greetwait-hold -q): this message alone, no socket */
#define HANDOFF_QUERY "greetwait-hold query\n"

enum handoff_early { HANDOFF_EARLY_REJECT, HANDOFF_EARLY_DROP, HANDOFF_EARLY_IGNORE };

#define HANDOFF_RECORD  1  /* a pass is to be recorded in the pass cache */
#define HANDOFF_TEASED  2  /* the -b line has gone out, at teased_ms */
#define HANDOFF_VERBOSE 4  /* -v: the status=waiting line is the holder's */
#define HANDOFF_LISTS   8  /* -d: dnsbl= and score= are logged */
#define HANDOFF_FLAGS   15 /* all of them */

/* What greetwait hands over.  Times are milliseconds on CLOCK_MONOTONIC,
 * which both processes share; strings are NUL-terminated (0: none, for
 * banner, contact, cache and dnsbl); argv and env are argc and envc
 * strings one after another, each NUL-terminated (handoff_vector makes
 * the array exec wants). */
struct handoff {
	unsigned long pid;          /* greetwait's, for the log's pid= */
	unsigned long start_ms;     /* when greetwait started */
	unsigned long delay_ms;     /* the decision's delay, from start_ms */
	unsigned long timeout_ms;   /* -T */
	unsigned long keepalive_ms; /* -K; 0 none */
	unsigned long teased_ms;    /* with HANDOFF_TEASED, from start_ms */
	unsigned long ttl;          /* -t, seconds */
	unsigned int early;         /* -e: enum handoff_early */
	unsigned int flags;         /* HANDOFF_RECORD ... */
	unsigned int bits4, bits6;  /* -k */
	int score;                  /* with HANDOFF_LISTS */
	const char *ip;             /* as logged: an address, or "unknown" */
	const char *host;           /* as logged; hostlen bytes */
	size_t hostlen;
	const char *why;
	const char *banner, *contact, *cache, *dnsbl;
	const char *errors; /* the error= text so far; "" if none */
	const char *argv;
	unsigned int argc;
	size_t argvlen; /* bytes of argv, the NULs included */
	const char *env;
	unsigned int envc;
	size_t envlen;
};

/* Encode h into out (size bytes); its length, or 0 if it does not fit or
 * a field passes its bound. */
size_t handoff_encode(char *out, size_t size, const struct handoff *h);
/* Decode the len bytes of msg into h, whose strings then point into msg;
 * 1 if it is a whole, well-formed message of this version, else 0 and
 * *reason says what is wrong. */
int handoff_decode(struct handoff *h, const char *msg, size_t len, const char **reason);
/* Point out[0 .. n-1] at the n NUL-terminated strings from first on, and
 * out[n] at 0. */
void handoff_vector(char **out, const char *first, unsigned int n);
/* Pack the NUL-terminated array v (n strings, at most max bytes in all)
 * as handoff's argv or env: into out, returning the bytes used, or
 * (size_t)-1 if it does not fit; sets *count. */
size_t handoff_pack_vector(char *out, size_t max, char *const *v, unsigned int *count);

/* Hand the client socket fd over to the holder listening at path: send
 * the len bytes of msg, await the answer (HANDOFF_ACK_MS), confirm.  1 if
 * the holder took it; else 0 and *reason says why. */
int handoff_send(const char *path, const char *msg, size_t len, int fd, const char **reason);

#endif
