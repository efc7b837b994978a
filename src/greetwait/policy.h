/* policy: the whole decision, first match wins (DESIGN.md's order), as a
 * function of what greetwait knows about the client: environment,
 * whitelist, DNS lists (-d), PTR name, pass cache, patterns, and with -r
 * the state of its own lookups.  It does no I/O: what it needs to know next it says in
 * need; greetwait finds that out, sets the fact and decides again. */
#ifndef POLICY_H
#define POLICY_H

#define POLICY_WHY_MAX 300

enum noptr_action { NOPTR_DELAY, NOPTR_REJECT, NOPTR_TEMPFAIL, NOPTR_ACCEPT };
enum verdict { VERDICT_WAIT, VERDICT_REJECT, VERDICT_TEMPFAIL };

/* With -d, what the score does at or above (below for allow) a threshold. */
struct policy_lists {
	int asked;           /* -d was given: the lists are asked */
	int long_at;         /* -L: the long delay, why=dnsbl (default 1) */
	int block, block_at; /* -B: refuse, why=dnsbl (default off) */
	int tempfail;        /* -X tempfail: refuse for now, not for good */
	int allow, allow_at; /* -A: no delay, why=dnswl (default off) */
};

struct policy_config {
	unsigned long short_ms, long_ms;
	enum noptr_action noptr;
	int resolve; /* -r: greetwait asks DNS itself, and a name entry counts once confirmed */
	struct policy_lists lists;
};

/* The DNS lists (-d) about the client: UNASKED -> PENDING -> DONE (every
 * list answered, failed or ran out of time: the score is known). */
enum lists_state { LISTS_UNASKED, LISTS_PENDING, LISTS_DONE };

/* The client's PTR name: given by the launcher (TCPREMOTEHOST), or asked
 * by -r: UNASKED -> PENDING -> PENDING_LONG -> NAME, BAD, NONE or FAILED. */
enum ptr_state {
	PTR_NONE,         /* no name: none given (nor to be asked), or no PTR record */
	PTR_NAME,         /* a name the tables may see */
	PTR_BAD,          /* a name of no use: longer than 255 bytes, or holding a \ */
	PTR_UNASKED,      /* none given, and -r is to ask */
	PTR_PENDING,      /* -r's lookup is under way */
	PTR_PENDING_LONG, /* and still is after the short delay */
	PTR_FAILED,       /* SERVFAIL, no answer within the long delay, no DNS servers */
};

/* What the whitelist lists of the client: its address (or a network of
 * it), or its PTR name (or a domain above it). */
enum listed { LISTED_NOT, LISTED_ADDRESS, LISTED_NAME };

/* With -r, whether a listed name leads back to the client (FCrDNS). */
enum forward_state {
	FORWARD_UNASKED,
	FORWARD_PENDING,     /* the name's A (or AAAA) lookup is under way */
	FORWARD_CONFIRMED,   /* it lists the client's address */
	FORWARD_UNCONFIRMED, /* it does not, failed, came too late, or could not be asked */
};

/* Whether the client passed a long delay within the TTL. */
enum cache_state { CACHE_UNKNOWN, CACHE_HIT, CACHE_MISS /* or no pass cache */ };

/* What the decision needs to know next.  The pass cache answers at once,
 * so it comes first; a lookup answers during the wait. */
enum need {
	NEED_NOTHING,
	NEED_CACHE,   /* facts.cache, while CACHE_UNKNOWN */
	NEED_LISTS,   /* -d's lists, while LISTS_UNASKED */
	NEED_PTR,     /* -r's PTR lookup, while PTR_UNASKED */
	NEED_FORWARD, /* -r's forward lookup of the listed name, while FORWARD_UNASKED */
};

struct policy_facts {
	const char *greetwait_env; /* $GREETWAIT, 0 if unset */
	int relayclient;           /* $RELAYCLIENT is set */
	enum listed listed;
	unsigned long whitelist_delay_ms;
	const char *whitelist_entry;
	enum forward_state forward;
	enum ptr_state ptr;
	enum cache_state cache;
	int pattern_hit;                /* the name (PTR_NAME) matches a pattern */
	int pattern_long;               /* that pattern gives the long delay, */
	int pattern_short;              /* or the short one (delay "short"), */
	unsigned long pattern_delay_ms; /* else its own */
	const char *pattern_class;
	int local_listed;       /* -i lists the address the client came to (a backup MX) */
	enum lists_state lists; /* with -d */
	int score;              /* the lists' score, once LISTS_DONE */
};

struct policy_decision {
	enum verdict verdict;
	unsigned long delay_ms; /* for VERDICT_WAIT; 0 means exec at once */
	int long_wait;          /* the delay is the long kind: a pass is worth remembering */
	enum need need;         /* what to find out, then decide again */
	const char *error;      /* a malformed fact that was ignored, or 0 */
	char why[POLICY_WHY_MAX];
};

/* Decide on f: d's verdict and delay, its why=, and what it needs next. */
void policy_decide(const struct policy_config *c, const struct policy_facts *f,
		   struct policy_decision *d);

#endif
