/* greetwait: withhold the SMTP greeting; catch clients that talk first or
 * hang up; exec the real server for the patient ones.  main() reads the
 * options and the environment, decides (policy.c), waits (wait.c) while
 * -d's lists (dnsbl_query.c) and -r's lookups run, logs, and execs the
 * server or refuses (reject.c). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "cache_dir.h"
#include "case.h"
#include "clock.h"
#include "dnsbl.h"
#include "dnsbl_query.h"
#include "duration.h"
#include "fmt.h"
#include "handoff.h"
#include "ip.h"
#include "logline.h"
#include "logword.h"
#include "message.h"
#include "pattern.h"
#include "policy.h"
#include "reject.h"
#include "resolve.h"
#include "rules.h"
#include "scan.h"
#include "table.h"
#include "wait.h"

#define USAGE                                                                                      \
	"greetwait: usage: greetwait [ -p patterns.cdb ] [ -w whitelist.cdb ] [ -s short ]"        \
	" [ -l long ] [ -n delay|reject|tempfail|accept ] [ -e reject|drop|ignore ]"               \
	" [ -b banner ] [ -K interval ] [ -C contact ] [ -i localip[/bits] ... ] [ -T timeout ] "  \
	"[ -c "                                                                                    \
	"cachedir|memcache:host:port ] [ -t "                                                      \
	"ttl ]"                                                                                    \
	" [ -k bits4/bits6 ] [ -r ] [ -d zone[=filter][*weight] ... ] [ -L score ]"                \
	" [ -B score ] [ -X reject|tempfail ] [ -A score ] [ -D limit ] [ -W socket [ -H delay ] " \
	"]"                                                                                        \
	" [ -v ] prog [ arg ... ]\n"
#define BANNER_MAX     200
#define EXEC_ERROR_MAX 200
#define EXEC_NAME_MAX  100 /* of it "unable to run " and the start of the name */
#define ERRORS_MAX     (TABLE_ERROR_MAX * 2 + CACHE_ERROR_MAX + RESOLVE_ERROR_MAX + 64 + 400)
#define SCORE_MAX      (DNSBL_SITES_MAX * DNSBL_WEIGHT_MAX) /* no score passes it */
#define LISTED_MAX     200 /* the zones named in a refusal's text */
#define CONTACT_MAX    200 /* -C's text */
#define REPLY_MAX      (LISTED_MAX + CONTACT_MAX + 160)

enum early_action { EARLY_REJECT, EARLY_DROP, EARLY_IGNORE };

/* The command line: set by options(), then only read. */
static struct policy_config config = {
    .short_ms = 1000, .long_ms = 90000, .noptr = NOPTR_DELAY, .lists = {.long_at = 1}};
static struct dnsbl_config lists;                     /* -d: the DNS lists */
static unsigned long lists_limit_ms = DNSBL_LIMIT_MS; /* -D */
static const char *patterns, *whitelist, *banner;
static const char *contact;            /* -C: added to every refusal's text */
#define LOCAL_MAX 16                   /* -i networks */
static struct ip local_net[LOCAL_MAX]; /* -i: local addresses (a backup MX's) */
static unsigned int local_bits[LOCAL_MAX], nlocal;
static enum early_action early = EARLY_REJECT;
static unsigned long timeout_ms = 30000;
static unsigned long keepalive_ms; /* -K: the teaser again after so long; 0: once */
static int verbose;
static const char *holder;         /* -W: greetwait-hold's socket */
static unsigned long hand_from_ms; /* -H: hand over waits of at least so long; 0: long waits */
static char **server;              /* the server's command line */
static const char *cache_spec;     /* -c, as given, for the holder */
/* the pass cache (none without -c); its error[] is noted after each call */
static struct cache cache = {.ttl = CACHE_TTL_DEFAULT, .bits4 = 32, .bits6 = 128};

