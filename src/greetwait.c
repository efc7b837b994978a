/* greetwait: withhold the SMTP greeting; catch clients that talk first or
 * hang up; exec the real server for the patient ones. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "duration.h"
#include "ip.h"
#include "logline.h"
#include "pattern.h"
#include "policy.h"
#include "reject.h"
#include "table.h"
#include "wait.h"

#define USAGE                                                                              \
	"greetwait: usage: greetwait [ -p patterns.cdb ] [ -w whitelist.cdb ] [ -s short ]"  \
	" [ -l long ] [ -n delay|reject|tempfail|accept ] [ -e reject|drop|ignore ]"       \
	" [ -b banner ] [ -T timeout ] [ -c cachedir|memcache:host:port ] [ -t ttl ]" \
	" [ -k bits4/bits6 ] [ -v ] prog [ arg ... ]\n"
#define BANNER_MAX 200

enum early_action { EARLY_REJECT, EARLY_DROP, EARLY_IGNORE };

static void dieusage(void)
{
	write(2, USAGE, sizeof USAGE - 1);
	_exit(100);
}

/* Index of word in the 0-terminated list words, or dieusage(). */
static int pick(const char *word, const char *const *words)
{
	for (int k = 0; words[k]; k++)
		if (!strcmp(word, words[k]))
			return k;
	dieusage();
	return 0;
}

/* Parse a delay option or dieusage(). */
static unsigned long delay_arg(const char *s)
{
	unsigned long ms;
	if (!duration_parse(s, &ms))
		dieusage();
	return ms;
}

static struct logline entry;
static char errors[TABLE_ERROR_MAX * 2 + CACHE_ERROR_MAX + 64];
static struct cache cache = {.kind = CACHE_NONE, .ttl = CACHE_TTL_DEFAULT, .bits4 = 32, .bits6 = 128};

/* Remember a problem for the error= field; the first ones win the space. */
static void note_error(const char *e)
{
	size_t n = strlen(errors), k = strlen(e);
	if (!*e || n + k + 3 >= sizeof errors)
		return;
	if (n) {
		memcpy(errors + n, "; ", 2);
		n += 2;
	}
	memcpy(errors + n, e, k + 1);
}

static int log_syslog;

/* inetd and xinetd hand the client's socket over as fd 2 too: the log
 * must not reach the client, so it goes to syslog instead. */
static void log_open(void)
{
	struct stat in, err;
	if (fstat(0, &in) == 0 && fstat(2, &err) == 0 && S_ISSOCK(err.st_mode) &&
	    in.st_dev == err.st_dev && in.st_ino == err.st_ino) {
		log_syslog = 1;
		openlog("greetwait", LOG_PID, LOG_MAIL);
	}
}

/* Write the current entry; result 0 is the -v line of a long wait. */
static void log_write(const char *result)
{
	static char line[LOGLINE_MAX + 2];
	size_t n;
	entry.result = result;
	entry.error = *errors ? errors : 0;
	n = logline_format(line, &entry);
	if (log_syslog) {
		line[n - 1] = 0;
		syslog(LOG_INFO, "%s", line + sizeof "greetwait: " - 1);
	} else
		write(2, line, n);
}

/* Write the log line for this connection. */
static void log_result(const char *result, unsigned long waited_ms)
{
	entry.waited_ms = waited_ms;
	log_write(result);
}

