/* greetwait: withhold the SMTP greeting; catch clients that talk first or
 * hang up; exec the real server for the patient ones. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "duration.h"
#include "ip.h"
#include "logline.h"
#include "logword.h"
#include "pattern.h"
#include "policy.h"
#include "reject.h"
#include "resolve.h"
#include "table.h"
#include "clock.h"
#include "wait.h"

#define USAGE                                                                              \
	"greetwait: usage: greetwait [ -p patterns.cdb ] [ -w whitelist.cdb ] [ -s short ]"  \
	" [ -l long ] [ -n delay|reject|tempfail|accept ] [ -e reject|drop|ignore ]"       \
	" [ -b banner ] [ -T timeout ] [ -c cachedir|memcache:host:port ] [ -t ttl ]" \
	" [ -k bits4/bits6 ] [ -r ] [ -v ] prog [ arg ... ]\n"
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
static char errors[TABLE_ERROR_MAX * 2 + CACHE_ERROR_MAX + RESOLVE_ERROR_MAX + 64];
static struct cache cache = {.kind = CACHE_NONE, .ttl = CACHE_TTL_DEFAULT, .bits4 = 32, .bits6 = 128};

/* Remember a problem for the error= field; the first ones win the space. */
static void note_error(const char *e)
{
	size_t n = strlen(errors), k = strlen(e);
	if (!*e || n + k + 3 >= sizeof errors || strstr(errors, e))
		return;
	if (n) {
		memcpy(errors + n, "; ", 2);
		n += 2;
	}
	memcpy(errors + n, e, k + 1);
}

/* Write the current entry; result 0 is the -v line of a long wait. */
static void log_write(const char *result)
{
	static char line[LOGLINE_MAX + 2];
	size_t n;
	entry.result = result;
	entry.error = *errors ? errors : 0;
	n = logline_format(line, &entry);
	logline_write(line, n);
}

/* Write the log line for this connection. */
static void log_result(enum log_result result, unsigned long waited_ms)
{
	entry.waited_ms = waited_ms;
	log_write(logword_result(result));
}

static struct policy_config config = {.short_ms = 1000, .long_ms = 90000, .noptr = NOPTR_DELAY};
static const char *patterns, *whitelist;
static struct ip ip;
static char host[PATTERN_NAME_MAX + 1]; /* the PTR name, lower case, no final dot */
static size_t hostlen;	/* 0: no name the tables may see */
static size_t hostshown; /* bytes of host[] filled, for the log of -r's own name */
static int host_bad;	/* a name, but too long for host[] or holding escapes */
static int own_dns; /* -r */
static int cache_known, cache_hit;
static struct policy_facts facts;
static struct policy_decision decision;
static struct resolve resolver;
enum lookup { DNS_NONE, DNS_PTR, DNS_FORWARD };

/* Take name (the launcher's or our own lookup's; cut if it was cut to fit)
 * as the client's PTR name.  A name that does not fit, or holds a byte
 * tcpserver or libowfat wrote as \ooo, is no host name any mail server
 * has: cut, it could end in any domain; the tables never see it. */
static void set_host(const char *name, size_t len, int cut)
{
	/* a name ending in a dot is the same name */
	while (len && name[len - 1] == '.')
		len--;
	host_bad = cut || len > PATTERN_NAME_MAX || memchr(name, '\\', len);
	if (len > PATTERN_NAME_MAX)
		len = PATTERN_NAME_MAX;
	for (size_t i = 0; i < len; i++)
		host[i] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32) : name[i];
	hostshown = len;
	hostlen = host_bad ? 0 : len;
}

/* 1 and hit filled if the whitelist lists addr (if addr->len) or name (if len). */
static int whitelist_lookup(const struct ip *addr, const char *name, size_t len,
			    struct whitelist_hit *hit)
{
	struct table t;
	int r = 0;
	if (!whitelist)
		return 0;
	if (table_open(&t, whitelist, "whitelist")) {
		r = table_lookup_whitelist(&t, addr, name, len, hit);
		table_close(&t);
	}
	note_error(t.error);
	return r;
}

/* Gather what is known about the client and decide.  With -r a whitelisted
 * name counts only once confirmed; *want_forward says one awaits that. */
