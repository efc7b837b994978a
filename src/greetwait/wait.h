/* wait: withhold the greeting for a delay while watching the client.
 * Nothing is consumed: what a client sent early is only peeked at. */
#ifndef WAIT_H
#define WAIT_H

#include <poll.h>
#include <stddef.h>

#define WAIT_DATA_MAX 100 /* bytes of the first early line kept for the log */

enum wait_result { WAIT_PASS, WAIT_PREGREET, WAIT_HANGUP, WAIT_OTHER };

struct wait_outcome {
	enum wait_result result;
	unsigned long waited_ms;
	char data[WAIT_DATA_MAX];
	size_t datalen;
};

/* Poll fd until delay_ms has passed since start_ms, data arrives or the
 * client hangs up.  A pass always follows one last look at fd, however
 * late the call; a delay of 0 is a pass at once, without a look.  On a
 * pipe or file (no peeking there) end of file is a hangup. */
void wait_for_greeting(int fd, unsigned long start_ms, unsigned long delay_ms,
		       struct wait_outcome *out);
#define WAIT_OTHER_MAX 17 /* other fds: -r's lookup and -d's 16 zones */

/* The same, but come back early with WAIT_OTHER when one of the nother
 * fds of other (at most WAIT_OTHER_MAX, each's revents then set; an fd of
 * -1 is ignored) is ready or other_deadline_ms (monotonic) has come: DNS
 * lookups under way.  nother 0: none. */
void wait_for_greeting_or(int fd, unsigned long start_ms, unsigned long delay_ms,
			  struct pollfd *other, unsigned int nother,
			  unsigned long other_deadline_ms, struct wait_outcome *out);
/* What fd's readiness means, revents as poll or epoll report it (their
 * POLLIN, POLLHUP and POLLERR bits are the same): 1 if the client talked
 * (out->result WAIT_PREGREET, its first line in out->data, peeked at) or
 * left (WAIT_HANGUP: POLLHUP or POLLERR without POLLIN, end of file, a
 * reset), 0 and WAIT_PASS if there was nothing after all.  revents
 * POLLIN is a look whatever was reported: the last one before a pass. */
int wait_look(int fd, unsigned int revents, struct wait_outcome *out);
/* What the first line of early data (len bytes, as kept for the log)
 * looks like: one of logword.h's LOGWORD_KIND_* words.  A TLS record
 * (0x16 0x03), an HTTP request line, a lone QUIT, another SMTP command,
 * other bytes outside printable ASCII, or other text; 0 for none (len 0). */
const char *wait_kind(const char *line, size_t len);
/* The first line of buf (up to CR or LF), at most WAIT_DATA_MAX bytes; its length. */
size_t wait_first_line(const char *buf, size_t len);

#endif
