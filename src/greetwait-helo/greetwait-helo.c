/* greetwait-helo: refuse the HELO names of fanf's rules at the SMTP stage
 * greetwait cannot see: as a qmail-spp HELO plugin (-q), as a Postfix
 * policy server (-p), or as a command for Exim's ${run} and scripts. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "errmsg.h"
#include "fmt.h"
#include "scan.h"

#include "duration.h"
#include "helocheck.h"
#include "ip.h"
#include "logline.h"
#include "logword.h"
#include "message.h"
#include "nsquery.h"
#include "smtpdpolicy.h"

#define USAGE                                                                                      \
	"greetwait-helo [ -q [ -m ] | -p | -i ip name ] [ -d rule ] [ -e rule ] [ -l length ]"     \
	" [ -t timeout ]"
#define REPLY          "5.7.1 Bogus HELO name ("
#define HELO_SHOWN_MAX 255 /* bytes of a HELO name that reach the log */

enum mode { MODE_COMMAND, MODE_SPP, MODE_POLICY };

static void dieusage(void) { die(100, "usage: ", USAGE); }

/* Exit 111 after "greetwait-helo: fatal: unable to WHAT: reason", sent where
 * the log lines go: not errmsg's die, since fd 2 may be the client's own
 * socket (logline_open), where the message would read as an answer. */
static void die_io(const char *what)
{
	const char *parts[] = {"greetwait-helo: fatal: unable to ", what, ": ", strerror(errno)};
	char line[256];
	size_t n = message_join(line, sizeof line - 1, parts, sizeof parts / sizeof parts[0]);
	line[n++] = '\n';
	logline_write(line, n);
	_exit(111);
}

/* Write all of s to fd; 0 (errno set) if that failed. */
static int say(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t w = write(fd, s, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return 0;
		s += w;
		len -= (size_t)w;
	}
	return 1;
}

/* Parse a rule word for -d or -e, or dieusage(). */
static unsigned int rule_arg(const char *word)
{
	enum helo_reason r = helocheck_rule(word);
	if (r == HELO_OK)
		dieusage();
	return HELOCHECK_RULE(r);
}

/* Parse a whole decimal number of at most 6 digits, or dieusage(). */
static unsigned long number_arg(const char *s)
{
	unsigned long v;
	size_t n = scan_ulong(s, &v);
	if (!n || n > 6 || s[n])
		dieusage();
	return v;
}

/* The result= word of a verdict: pass, reject, or later (qmail-spp -m). */
static const char *result_word(enum helo_reason r, int later)
{
	if (r == HELO_OK)
		return logword_result(RESULT_PASS);
	return later ? LOGWORD_LATER : logword_result(RESULT_REJECT);
}

/* Log one decision, greetwait's way:
 * greetwait-helo: pid=812 ip=192.0.2.7 helo="a..b" why=double-dot result=reject */
static void log_decision(const char *ip, const char *helo, size_t helolen, const char *why,
			 const char *result, const char *error)
{
	static char line[LOGLINE_MAX + 2];
	size_t n;
	if (helolen > HELO_SHOWN_MAX)
		helolen = HELO_SHOWN_MAX;
	n = logline_start(line, "greetwait-helo", (unsigned long)getpid());
	n = logline_put(line, n, "ip", ip);
	n = logline_put_quoted(line, n, "helo", helo, helolen);
	n = logline_put(line, n, "why", why);
	n = logline_put(line, n, "result", result);
	if (error)
		n = logline_put_quoted(line, n, "error", error, strlen(error));
	logline_write(line, logline_end(line, n));
}

/* The client's address in canonical form into text ("unknown" if s is not one). */
static void client_from(const char *s, struct ip *ip, char *text)
{
	if (s && ip_parse(ip, s))
		ip_format(text, ip);
	else {
		ip->len = 0;
		strcpy(text, "unknown");
	}
}

/* The reply text for a refusal, without the SMTP code: "5.7.1 Bogus HELO name (double-dot)". */
static size_t reply_text(char *out, enum helo_reason r)
{
	size_t n = fmt_str(out, REPLY);
	n += fmt_str(out + n, helocheck_word(r));
	out[n++] = ')';
	out[n] = 0;
	return n;
}

/* qmail-spp: the HELO plugin.  Prints nothing for a good name, so that
 * the next plugin runs; for a bad one the refusal now (E) or at MAIL (LM). */
