/* held: one connection greetwait handed over, from its arrival on the
 * holder's socket to its outcome, and what becomes of it.
 *
 *   state  RECEIVING   the handoff connection is open, no message yet
 *          COMMITTING  the message and the client socket came, we said
 *                      HANDOFF_TAKEN: greetwait's HANDOFF_COMMIT makes
 *                      the client ours, anything else drops our copy
 *          HELD        waiting out the delay on the client socket fd
 *          QUEUED      passed, waiting for a server slot (-s), watched
 *                      for a hangup only: what it sends is the server's
 *   conn   the handoff connection (RECEIVING, COMMITTING), else -1
 *   fd     the client socket (from COMMITTING on), else -1
 *   timer  RECEIVING, COMMITTING: when to give up on greetwait; HELD:
 *          the end of the delay or the next -K line; QUEUED: the end of
 *          the wait for a slot
 *   msg, h the message and the handoff decoded from it (h's strings
 *          point into msg)
 *   ip     the client's address (len 0 if unknown), for -m's count
 *   decided_ms  the delay greetwait decided, when stress mode (-S)
 *          shortened it to -G (h.delay_ms is then -G's); else 0
 *   teased, teased_ms  the -b line has gone out, when (from h.start_ms)
 *   prev, next, early  QUEUED: the one before and the next in line; the
 *          early data of a client -e ignore lets through (0 for a pass) */
#ifndef HELD_H
#define HELD_H

#include <sys/types.h>

#include "handoff.h"
#include "heap.h"
#include "ip.h"
#include "logword.h"
#include "reject.h"
#include "wait.h"

enum held_state { HELD_RECEIVING, HELD_COMMITTING, HELD_HELD, HELD_QUEUED, HELD_STATES };

struct held {
	int kind; /* first: what an epoll event points at */
	enum held_state state;
	int conn, fd;
	struct timer timer;
	char *msg;
	struct handoff h;
	struct ip ip;
	unsigned long decided_ms;
	int teased;
	unsigned long teased_ms;
	struct held *prev, *next;   /* QUEUED: the one before and the next in line */
	struct wait_outcome *early; /* QUEUED: what -e ignore let through, or 0 */
};

/* Write the connection's log line, greetwait's own (and stress=, the
 * delay decided, at its end if stress shortened it): result after
 * waited_ms; early data (if w and w->datalen, else none), what a refused
 * client said (if seen), would= (if would >= 0) and an error added to
 * greetwait's (if error). */
void held_log(const struct held *c, enum log_result result, int would, unsigned long waited_ms,
	      const struct wait_outcome *w, const struct reject_envelope *seen, const char *error);
/* The -v line of a long wait (status=waiting). */
void held_log_waiting(const struct held *c);
/* Send the -b line (again, with -K) without blocking; note when. */
void held_tease(struct held *c, unsigned long now);
/* Start the server in a child: record a pass in the cache (if record),
 * log result pass (would= pregreet if w), exec the argv with the
 * environment and the client as fds 0 and 1.  The child's pid, or -1. */
pid_t held_start_server(const struct held *c, int record, unsigned long waited_ms,
			const struct wait_outcome *w);
/* Refuse the client in a child: reply (with -C's contact), the dialogue
 * if dialogue (else the reply closes), then the log line with result.
 * The child's pid, or -1. */
pid_t held_refuse(const struct held *c, const char *reply, int dialogue, enum log_result result,
		  unsigned long waited_ms, const struct wait_outcome *w, const char *error);

#endif