/* One connection, from start to exec or exit.
 *
 *   ip, iptext  the client's address (ip.len 0 if unknown; iptext then
 *               "unknown"), from TCPREMOTEIP or the socket
 *   host        its PTR name, lower case, no final dot: hostlen bytes the
 *               tables may see (0: none, or a name of no use), hostshown
 *               bytes logged when -r found it
 *   facts       what the decision is made on (policy.h), gathered here:
 *               the environment, the launcher's name and the tables at
 *               the start; the pass cache and -r's lookups when the
 *               decision needs them; every new fact is decided on again.
 *               facts.ptr      NAME or BAD (TCPREMOTEHOST), NONE; with -r
 *                              UNASKED -> PENDING -> PENDING_LONG (the
 *                              short delay passed) -> NAME, BAD, NONE
 *                              (no PTR record) or FAILED
 *               facts.forward  a listed name with -r: UNASKED -> PENDING ->
 *                              CONFIRMED or UNCONFIRMED
 *               facts.cache    UNKNOWN -> HIT or MISS
 *   decision    the decision on facts as they stand: VERDICT_WAIT
 *               (delay_ms from start_ms), VERDICT_REJECT or
 *               VERDICT_TEMPFAIL
 *   resolver    -r's lookup, under way while facts.ptr is PENDING or
 *               PENDING_LONG, or facts.forward PENDING; dnsfd[0]:
 *               what to poll for it (dns_ready: the servers are known,
 *               from the first lookup)
 *   query       -d's questions, one per zone, under way while
 *               facts.lists is PENDING; dnsfd[1 ..]: what to poll for
 *               them; listed: the dnsbl= value once they are DONE
 *   dns_deadline_ms  when the lookups under way must be stepped anyway
 *   dns_moot    -r's lookup no longer matters (an allow list decided):
 *               stopped, and not awaited
 *   wait        how the wait ended: WAIT_PASS, WAIT_PREGREET (data and
 *               datalen for the log) or WAIT_HANGUP, after waited_ms
 *   teased      the -b line has gone out: only a 220 line may end it;
 *               teased_ms: when it last went (-K), from start_ms
 *   said_waiting  the -v line of a long wait has gone out
 *   entry, errors  the log line, and its error= text (the first
 *               problems win the space)
 *   seen        what a refused client said of its mail in the dialogue
 */
struct session {
	unsigned long start_ms;
	struct ip ip;
	char iptext[IP_FMT];
	char host[PATTERN_NAME_MAX + 1];
	size_t hostlen, hostshown;
	struct policy_facts facts;
	struct whitelist_hit whitelist_hit; /* what facts' whitelist_entry, */
	struct pattern_hit pattern_match;   /* and pattern_class, point into */
	struct policy_decision decision;
	struct resolve resolver;
	int dns_ready, dns_moot;
	struct dnsbl_query query;
	char listed[DNSBL_LOG_MAX + 1];
	struct pollfd dnsfd[1 + DNSBL_ZONES_MAX];
	unsigned long dns_deadline_ms;
	struct wait_outcome wait;
	int teased, said_waiting;
	unsigned long teased_ms;
	struct logline entry;
	char errors[ERRORS_MAX];
	struct reject_envelope seen;
};

static void dieusage(void)
{
	write(2, USAGE, sizeof USAGE - 1);
	_exit(100);
}