int main(int argc, char **argv)
{
	static const char *const noptr_words[] = {"delay", "reject", "tempfail", "accept", 0};
	static const char *const early_words[] = {"reject", "drop", "ignore", 0};
	struct policy_config config = {.short_ms = 1000, .long_ms = 90000, .noptr = NOPTR_DELAY};
	struct policy_facts facts = {0};
	struct policy_decision decision;
	struct wait_outcome outcome;
	struct table table;
	struct ip ip;
	struct ipforms forms;
	struct pattern_hit phit;
	struct whitelist_hit whit;
	const char *patterns = 0, *whitelist = 0, *banner = 0, *env;
	char iptext[IP_FMT], host[PATTERN_NAME_MAX + 1];
	size_t hostlen = 0;
	unsigned long timeout_ms = 30000, start;
	enum early_action early = EARLY_REJECT;
	int verbose = 0, opt;

	while ((opt = getopt(argc, argv, "+p:w:s:l:n:e:b:T:c:t:k:v")) != -1) {
		switch (opt) {
		case 'p': patterns = optarg; break;
		case 'w': whitelist = optarg; break;
		case 's': config.short_ms = delay_arg(optarg); break;
		case 'l': config.long_ms = delay_arg(optarg); break;
		case 'n': config.noptr = (enum noptr_action)pick(optarg, noptr_words); break;
		case 'e': early = (enum early_action)pick(optarg, early_words); break;
		case 'b': banner = optarg; break;
		case 'T': timeout_ms = delay_arg(optarg); break;
		case 'c': if (!cache_config(&cache, optarg)) dieusage(); break;
		case 't': if (!cache_ttl_parse(optarg, &cache.ttl)) dieusage(); break;
		case 'k': if (!cache_bits_parse(optarg, &cache.bits4, &cache.bits6)) dieusage(); break;
		case 'v': verbose = 1; break;
		default: dieusage();
		}
	}
	argv += optind;
	if (!*argv)
		dieusage();
	if (banner && (strlen(banner) > BANNER_MAX || strpbrk(banner, "\r\n")))
		dieusage();
	start = wait_now_ms();
	log_open();

	/* Who is it: the address from the launcher, else from the socket. */
	env = getenv("TCPREMOTEIP");
	if (!env || !ip_parse(&ip, env)) {
		struct sockaddr_storage sa;
		socklen_t salen = sizeof sa;
		if (env)
			note_error("malformed $TCPREMOTEIP");
		if (getpeername(0, (struct sockaddr *)&sa, &salen) == -1 ||
		    !ip_from_sockaddr(&ip, &sa, salen))
			ip.len = 0;
	}
	if (ip.len)
		ip_format(iptext, &ip);
	else
		strcpy(iptext, "unknown");
	env = getenv("TCPREMOTEHOST");
	if (env && *env) {
		hostlen = strlen(env);
		if (hostlen > PATTERN_NAME_MAX)
			hostlen = PATTERN_NAME_MAX;
		for (size_t i = 0; i < hostlen; i++)
			host[i] = (env[i] >= 'A' && env[i] <= 'Z') ? (char)(env[i] + 32) : env[i];
		/* a name ending in a dot is the same name */
		while (hostlen && host[hostlen - 1] == '.')
			hostlen--;
	}
	entry.pid = (unsigned long)getpid();
	entry.ip = iptext;
	entry.host = env ? env : "";
	entry.hostlen = env ? strlen(env) : 0;

	/* What the tables say. */
	facts.greetwait_env = getenv("GREETWAIT");
	facts.relayclient = getenv("RELAYCLIENT") != 0;
	facts.has_ptr = hostlen > 0;
	if (whitelist) {
		if (table_open(&table, whitelist, "whitelist")) {
			facts.whitelisted = table_lookup_whitelist(&table, &ip, host, hostlen, &whit);
			facts.whitelist_delay_ms = whit.delay_ms;
			facts.whitelist_entry = whit.entry;
			table_close(&table);
		}
		note_error(table.error);
	}
	if (patterns && hostlen) {
		ipforms_build(&forms, &ip);
		if (table_open(&table, patterns, "patterns")) {
			facts.pattern_hit = table_lookup_pattern(&table, host, hostlen, &forms, &phit);
			facts.pattern_delay_ms = phit.delay_ms;
			facts.pattern_class = phit.class;
			table_close(&table);
		}
		note_error(table.error);
	}
	policy_decide(&config, &facts, &decision);
	if (decision.cache_matters && cache_lookup(&cache, &ip, (unsigned long)time(0))) {
		facts.cache_hit = 1;
		policy_decide(&config, &facts, &decision);
	}
	note_error(cache.error);
	if (decision.error)
		note_error(decision.error);
	entry.why = decision.why;
	entry.delay_ms = decision.delay_ms;

	if (decision.verdict == VERDICT_TEMPFAIL) {
		log_result("tempfail", 0);
		reject_say(1, REPLY_NOPTR_TEMPFAIL, sizeof REPLY_NOPTR_TEMPFAIL - 1, wait_now_ms() + timeout_ms);
		reject_linger(0, 1, wait_now_ms() + timeout_ms);
		_exit(0);
	}
	if (decision.verdict == VERDICT_REJECT) {
		log_result("reject", 0);
		reject_dialogue(0, 1, REPLY_NOPTR, wait_now_ms() + timeout_ms);
		_exit(0);
	}

	outcome.result = WAIT_PASS;
	outcome.waited_ms = 0;
	outcome.datalen = 0;
	if (decision.delay_ms) {
		if (banner) {
			char teaser[BANNER_MAX + 8];
			size_t n = strlen(banner);
			memcpy(teaser, "220-", 4);
			memcpy(teaser + 4, banner, n);
			memcpy(teaser + 4 + n, "\r\n", 2);
			reject_say(1, teaser, n + 6, start + decision.delay_ms);
		}
		if (verbose && decision.long_wait)
			log_write(0);
		wait_for_greeting(0, start, decision.delay_ms, &outcome);
	}
	if (outcome.result == WAIT_HANGUP) {
		log_result("hangup", outcome.waited_ms);
		_exit(0);
	}
	if (outcome.result == WAIT_PREGREET) {
		entry.data = outcome.data;
		entry.datalen = outcome.datalen;
		log_result("pregreet", outcome.waited_ms);
		if (early == EARLY_DROP)
			_exit(0);
		if (early == EARLY_REJECT) {
			/* after a 220- teaser only a 220 line may end the reply */
			reject_dialogue(0, 1, banner ? REPLY_PREGREET_TEASED : REPLY_PREGREET,
					wait_now_ms() + timeout_ms);
			_exit(0);
		}
	} else {
		if (decision.long_wait) {
			cache.error[0] = 0;
			cache_record(&cache, &ip, (unsigned long)time(0));
			note_error(cache.error);
		}
		log_result("pass", outcome.waited_ms);
	}

	execvp(*argv, argv);
	{
		char why[TABLE_ERROR_MAX];
		const char *reason = strerror(errno);
		size_t n = 0;
		for (const char *p = "unable to run "; *p; p++)
			why[n++] = *p;
		for (const char *p = *argv; *p && n < 100; p++)
			why[n++] = *p;
		why[n++] = ':';
		why[n++] = ' ';
		for (const char *p = reason; *p && n < sizeof why - 1; p++)
			why[n++] = *p;
		why[n] = 0;
		errors[0] = 0;
		note_error(why);
		entry.data = 0;
		log_result("exec-failed", wait_now_ms() - start);
	}
	_exit(111);
}