static void run_spp(const struct helocheck_config *c, int later)
{
	char iptext[IP_FMT], out[80];
	const char *helo = getenv("SMTPHELOHOST"), *error;
	struct ip ip;
	enum helo_reason r;
	size_t n;
	client_from(getenv("TCPREMOTEIP"), &ip, iptext);
	if (!helo) {
		log_decision(iptext, "", 0, "ok", result_word(HELO_OK, 0),
			     "no $SMTPHELOHOST: not run by qmail-spp?");
		_exit(0);
	}
	r = helocheck_classify(c, helo, strlen(helo), &ip, nsquery_ask, &error);
	log_decision(iptext, helo, strlen(helo), helocheck_word(r), result_word(r, later), error);
	if (r == HELO_OK)
		_exit(0);
	n = fmt_str(out, later ? "LM550 " : "E550 ");
	n += reply_text(out + n, r);
	out[n++] = '\n';
	if (!say(1, out, n))
		die_io("write the answer");
	_exit(0);
}

/* Postfix: answer one request, and log it. */
static void answer_request(const struct helocheck_config *c, const struct smtpdpolicy_request *q)
{
	char iptext[IP_FMT], action[80], answer[100], error[64];
	const char *dnserror = 0, *e;
	enum helo_reason r = HELO_OK;
	struct ip ip;
	client_from(q->has_client ? q->client : 0, &ip, iptext);
	if (q->has_helo)
		r = helocheck_classify(c, q->helo, q->helolen, &ip, nsquery_ask, &dnserror);
	if (r == HELO_OK)
		strcpy(action, "DUNNO");
	else
		reply_text(action + fmt_str(action, "REJECT "), r);
	e = dnserror;
	if (q->malformed) {
		size_t k = fmt_ulong(error, q->malformed);
		strcpy(error + k, q->malformed == 1 ? " malformed line" : " malformed lines");
		e = error;
	} else if (!q->has_helo)
		e = "no helo_name";
	log_decision(iptext, q->helo, q->helolen, helocheck_word(r), result_word(r, 0), e);
	if (!say(1, answer, smtpdpolicy_answer(answer, sizeof answer, action)))
		die_io("write the answer");
}

/* Postfix: answer every request on stdin until end of file. */
static void run_policy(const struct helocheck_config *c)
{
	static struct smtpdpolicy_reader reader;
	static char buf[4096];
	smtpdpolicy_start(&reader);
	for (;;) {
		ssize_t got = read(0, buf, sizeof buf);
		size_t pos = 0;
		if (got == -1 && errno == EINTR)
			continue;
		if (got == -1)
			die_io("read the request");
		if (got == 0)
			_exit(0);
		while (pos < (size_t)got) {
			int done;
			pos += smtpdpolicy_feed(&reader, buf + pos, (size_t)got - pos, &done);
			if (done)
				answer_request(c, &reader.req);
		}
	}
}

int main(int argc, char **argv)
{
	struct helocheck_config config;
	enum mode mode = MODE_COMMAND;
	const char *client = 0, *error;
	char iptext[IP_FMT];
	struct ip ip;
	enum helo_reason r;
	int later = 0, opt;

	errmsg_iam("greetwait-helo");
	helocheck_defaults(&config);
	opterr = 0;
	while ((opt = getopt(argc, argv, "+qpmi:d:e:l:t:")) != -1) {
		switch (opt) {
		case 'q': mode = MODE_SPP; break;
		case 'p': mode = MODE_POLICY; break;
		case 'm': later = 1; break;
		case 'i': client = optarg; break;
		case 'd': config.rules &= ~rule_arg(optarg); break;
		case 'e': config.rules |= rule_arg(optarg); break;
		case 'l': config.long_limit = number_arg(optarg); break;
		case 't':
			if (!duration_parse(optarg, &config.timeout_ms))
				dieusage();
			break;
		default: dieusage();
		}
	}
	argv += optind;
	argc -= optind;
	if (!config.long_limit || !config.timeout_ms)
		dieusage();
	if (mode != MODE_COMMAND) {
		if (argc || client || (later && mode != MODE_SPP))
			dieusage();
		logline_open("greetwait-helo");
		if (mode == MODE_SPP)
			run_spp(&config, later);
		run_policy(&config);
	}
	if (argc != 1 || later)
		dieusage();
	/* -i "" is no address: Exim's $sender_host_address for local senders */
	client_from(client, &ip, iptext);
	if (client && *client && !ip.len)
		dieusage();
	r = helocheck_classify(&config, argv[0], strlen(argv[0]), &ip, nsquery_ask, &error);
	{
		char out[32];
		size_t n = fmt_str(out, helocheck_word(r));
		out[n++] = '\n';
		if (!say(1, out, n))
			die_io("write the answer");
	}
	_exit(r == HELO_OK ? 0 : 1);
}
