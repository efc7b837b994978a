/* reject: answer a client that gets no SMTP service, as RFC 5321 section
 * 3.1 asks after a 554 greeting: 221 to QUIT, 503 to every other command,
 * until QUIT, end of file, the time limit or the input limit (or, to
 * refuse for now, rblsmtpd's way: a 220 greeting, 250 to HELO and 451 to
 * the rest).  Never
 * blocks on a client that does not read, never reads without bound. */
#ifndef REJECT_H
#define REJECT_H

#include <stddef.h>

#define REJECT_INPUT_MAX 65536 /* bytes read from a rejected client in all */
#define REJECT_LINE_MAX  512   /* RFC 5321 4.5.3.1.4: a command line */
#define REJECT_HELO_MAX  64    /* bytes of the HELO or EHLO name kept for the log */
#define REJECT_FROM_MAX  100   /* of the MAIL FROM path */
#define REJECT_RCPT_MAX  200   /* of the RCPT TO paths, joined by ',' */
#define REJECT_RCPTS     3     /* RCPT TO paths kept */

/* What a refused client said of its mail in the dialogue (postscreen's
 * enforce mode logs the same): the first HELO or EHLO name, the first MAIL
 * FROM path, the first REJECT_RCPTS RCPT TO paths, each cut to fit; so an
 * administrator can tell a real correspondent from a bot.  Any bytes. */
struct reject_envelope {
	char helo[REJECT_HELO_MAX];
	size_t helolen;
	int said_helo;
	char from[REJECT_FROM_MAX];
	size_t fromlen;
	int said_from;
	char rcpt[REJECT_RCPT_MAX];
	size_t rcptlen;
	unsigned int nrcpt;
};

#define REPLY_PREGREET        "554 5.5.1 Protocol error: talking before the greeting\r\n"
#define REPLY_PREGREET_TEASED "220 No SMTP service here: you talked before the greeting\r\n"
#define REPLY_NOPTR           "554 5.7.25 Client host has no PTR record\r\n"
#define REPLY_NOPTR_TEMPFAIL  "421 4.7.25 Client host has no PTR record, try again later\r\n"
#define REPLY_LISTED_GREETING "220 greetwait.local\r\n" /* rblsmtpd's way to a 451 */
#define REPLY_LISTED_HELO     "250 greetwait.local\r\n"
#define REPLY_QUIT            "221 2.0.0 Bye\r\n"
#define REPLY_NO_SERVICE      "503 5.5.1 No SMTP service here\r\n"
#define REPLY_TIMEOUT         "421 4.4.2 Timeout, closing connection\r\n"

/* Write all of s to fd before deadline_ms (monotonic); 1 if it all went. */
int reject_say(int fd, const char *s, size_t len, unsigned long deadline_ms);
/* 1 if the command line starts with verb (case ignored), then a blank or
 * its end. */
int reject_is_verb(const char *line, size_t len, const char *verb);
/* 1 if the command line (without CR LF) is QUIT, with or without an argument. */
int reject_is_quit(const char *line, size_t len);
/* Say greeting on out, then hold the dialogue on in until deadline_ms;
 * what the client said of its mail goes into seen (if not 0; zeroed
 * first). */
void reject_dialogue(int in, int out, const char *greeting, unsigned long deadline_ms,
		     struct reject_envelope *seen);
/* The same, but answer HELO and EHLO with helo and every command but QUIT
 * with other (the 220 greeting and 451 replies of a refusal for now). */
void reject_dialogue_as(int in, int out, const char *greeting, const char *helo, const char *other,
			unsigned long deadline_ms, struct reject_envelope *seen);
/* Take the command line (without CR LF) into e if it is the first HELO,
 * EHLO or MAIL FROM, or one of the first REJECT_RCPTS RCPT TOs. */
void reject_envelope_take(struct reject_envelope *e, const char *line, size_t len);
/* 1 if the command line is HELO or EHLO. */
int reject_is_helo(const char *line, size_t len);
/* Stop sending, read and discard what the client still sends (bounded), so
 * the kernel does not answer with a reset that would swallow our last reply. */
void reject_linger(int in, int out, unsigned long deadline_ms);

#endif