static void decide(struct policy_facts *f, struct policy_decision *d, int dns_failed,
		   int confirmed, int *want_forward)
{
	static struct whitelist_hit whit;
	static struct pattern_hit phit;
	struct ipforms forms;
	struct table t;
	memset(f, 0, sizeof *f);
	*want_forward = 0;
	f->greetwait_env = getenv("GREETWAIT");
	f->relayclient = getenv("RELAYCLIENT") != 0;
	f->has_ptr = hostlen > 0 || host_bad;
	f->bad_ptr = host_bad;
	f->dns_failed = dns_failed;
	if (whitelist_lookup(&ip, host, hostlen, &whit)) {
		if (!whit.by_name || !own_dns || confirmed)
			f->whitelisted = 1;
		else
			*want_forward = 1;
	}
	f->whitelist_delay_ms = whit.delay_ms;
	f->whitelist_entry = whit.entry;
	if (patterns && hostlen) {
		ipforms_build(&forms, &ip);
		if (table_open(&t, patterns, "patterns")) {
			f->pattern_hit = table_lookup_pattern(&t, host, hostlen, &forms, &phit);
			f->pattern_delay_ms = phit.delay_ms;
			f->pattern_class = phit.class;
			table_close(&t);
		}
		note_error(t.error);
	}
	policy_decide(&config, f, d);
	if (d->cache_matters) {
		if (!cache_known) {
			cache_hit = cache_lookup(&cache, &ip, (unsigned long)time(0));
			cache_known = 1;
			note_error(cache.error);
		}
		if (cache_hit) {
			f->cache_hit = 1;
			policy_decide(&config, f, d);
		}
	}
	if (d->error)
		note_error(d->error);
	entry.why = d->why;
	entry.delay_ms = d->delay_ms;
}

/* The decision while the PTR lookup is under way: why=dnswait, delay_ms. */
static void set_why_pending(struct policy_decision *d, unsigned long delay_ms)
{
	d->verdict = VERDICT_WAIT;
	d->delay_ms = delay_ms;
	d->long_wait = 0;
	d->cache_matters = 0;
	strcpy(d->why, LOGWORD_WHY_DNSWAIT);
	entry.why = d->why;
	entry.delay_ms = delay_ms;
}

static int teased; /* the -b line went out: only a 220 line may end it */

/* Send the -b teaser line once, by the end of the delay. */
static void tease(const char *banner, unsigned long deadline_ms)
{
	char teaser[BANNER_MAX + 8];
	size_t n;
	if (!banner || teased)
		return;
	teased = 1;
	n = strlen(banner);
	memcpy(teaser, "220-", 4);
	memcpy(teaser + 4, banner, n);
	memcpy(teaser + 4 + n, "\r\n", 2);
	reject_say(1, teaser, n + 6, deadline_ms);
}

/* Wait for the greeting while -r's lookup (if any) runs; decide again on
 * its answer, which may lengthen or shorten the wait. */
static void wait_resolving(enum lookup lookup, unsigned long start, const char *banner,
			   int verbose, struct wait_outcome *outcome)
{
	struct pollfd dnsfd;
	unsigned long delay = decision.delay_ms, dns_deadline = 0;
	int want_forward, dns_failed = 0, said_waiting = 0;
	outcome->result = WAIT_PASS;
	outcome->waited_ms = 0;
	outcome->datalen = 0;
	while (decision.verdict == VERDICT_WAIT) {
		if (lookup != DNS_PTR && delay > outcome->waited_ms) {
			tease(banner, start + delay);
			if (verbose && decision.long_wait && !said_waiting) {
				said_waiting = 1;
				log_write(0);
			}
		}
		if (lookup != DNS_NONE)
			resolve_io(&resolver, &dnsfd, &dns_deadline);
		wait_for_greeting_or(0, start, delay, lookup != DNS_NONE ? &dnsfd : 0, dns_deadline,
				     outcome);
		if (outcome->result == WAIT_OTHER) {
			enum resolve_status st = resolve_step(&resolver, &dnsfd);
			if (st == RESOLVE_PENDING)
				continue;
			if (st == RESOLVE_FAILED)
				note_error(resolver.error);
			if (lookup == DNS_PTR) {
				lookup = DNS_NONE;
				if (st == RESOLVE_DONE && resolver.namelen) {
					set_host(resolver.name, resolver.namelen, resolver.cut);
					entry.host = host;
					entry.hostlen = hostshown;
				}
				dns_failed = st == RESOLVE_FAILED;
				decide(&facts, &decision, dns_failed, 0, &want_forward);
				if (want_forward && resolve_forward_start(&resolver))
					lookup = DNS_FORWARD;
				else if (want_forward)
					note_error(resolver.error);
			} else {
				lookup = DNS_NONE;
				decide(&facts, &decision, dns_failed, st == RESOLVE_DONE && resolver.confirmed,
				       &want_forward);
			}
			delay = decision.delay_ms;
			continue;
		}
		if (outcome->result == WAIT_PASS && lookup == DNS_PTR) {
			/* The short delay is over and the PTR is not known: the
			 * client's own zone may be what is slow, so no easy way
			 * in; wait for the answer up to the long delay, which is
			 * what a failed lookup gets anyway. */
			if (delay < config.long_ms) {
				delay = config.long_ms;
				set_why_pending(&decision, delay);
				continue;
			}
			resolve_stop(&resolver);
			lookup = DNS_NONE;
			note_error("unable to look up PTR: no answer within the long delay");
			dns_failed = 1;
			decide(&facts, &decision, dns_failed, 0, &want_forward);
			continue;
		}
		if (outcome->result == WAIT_PASS && lookup == DNS_FORWARD)
			/* the delay without the whitelist is over: that is the answer */
			note_error("unable to confirm the PTR name: no answer within the delay");
		break;
	}
	resolve_stop(&resolver);
}

