/* logqueue: the holder's standard error, written so that the loop never
 * waits on it.  A line fd 2 cannot take at once waits in a queue of at
 * most -L bytes; a line that does not fit is lost and counted, and so is
 * every line after it until the queue has drained to half: then one line
 * says how many were lost.  Each write is of whole lines, at most
 * PIPE_BUF bytes, which a pipe takes whole or not at all.
 *
 * fd 2 is written as it allows: a stream socket (systemd's journal) with
 * MSG_DONTWAIT; a pipe or fifo (every supervisor's logger) through a
 * descriptor of its own, opened again from /proc/self/fd/2 with
 * O_NONBLOCK, so that the servers, which share fd 2, still write it
 * blocking; without /proc, fd 2 itself is made non-blocking for each
 * write only; anything else (a file, a terminal) plainly.
 *
 * The children the holder forks (a server about to exec, a dialogue)
 * send their lines to the holder over a datagram socket instead, which
 * the loop reads into the queue: a full log holds up no client. */
#ifndef LOGQUEUE_H
#define LOGQUEUE_H

#include <stddef.h>

#define LOGQUEUE_DEFAULT (1024 * 1024)        /* -L's default, bytes */
#define LOGQUEUE_MIN     4096                 /* a line must fit */
#define LOGQUEUE_MAX     (1024 * 1024 * 1024) /* -L at most */

/* Choose how fd 2 is written, with a queue of size bytes; 0 if out of memory. */
int logqueue_open(size_t size);
/* Write one line (its newline included), or queue it, or lose it; from
 * a child, send it to the holder. */
void logqueue_line(const char *line, size_t len);
/* The holder's own line: "greetwait-hold: " and the strings up to a 0. */
void logqueue_say(const char *s, ...);
#define logqueue_warn(...) logqueue_say("warning: ", __VA_ARGS__, (const char *)0)
/* In a child just forked: its lines go to the holder from now on,
 * through the descriptor it returns (-1: none). */
int logqueue_child(void);
/* The socket the children's lines arrive on, for the loop to watch. */
int logqueue_children(void);
/* Read the children's lines waiting into the queue. */
void logqueue_receive(void);
/* Write what fd 2 takes now; the descriptor to watch for room
 * (EPOLLOUT) while lines wait for it, else -1. */
int logqueue_flush(void);
/* From now on wait for room rather than lose a line, until deadline_ms
 * (monotonic; 0: the one set before); write all that waits by then. */
void logqueue_drain(unsigned long deadline_ms);
/* The bytes waiting, and the lines lost since the start. */
size_t logqueue_waiting(void);
unsigned long logqueue_lost(void);

#endif
