/* smtpdpolicy: the Postfix policy delegation protocol (SMTPD_POLICY_README)
 * as a server reads it: requests of "name=value" lines, each request ended
 * by an empty line, many on one stream.  Lines are bounded: a longer line
 * is skipped to its end and counted as malformed, as is a line without a
 * name and '='.  Of the attributes only helo_name and client_address are
 * kept. */
#ifndef SMTPDPOLICY_H
#define SMTPDPOLICY_H

#include <stddef.h>

#define SMTPDPOLICY_LINE_MAX  2048 /* Postfix's own line_length_limit */
#define SMTPDPOLICY_VALUE_MAX 1024

struct smtpdpolicy_request {
	char helo[SMTPDPOLICY_VALUE_MAX];
	size_t helolen;
	int has_helo;
	char client[SMTPDPOLICY_VALUE_MAX];
	int has_client;
	unsigned int malformed; /* lines skipped */
};

struct smtpdpolicy_reader {
	char line[SMTPDPOLICY_LINE_MAX];
	size_t len;
	int overlong; /* skipping the rest of a line too long to keep */
	int started;  /* a request has begun: an attribute or a bad line */
	struct smtpdpolicy_request req;
};

/* Start reading a new stream. */
void smtpdpolicy_start(struct smtpdpolicy_reader *r);
/* Take bytes from buf; returns how many were used, and sets *done when
 * they completed a request, now in r->req until the next call. */
size_t smtpdpolicy_feed(struct smtpdpolicy_reader *r, const char *buf, size_t len, int *done);
/* Write the answer "action=TEXT\n\n" into out (size bytes), the text cut
 * to fit; returns its length. */
size_t smtpdpolicy_answer(char *out, size_t size, const char *action);

#endif