int main(int argc, char **argv)
{
	static const char *const noptr_words[] = {"delay", "reject", "tempfail", "accept", 0};
	static const char *const early_words[] = {"reject", "drop", "ignore", 0};
	struct wait_outcome outcome;
	struct sigaction ignore = {.sa_handler = SIG_IGN}, sigpipe;
	const char *banner = 0, *env;
	char iptext[IP_FMT];
	unsigned long timeout_ms = 30000, start;
	enum early_action early = EARLY_REJECT;
	enum lookup lookup = DNS_NONE;
	int verbose = 0, opt, want_forward, dns_failed = 0;

	opterr = 0; /* one usage line says it all */
	while ((opt = getopt(argc, argv, "+p:w:s:l:n:e:b:T:c:t:k:rv")) != -1) {
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
		case 't': if (!duration_parse_ttl(optarg, &cache.ttl)) dieusage(); break;
		case 'k': if (!cache_bits_parse(optarg, &cache.bits4, &cache.bits6)) dieusage(); break;
		case 'r': own_dns = 1; break;
		case 'v': verbose = 1; break;
		default: dieusage();
		}
	}
	argv += optind;
	if (!*argv)
		dieusage();
	if (banner && (strlen(banner) > BANNER_MAX || strpbrk(banner, "\r\n")))
		dieusage();
	start = clock_now_ms();
	logline_open("greetwait");
	/* a client or pipe gone from fd 1 fails our replies, it does not
	 * kill us before the log line; prog gets SIGPIPE as we found it */
	sigaction(SIGPIPE, &ignore, &sigpipe);

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
	if (env && *env)
		set_host(env, strlen(env), 0);
	entry.pid = (unsigned long)getpid();
	entry.ip = iptext;
	entry.host = env ? env : "";
	entry.hostlen = env ? strlen(env) : 0;

	/* What the tables say; with -r, what DNS says, while the wait runs. */
	decide(&facts, &decision, 0, 0, &want_forward);
	if (own_dns && ip.len && (want_forward || (!facts.has_ptr && decision.ptr_matters))) {
		if (!resolve_init(&resolver)) {
			note_error(resolver.error);
			dns_failed = !facts.has_ptr;
		} else if (want_forward) {
			resolver.client = ip;
			memcpy(resolver.name, host, hostlen);
			resolver.namelen = hostlen;
			if (resolve_forward_start(&resolver))
				lookup = DNS_FORWARD;
			else
				note_error(resolver.error);
		} else if (resolve_ptr_start(&resolver, &ip)) {
			lookup = DNS_PTR;
			/* until the answer: the short delay, logged as dnswait */
			set_why_pending(&decision, config.short_ms);
		} else {
			note_error(resolver.error);
			dns_failed = 1;
		}
		if (dns_failed)
			decide(&facts, &decision, dns_failed, 0, &want_forward);
	}

	wait_resolving(lookup, start, banner, verbose, &outcome);

	if (decision.verdict == VERDICT_TEMPFAIL) {
		log_result(RESULT_TEMPFAIL, outcome.waited_ms);
		reject_say(1, REPLY_NOPTR_TEMPFAIL, sizeof REPLY_NOPTR_TEMPFAIL - 1, clock_now_ms() + timeout_ms);
		reject_linger(0, 1, clock_now_ms() + timeout_ms);
		_exit(0);
	}
	if (decision.verdict == VERDICT_REJECT) {
		log_result(RESULT_REJECT, outcome.waited_ms);
		reject_dialogue(0, 1, REPLY_NOPTR, clock_now_ms() + timeout_ms);
		_exit(0);
	}
	if (outcome.result == WAIT_HANGUP) {
		log_result(RESULT_HANGUP, outcome.waited_ms);
		_exit(0);
	}
	if (outcome.result == WAIT_PREGREET) {
		entry.data = outcome.data;
		entry.datalen = outcome.datalen;
		log_result(RESULT_PREGREET, outcome.waited_ms);
		if (early == EARLY_DROP)
			_exit(0);
		if (early == EARLY_REJECT) {
			reject_dialogue(0, 1, teased ? REPLY_PREGREET_TEASED : REPLY_PREGREET,
					clock_now_ms() + timeout_ms);
			_exit(0);
		}
	} else {
		if (decision.long_wait) {
			cache.error[0] = 0;
			cache_record(&cache, &ip, (unsigned long)time(0));
			note_error(cache.error);
		}
		log_result(RESULT_PASS, outcome.waited_ms);
	}

	sigaction(SIGPIPE, &sigpipe, 0);
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
		log_result(RESULT_EXEC_FAILED, clock_now_ms() - start);
	}
	_exit(111);
}
