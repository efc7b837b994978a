/* policy: the decision, first match wins, as a function of what greetwait
 * found out about the client: environment, whitelist, PTR name, pass
 * cache, patterns.  It does no I/O. */
#ifndef POLICY_H
#define POLICY_H

#define POLICY_WHY_MAX 300

enum noptr_action { NOPTR_DELAY, NOPTR_REJECT, NOPTR_TEMPFAIL, NOPTR_ACCEPT };
enum verdict { VERDICT_WAIT, VERDICT_REJECT, VERDICT_TEMPFAIL };

struct policy_config {
	unsigned long short_ms, long_ms;
	enum noptr_action noptr;
};

struct policy_facts {
	const char *greetwait_env; /* $GREETWAIT, 0 if unset */
	int relayclient;	   /* $RELAYCLIENT is set */
	int whitelisted;
	unsigned long whitelist_delay_ms;
	const char *whitelist_entry;
	int has_ptr;
	int bad_ptr;		   /* that name is unusable: too long, or escaped bytes */
	int dns_failed;		   /* no PTR name because the lookup failed (-r) */
	int cache_hit;
	int pattern_hit;
	unsigned long pattern_delay_ms; /* RULES_DELAY_LONG: the long delay */
	const char *pattern_class;
};

struct policy_decision {
	enum verdict verdict;
	unsigned long delay_ms; /* for VERDICT_WAIT; 0 means exec at once */
	int long_wait;		/* the delay is the long kind: a pass is worth remembering */
	int cache_matters;	/* a pass-cache hit would shorten this decision */
	int ptr_matters;	/* the decision depends on the PTR name (step 4 or later) */
	const char *error;	/* a malformed fact that was ignored, or 0 */
	char why[POLICY_WHY_MAX];
};

void policy_decide(const struct policy_config *c, const struct policy_facts *f,
		   struct policy_decision *d);

#endif