/* An option's argument that parsed, or dieusage(). */
static void require(int ok)
{
	if (!ok)
		dieusage();
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

/* Parse a score threshold or dieusage(); set it (and *set, if not 0). */
static void score_arg(const char *s, int *at, int *set)
{
	long n = 0;
	size_t len = scan_long(s, &n);
	require(len && !s[len] && n >= -SCORE_MAX && n <= SCORE_MAX);
	*at = (int)n;
	if (set)
		*set = 1;
}

/* Add a -d spec, or say what is wrong with it and dieusage(). */
static void list_arg(const char *spec)
{
	const char *reason = 0;
	if (dnsbl_add(&lists, spec, &reason)) {
		config.lists.asked = 1;
		return;
	}
	write(2, "greetwait: -d ", 14);
	write(2, spec, strlen(spec));
	write(2, ": ", 2);
	write(2, reason, strlen(reason));
	write(2, "\n", 1);
	dieusage();
}

/* Parse a delay option or dieusage(). */
static unsigned long delay_arg(const char *s)
{
	unsigned long ms = 0;
	require(duration_parse(s, &ms));
	return ms;
}

/* Read the options; returns the server's command line. */
static char **options(int argc, char **argv)
{
	static const char *const noptr_words[] = {"delay", "reject", "tempfail", "accept", 0};
	static const char *const early_words[] = {"reject", "drop", "ignore", 0};
	int opt;
	opterr = 0; /* one usage line says it all */
	static const char *const block_words[] = {"reject", "tempfail", 0};
	while ((opt = getopt(argc, argv, "+p:w:s:l:n:e:b:K:C:i:T:c:t:k:rd:L:B:X:A:D:W:H:v")) !=
	       -1) {
		switch (opt) {
		case 'p': patterns = optarg; break;
		case 'w': whitelist = optarg; break;
		case 's': config.short_ms = delay_arg(optarg); break;
		case 'l': config.long_ms = delay_arg(optarg); break;
		case 'n': config.noptr = (enum noptr_action)pick(optarg, noptr_words); break;
		case 'e': early = (enum early_action)pick(optarg, early_words); break;
		case 'b': banner = optarg; break;
		case 'K': keepalive_ms = delay_arg(optarg); break;
		case 'C': contact = optarg; break;
		case 'i':
			require(nlocal < LOCAL_MAX &&
				ip_parse_prefix(&local_net[nlocal], &local_bits[nlocal], optarg));
			nlocal++;
			break;
		case 'T': timeout_ms = delay_arg(optarg); break;
		case 'c':
			require(cache_config(&cache, optarg));
			cache_spec = optarg;
			break;
		case 't': require(duration_parse_ttl(optarg, &cache.ttl)); break;
		case 'k': require(cache_bits_parse(optarg, &cache.bits4, &cache.bits6)); break;
		case 'r': config.resolve = 1; break;
		case 'd': list_arg(optarg); break;
		case 'L': score_arg(optarg, &config.lists.long_at, 0); break;
		case 'B': score_arg(optarg, &config.lists.block_at, &config.lists.block); break;
		case 'X': config.lists.tempfail = pick(optarg, block_words); break;
		case 'A': score_arg(optarg, &config.lists.allow_at, &config.lists.allow); break;
		case 'D': lists_limit_ms = delay_arg(optarg); break;
		case 'W': holder = optarg; break;
		case 'H': require((hand_from_ms = delay_arg(optarg)) != 0); break;
		case 'v': verbose = 1; break;
		default: dieusage();
		}
	}
	argv += optind;
	require(*argv != 0);
	require(!banner || (strlen(banner) <= BANNER_MAX && !strpbrk(banner, "\r\n")));
	require(!contact || (strlen(contact) <= CONTACT_MAX && !strpbrk(contact, "\r\n")));
	if (keepalive_ms && !banner)
		banner = "greetwait"; /* -K is a teaser repeated: it needs a line */
	server = argv;
	return argv;
}

/* Remember a problem (if e and *e) for the error= field; the first ones
 * win the space. */
static void note_error(struct session *s, const char *e)
{
	size_t n = strlen(s->errors);
	if (!e || !*e || n + strlen(e) + 3 >= sizeof s->errors || strstr(s->errors, e))
		return;
	if (n)
		n += fmt_str(s->errors + n, "; ");
	n += fmt_str(s->errors + n, e);
	s->errors[n] = 0;
}

/* Write the log line as it stands; result 0 is the -v line of a long wait. */
static void log_write(struct session *s, const char *result)
{
	static char line[LOGLINE_MAX + 2];
	s->entry.result = result;
	s->entry.error = *s->errors ? s->errors : 0;
	logline_write(line, logline_format(line, &s->entry));
}

/* Write the connection's log line. */
static void log_result(struct session *s, enum log_result result, unsigned long waited_ms)
{
	s->entry.waited_ms = waited_ms;
	log_write(s, logword_result(result));
}

/* Take name (the launcher's or our own lookup's; cut if it was cut to fit)
 * as the client's PTR name.  A name that does not fit, or holds a byte
 * tcpserver or libowfat wrote as \ooo, is no host name any mail server
 * has: cut, it could end in any domain; the tables never see it. */
static void set_host(struct session *s, const char *name, size_t len, int cut)
{
	int bad;
	while (len && name[len - 1] == '.') /* a name ending in a dot is the same name */
		len--;
	bad = cut || len > PATTERN_NAME_MAX || memchr(name, '\\', len);
	if (len > PATTERN_NAME_MAX)
		len = PATTERN_NAME_MAX;
	memcpy(s->host, name, len);
	case_lowerb(s->host, len);
	s->hostshown = len;
	s->hostlen = bad ? 0 : len;
	s->facts.ptr = bad ? PTR_BAD : len ? PTR_NAME : PTR_NONE;
}

/* 1 if the local address the client came to (TCPLOCALIP, else the
 * socket's) is one -i lists. */
static int local_listed(struct session *s)
{
	const char *env = getenv("TCPLOCALIP");
	struct ip local;
	if (!env || !ip_parse(&local, env)) {
		struct sockaddr_storage sa;
		socklen_t salen = sizeof sa;
		if (env)
			note_error(s, "malformed $TCPLOCALIP");
		if (getsockname(0, (struct sockaddr *)&sa, &salen) == -1 ||
		    !ip_from_sockaddr(&local, &sa, salen))
			return 0;
	}
	for (unsigned int k = 0; k < nlocal; k++)
		if (ip_in_prefix(&local, &local_net[k], local_bits[k]))
			return 1;
	return 0;
}

/* Who the client is: its address (from the launcher, else from the
 * socket), its name (from the launcher, or to be asked with -r), and what
 * the environment says of it. */
static void identify(struct session *s)
{
	const char *env = getenv("TCPREMOTEIP");
	if (!env || !ip_parse(&s->ip, env)) {
		struct sockaddr_storage sa;
		socklen_t salen = sizeof sa;
		if (env)
			note_error(s, "malformed $TCPREMOTEIP");
		if (getpeername(0, (struct sockaddr *)&sa, &salen) == -1 ||
		    !ip_from_sockaddr(&s->ip, &sa, salen))
			s->ip.len = 0;
	}
	if (s->ip.len)
		ip_format(s->iptext, &s->ip);
	else
		memcpy(s->iptext, "unknown", sizeof "unknown");
	env = getenv("TCPREMOTEHOST");
	if (env && *env)
		set_host(s, env, strlen(env), 0);
	if (s->facts.ptr == PTR_NONE && config.resolve && s->ip.len)
		s->facts.ptr = PTR_UNASKED;
	if (nlocal)
		s->facts.local_listed = local_listed(s);
	s->facts.greetwait_env = getenv("GREETWAIT");
	s->facts.relayclient = getenv("RELAYCLIENT") != 0;
	if (config.lists.asked)
		s->entry.dnsbl = s->listed; /* "" until they answer */
	s->entry.pid = (unsigned long)getpid();
	s->entry.ip = s->iptext;
	s->entry.host = env ? env : "";
	s->entry.hostlen = env ? strlen(env) : 0;
}

/* What the whitelist says of the client's address and name. */
static void look_up_whitelist(struct session *s)
{
	struct whitelist_hit *hit = &s->whitelist_hit;
	struct table t;
	s->facts.listed = LISTED_NOT;
	if (!whitelist)
		return;
	if (table_open(&t, whitelist, "whitelist")) {
		if (table_lookup_whitelist(&t, &s->ip, s->host, s->hostlen, hit))
			s->facts.listed = hit->by_name ? LISTED_NAME : LISTED_ADDRESS;
		table_close(&t);
	}
	note_error(s, t.error);
	s->facts.whitelist_delay_ms = hit->delay_ms;
	s->facts.whitelist_entry = hit->entry;
}

/* Whether a pattern matches the client's name, and its delay. */
static void look_up_patterns(struct session *s)
{
	struct pattern_hit *hit = &s->pattern_match;
	struct ipforms forms;
	struct table t;
	s->facts.pattern_hit = 0;
	if (!patterns || !s->hostlen)
		return;
	ipforms_build(&forms, &s->ip);
	if (table_open(&t, patterns, "patterns")) {
		s->facts.pattern_hit = table_lookup_pattern(&t, s->host, s->hostlen, &forms, hit);
		table_close(&t);
	}
	note_error(s, t.error);
	s->facts.pattern_long = hit->delay_ms == RULES_DELAY_LONG;
	s->facts.pattern_short = hit->delay_ms == RULES_DELAY_SHORT;
	s->facts.pattern_delay_ms = hit->delay_ms;
	s->facts.pattern_class = hit->class;
}

/* What the tables say of the client (again once -r found its name). */
static void look_up_tables(struct session *s)
{
	look_up_whitelist(s);
	look_up_patterns(s);
}

/* Ask the pass cache whether the client passed a long delay lately. */
static void ask_cache(struct session *s)
{
	int hit = cache_lookup(&cache, &s->ip, (unsigned long)time(0));
	s->facts.cache = hit ? CACHE_HIT : CACHE_MISS;
	note_error(s, cache.error);
}

/* Take what -d's lists answered into the facts: the score, the dnsbl=
 * value, and error= for the lists that failed. */
static void take_lists(struct session *s)
{
	char errors[400];
	s->facts.lists = LISTS_DONE;
	s->facts.score = dnsbl_score(&lists, s->query.answer);
	s->entry.score = s->facts.score;
	dnsbl_format(s->listed, &lists, s->query.answer);
	dnsbl_format_errors(errors, sizeof errors, &lists, s->query.answer);
	note_error(s, errors);
}

/* Ask -d's lists about the client, all at once: they answer during the
 * wait.  If none can be asked, that is the answer. */
static void ask_lists(struct session *s)
{
	s->facts.lists = LISTS_PENDING;
	if (!dnsbl_query_start(&s->query, &lists, &s->ip))
		take_lists(s);
}

/* Start the lookup the decision needs (-r): NEED_PTR or NEED_FORWARD.
 * Its fact is then pending, or if it cannot start, failed. */
static void ask_dns(struct session *s, enum need need)
{
	struct resolve *r = &s->resolver;
	int started = 0;
	if (!s->dns_ready && s->ip.len) {
		s->dns_ready = resolve_init(r);
		if (!s->dns_ready)
			note_error(s, r->error);
	}
	if (s->dns_ready && need == NEED_PTR)
		started = resolve_ptr_start(r, &s->ip);
	if (s->dns_ready && need == NEED_FORWARD) {
		r->client = s->ip;
		memcpy(r->name, s->host, s->hostlen);
		r->namelen = s->hostlen;
		r->cut = 0;
		started = resolve_forward_start(r);
	}
	if (s->dns_ready && !started)
		note_error(s, r->error);
	if (need == NEED_PTR)
		s->facts.ptr = started ? PTR_PENDING : PTR_FAILED;
	else
		s->facts.forward = started ? FORWARD_PENDING : FORWARD_UNCONFIRMED;
}

/* Decide on the facts; first find out what the decision needs: the pass
 * cache answers at once, a lookup (-r) answers during the wait. */
static void decide(struct session *s)
{
	struct policy_decision *d = &s->decision;
	for (;;) {
		policy_decide(&config, &s->facts, d);
		if (d->need == NEED_CACHE) {
			ask_cache(s);
			continue;
		}
		if (d->need == NEED_LISTS) {
			ask_lists(s);
			continue;
		}
		note_error(s, d->error);
		if (d->need == NEED_NOTHING)
			break;
		ask_dns(s, d->need);
	}
	s->entry.why = d->why;
	s->entry.delay_ms = d->delay_ms;
}

/* 1 while -r's PTR lookup is under way. */
static int ptr_pending(const struct session *s)
{
	return s->facts.ptr == PTR_PENDING || s->facts.ptr == PTR_PENDING_LONG;
}

/* Take the answer of the lookup under way into the facts; 0 while it has
 * not come. */
static int take_answer(struct session *s)
{
	struct resolve *r = &s->resolver;
	enum resolve_status st = resolve_step(r, &s->dnsfd[0]);
	if (st == RESOLVE_PENDING)
		return 0;
	if (st == RESOLVE_FAILED)
		note_error(s, r->error);
	if (s->facts.forward == FORWARD_PENDING) {
		int confirmed = st == RESOLVE_DONE && r->confirmed;
		s->facts.forward = confirmed ? FORWARD_CONFIRMED : FORWARD_UNCONFIRMED;
	} else if (st == RESOLVE_FAILED)
		s->facts.ptr = PTR_FAILED;
	else if (!r->namelen)
		s->facts.ptr = PTR_NONE; /* no PTR record */
	else {
		set_host(s, r->name, r->namelen, r->cut);
		s->entry.host = s->host;
		s->entry.hostlen = s->hostshown;
		look_up_tables(s);
	}
	return 1;
}

/* The delay is over and the lookup under way has not answered. */
static void lookup_overdue(struct session *s)
{
	if (s->facts.ptr == PTR_PENDING) {
		/* the client's own zone may be what is slow: the long delay,
		 * which is what a failed lookup gets anyway */
		s->facts.ptr = PTR_PENDING_LONG;
		return;
	}
	resolve_stop(&s->resolver);
	if (s->facts.ptr == PTR_PENDING_LONG) {
		note_error(s, "unable to look up PTR: no answer within the long delay");
		s->facts.ptr = PTR_FAILED;
	} else {
		/* the delay without the whitelist is over: that is the answer */
		note_error(s, "unable to confirm the PTR name: no answer within the delay");
		s->facts.forward = FORWARD_UNCONFIRMED;
	}
}

/* 1 while -d's lists are being asked. */
static int lists_pending(const struct session *s) { return s->facts.lists == LISTS_PENDING; }

/* The wait is over and some lists have not answered: those count as
 * listed nowhere, with error= when they ran out of time (overdue), not
 * when the client left first. */
static void lists_overdue(struct session *s, int overdue)
{
	if (overdue)
		dnsbl_query_stop(&s->query); /* what has not answered has failed */
	take_lists(s);
	dnsbl_query_stop(&s->query);
}

/* Send the -b teaser line by the end of the delay: once, or with -K
 * again (again set) each time the interval has passed. */
static void tease(struct session *s, int again)
{
	char line[BANNER_MAX + 8];
	size_t n;
	if (!banner || (s->teased && !again))
		return;
	s->teased = 1;
	s->teased_ms = clock_now_ms() - s->start_ms;
	n = fmt_str(line, "220-");
	n += fmt_str(line + n, banner);
	n += fmt_str(line + n, "\r\n");
	reject_say(1, line, n, s->start_ms + s->decision.delay_ms);
}

/* With -W, hand the client over to greetwait-hold once the decision is a
 * wait worth it (a long one, or with -H one of at least that long) and
 * final (no lookup under way): 1 if the holder took it, and then writes
 * the log line.  Tried once; a failure is error= and greetwait waits. */
static int handed_over(struct session *s)
{
	static int tried;
	static char vectors[HANDOFF_MAX], msg[HANDOFF_MAX];
	extern char **environ;
	char why[300];
	const char *reason = "message too long",
		   *parts[] = {"unable to hand over to ", holder, ": ", 0};
	struct handoff h = {0};
	const struct policy_decision *d = &s->decision;
	unsigned long now = clock_now_ms() - s->start_ms;
	size_t len = 0, argvlen;
	if (!holder || tried || d->verdict != VERDICT_WAIT || now >= d->delay_ms ||
	    !(hand_from_ms ? d->delay_ms >= hand_from_ms : d->long_wait))
		return 0;
	tried = 1;
	h.pid = s->entry.pid;
	h.start_ms = s->start_ms;
	h.delay_ms = d->delay_ms;
	h.timeout_ms = timeout_ms;
	h.keepalive_ms = keepalive_ms;
	h.teased_ms = s->teased_ms;
	h.ttl = cache.ttl;
	h.early = (unsigned int)early;
	h.flags = (d->long_wait ? HANDOFF_RECORD : 0) | (s->teased ? HANDOFF_TEASED : 0) |
		  (verbose && !s->said_waiting ? HANDOFF_VERBOSE : 0) |
		  (config.lists.asked ? HANDOFF_LISTS : 0);
	h.bits4 = cache.bits4;
	h.bits6 = cache.bits6;
	h.score = s->entry.score;
	h.ip = s->iptext;
	h.host = s->entry.host;
	h.hostlen = s->entry.hostlen < HANDOFF_HOST_MAX ? s->entry.hostlen : HANDOFF_HOST_MAX;
	h.why = d->why;
	h.banner = banner;
	h.contact = contact;
	h.cache = cache_spec;
	h.dnsbl = s->entry.dnsbl;
	h.errors = s->errors;
	h.argv = vectors;
	argvlen = handoff_pack_vector(vectors, sizeof vectors, server, &h.argc);
	if (argvlen != (size_t)-1) {
		h.argvlen = argvlen;
		h.env = vectors + argvlen;
		h.envlen = handoff_pack_vector(vectors + argvlen, sizeof vectors - argvlen, environ,
					       &h.envc);
		if (h.envlen != (size_t)-1)
			len = handoff_encode(msg, sizeof msg, &h);
	}
	if (len && handoff_send(holder, msg, len, 0, &reason))
		return 1;
	parts[3] = reason;
	message_join(why, sizeof why, parts, 4);
	note_error(s, why);
	return 0;
}

/* Wait for the greeting while -d's lists and -r's lookup run; an answer,
 * or the end of a delay before it, is a new fact to decide on, which may
 * lengthen or shorten the wait, or end it in a refusal.  Lists that have
 * not answered by the end of the delay are awaited up to -D more (while
 * -r's lookup is under way the delay's end is news to it first). */
static void wait_deciding(struct session *s)
{
	struct wait_outcome *w = &s->wait;
	w->result = WAIT_PASS;
	while (s->decision.verdict == VERDICT_WAIT) {
		int asking;
		/* an allow list's word comes before every step a name decides */
		if (!strcmp(s->decision.why, LOGWORD_WHY_DNSWL) && !s->dns_moot) {
			s->dns_moot = 1;
			resolve_stop(&s->resolver);
		}
		asking = !s->dns_moot && (ptr_pending(s) || s->facts.forward == FORWARD_PENDING);
		int listing = lists_pending(s), extended = listing && !asking;
		unsigned long until = s->decision.delay_ms + (extended ? lists_limit_ms : 0);
		unsigned int nfds = asking || listing ? 1 : 0;
		/* while the PTR is asked, or a block list, the answer may
		 * yet be a 554, which no 220- line may precede */
		int may_tease = !ptr_pending(s) && !(listing && config.lists.block) &&
				s->decision.delay_ms > w->waited_ms;
		int tick = 0; /* -K: the wait breaks off for the teaser again */
		if (!asking && !listing && handed_over(s))
			_exit(0);
		if (may_tease) {
			tease(s, 0);
			if (verbose && s->decision.long_wait && !s->said_waiting) {
				s->said_waiting = 1;
				log_write(s, 0);
			}
		}
		s->dnsfd[0].fd = -1;
		s->dnsfd[0].events = 0;
		if (asking)
			resolve_io(&s->resolver, &s->dnsfd[0], &s->dns_deadline_ms);
		if (listing) {
			unsigned long due = s->dns_deadline_ms;
			nfds += dnsbl_query_io(&s->query, s->dnsfd + 1, &due);
			if (!asking || due < s->dns_deadline_ms)
				s->dns_deadline_ms = due;
		}
		if (may_tease && keepalive_ms && s->teased && s->teased_ms + keepalive_ms < until) {
			until = s->teased_ms + keepalive_ms;
			tick = 1;
		}
		wait_for_greeting_or(0, s->start_ms, until, s->dnsfd, nfds, s->dns_deadline_ms, w);
		if (w->result == WAIT_PASS && tick) {
			tease(s, 1);
			continue;
		}
		if (w->result == WAIT_OTHER) {
			int news = asking && take_answer(s);
			if (listing && !dnsbl_query_step(&s->query, s->dnsfd + 1)) {
				take_lists(s);
				news = 1;
			}
			if (!news)
				continue;
		} else if (w->result == WAIT_PASS && asking)
			lookup_overdue(s);
		else if (w->result == WAIT_PASS && listing)
			lists_overdue(s, 1);
		else
			break; /* the client talked or left, or the delay passed */
		decide(s);
	}
	resolve_stop(&s->resolver);
	if (lists_pending(s))
		lists_overdue(s, 0);
}

/* The zones that count against the client (a positive weight matched),
 * each once, in -d's order, joined by ", " into out (LISTED_MAX + 1
 * bytes), cut before a zone that does not fit. */
static void listed_zones(const struct session *s, char *out)
{
	size_t n = 0;
	for (unsigned int z = 0; z < lists.nzones; z++) {
		const struct dnsbl_answer *a = &s->query.answer[z];
		const char *zone = lists.site[lists.zone_site[z]].zone;
		int against = 0;
		for (unsigned int k = 0; k < lists.nsites; k++)
			if (lists.site[k].zone_index == z && (a->matched & (1UL << k)) &&
			    lists.site[k].weight > 0)
				against = 1;
		if (!against || a->state != DNSBL_LISTED)
			continue;
		if (n + 2 + strlen(zone) > LISTED_MAX)
			break;
		if (n)
			n += fmt_str(out + n, ", ");
		n += fmt_str(out + n, zone);
	}
	out[n] = 0;
}

/* A refusal's reply line (ending in CR LF) with -C's text added, into out
 * (REPLY_MAX bytes); returns out. */
static const char *with_contact(char *out, const char *reply)
{
	size_t n = strlen(reply) - 2; /* without the CR LF */
	const char *parts[] = {"; ", contact, "\r\n"};
	if (!contact)
		return reply;
	memcpy(out, reply, n);
	message_join(out + n, REPLY_MAX - n, parts, 3);
	return out;
}

/* Refuse a client the lists' score blocked (-B): 554 and the dialogue,
 * or for now (-X tempfail) rblsmtpd's 220 and 451s; the text names the
 * lists. */
static void refuse_listed(struct session *s, unsigned long deadline_ms)
{
	char zones[LISTED_MAX + 1], reply[REPLY_MAX], told[REPLY_MAX];
	int later = s->decision.verdict == VERDICT_TEMPFAIL;
	const char *parts[] = {later ? "451 4.7.1" : "554 5.7.1",
			       " Service unavailable; client [",
			       s->iptext,
			       "] blocked using ",
			       zones,
			       later ? ", try again later\r\n" : "\r\n"};
	listed_zones(s, zones);
	message_join(reply, sizeof reply, parts, 6);
	if (later)
		reject_dialogue_as(0, 1, REPLY_LISTED_GREETING, REPLY_LISTED_HELO,
				   with_contact(told, reply), deadline_ms, &s->seen);
	else
		reject_dialogue(0, 1, with_contact(told, reply), deadline_ms, &s->seen);
}

/* Write the log line of a client refused after its dialogue: what it said
 * of its mail there, and result after waited_ms (the time until the
 * result, not the dialogue's). */
static void log_refused(struct session *s, enum log_result result, unsigned long waited_ms)
{
	const struct reject_envelope *e = &s->seen;
	if (e->said_helo) {
		s->entry.helo = e->helo;
		s->entry.helolen = e->helolen;
	}
	if (e->said_from) {
		s->entry.from = e->from;
		s->entry.fromlen = e->fromlen;
	}
	if (e->nrcpt) {
		s->entry.rcpt = e->rcpt;
		s->entry.rcptlen = e->rcptlen;
	}
	log_result(s, result, waited_ms);
}

/* Refuse the client as decided: 421 or 554 and the dialogue, then the log
 * line (one per connection, written when it ends), exit 0. */
static void refuse(struct session *s)
{
	char told[REPLY_MAX];
	int later = s->decision.verdict == VERDICT_TEMPFAIL;
	unsigned long deadline_ms = clock_now_ms() + timeout_ms;
	if (!strcmp(s->decision.why, LOGWORD_WHY_DNSBL))
		refuse_listed(s, deadline_ms);
	else if (later) {
		const char *reply = with_contact(told, REPLY_NOPTR_TEMPFAIL);
		reject_say(1, reply, strlen(reply), deadline_ms);
		reject_linger(0, 1, deadline_ms);
	} else
		reject_dialogue(0, 1, with_contact(told, REPLY_NOPTR), deadline_ms, &s->seen);
	log_refused(s, later ? RESULT_TEMPFAIL : RESULT_REJECT, s->wait.waited_ms);
	_exit(0);
}

/* A client that hung up or talked: the log line, and by -e the 554 and
 * the dialogue (logged when it ends), a silent close (both exit 0), or
 * the server anyway, logged as a pass that would have been a pregreet. */
static void caught(struct session *s)
{
	char told[REPLY_MAX];
	const char *reply = with_contact(told, s->teased ? REPLY_PREGREET_TEASED : REPLY_PREGREET);
	if (s->wait.result == WAIT_HANGUP) {
		log_result(s, RESULT_HANGUP, s->wait.waited_ms);
		_exit(0);
	}
	s->entry.data = s->wait.data;
	s->entry.datalen = s->wait.datalen;
	s->entry.kind = wait_kind(s->wait.data, s->wait.datalen);
	if (early == EARLY_IGNORE) {
		s->entry.would = logword_result(RESULT_PREGREET);
		log_result(s, RESULT_PASS, s->wait.waited_ms);
		return;
	}
	if (early == EARLY_REJECT) {
		reject_dialogue(0, 1, reply, clock_now_ms() + timeout_ms, &s->seen);
		log_refused(s, RESULT_PREGREET, s->wait.waited_ms);
	} else
		log_result(s, RESULT_PREGREET, s->wait.waited_ms);
	_exit(0);
}

/* A patient client: remember a long delay's pass, and the log line. */
static void passed(struct session *s)
{
	if (s->decision.long_wait) {
		cache.error[0] = 0;
		cache_record(&cache, &s->ip, (unsigned long)time(0));
		note_error(s, cache.error);
	}
	log_result(s, RESULT_PASS, s->wait.waited_ms);
}

/* The server could not be started: a second log line says why. */
static void exec_failed(struct session *s, char **prog)
{
	char named[EXEC_NAME_MAX + 1], why[EXEC_ERROR_MAX];
	const char *reason = strerror(errno);
	const char *head[] = {"unable to run ", *prog}, *parts[] = {named, ": ", reason};
	message_join(named, sizeof named, head, 2);
	message_join(why, sizeof why, parts, 3);
	s->errors[0] = 0;
	note_error(s, why);
	s->entry.data = 0;
	log_result(s, RESULT_EXEC_FAILED, clock_now_ms() - s->start_ms);
}

int main(int argc, char **argv)
{
	static struct session s;
	struct sigaction ignore = {.sa_handler = SIG_IGN}, sigpipe;
	char **prog = options(argc, argv);

	s.start_ms = clock_now_ms();
	logline_open("greetwait");
	/* a client or pipe gone from fd 1 fails our replies, it does not
	 * kill us before the log line; prog gets SIGPIPE as we found it */
	sigaction(SIGPIPE, &ignore, &sigpipe);

	identify(&s);
	look_up_tables(&s);
	decide(&s);
	wait_deciding(&s);

	if (s.decision.verdict != VERDICT_WAIT)
		refuse(&s);
	if (s.wait.result != WAIT_PASS)
		caught(&s);
	else
		passed(&s);
	sigaction(SIGPIPE, &sigpipe, 0);
	execvp(*prog, prog);
	exec_failed(&s, prog);
	_exit(111);
}
