/* logword: the words of greetwait's log lines, defined once: written by
 * greetwait and greetwait-helo, read back by greetwait-stats.
 *   result=  what became of the connection (enum log_result)
 *   why=     what decided its delay: one of the LOGWORD_WHY_* words, the
 *            prefixed ones followed by the class or entry */
#ifndef LOGWORD_H
#define LOGWORD_H

#include <stddef.h>

enum log_result {
	RESULT_PASS,        /* waited out the delay: the server was started */
	RESULT_PREGREET,    /* talked before the greeting */
	RESULT_HANGUP,      /* hung up (or reset) during the wait */
	RESULT_REJECT,      /* refused by the decision: 554 and the dialogue */
	RESULT_TEMPFAIL,    /* refused by the decision for now: 421 */
	RESULT_EXEC_FAILED, /* passed, but the server could not be started */
	RESULT_TOOMANY,     /* greetwait-hold -m: too many held from the address, 421 */
	RESULT_COUNT
};

/* kind=: what an early talker's first line looks like */
#define LOGWORD_KIND_SMTP   "smtp"   /* an SMTP command */
#define LOGWORD_KIND_QUIT   "quit"   /* a lone QUIT: a client that timed out, leaving politely */
#define LOGWORD_KIND_HTTP   "http"   /* an HTTP request line: a scanner */
#define LOGWORD_KIND_TLS    "tls"    /* a TLS handshake record */
#define LOGWORD_KIND_BINARY "binary" /* other bytes outside printable ASCII */
#define LOGWORD_KIND_OTHER  "other"  /* other printable text */

/* greetwait-helo's result for a name judged later (at MAIL FROM) */
#define LOGWORD_LATER "later"

#define LOGWORD_WHY_ENV         "env"
#define LOGWORD_WHY_RELAYCLIENT "relayclient"
#define LOGWORD_WHY_WHITELIST   "whitelist:" /* + the entry */
#define LOGWORD_WHY_NOPTR       "noptr"
#define LOGWORD_WHY_DNSWAIT     "dnswait"
#define LOGWORD_WHY_DNSFAIL     "dnsfail"
#define LOGWORD_WHY_BADPTR      "badptr"
#define LOGWORD_WHY_CACHE       "cache"
#define LOGWORD_WHY_DNSBL       "dnsbl"    /* -d: the score reached a threshold */
#define LOGWORD_WHY_DNSWL       "dnswl"    /* -d: at or below the allow threshold */
#define LOGWORD_WHY_PATTERN     "pattern:" /* + the class */
#define LOGWORD_WHY_LOCALIP     "localip"  /* -i: the long delay for all who came to it */
#define LOGWORD_WHY_DEFAULT     "default"

/* The word of a result ("pass"), or "?" for none. */
const char *logword_result(int result);
/* The result whose word is the len bytes at s, or -1. */
int logword_result_parse(const char *s, size_t len);

#endif
