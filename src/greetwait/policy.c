#include "policy.h"

#include "duration.h"
#include "logword.h"
#include "message.h"

/* Decide to wait delay_ms (long_wait: of the long kind), logged as why and
 * suffix (may be 0), cut to fit. */
static void set_delay(struct policy_decision *d, unsigned long delay_ms, int long_wait,
		      const char *why, const char *suffix)
{
	const char *parts[] = {why, suffix};
	message_join(d->why, sizeof d->why, parts, suffix ? 2 : 1);
	d->verdict = VERDICT_WAIT;
	d->delay_ms = delay_ms;
	d->long_wait = long_wait;
}

/* Step 3's trust rule: an address entry counts; a name entry counts
 * without -r (tcpserver -p confirmed the name), or once -r confirmed it. */
static int whitelisted(const struct policy_config *c, const struct policy_facts *f)
{
	if (f->listed == LISTED_NAME)
		return !c->resolve || f->forward == FORWARD_CONFIRMED;
	return f->listed == LISTED_ADDRESS;
}

/* Step 6, no PTR name: 1 if it decides.  A lookup under way (-r) waits the
 * short delay, then the long one: a slow reverse zone is no way in. */
static int no_name(const struct policy_config *c, const struct policy_facts *f,
		   struct policy_decision *d)
{
	if (f->ptr == PTR_NAME || f->ptr == PTR_BAD)
		return 0;
	if (f->ptr == PTR_UNASKED)
		d->need = NEED_PTR; /* and meanwhile as when under way */
	if (f->ptr == PTR_UNASKED || f->ptr == PTR_PENDING)
		set_delay(d, c->short_ms, 0, LOGWORD_WHY_DNSWAIT, 0);
	else if (f->ptr == PTR_PENDING_LONG)
		set_delay(d, c->long_ms, 0, LOGWORD_WHY_DNSWAIT, 0);
	else if (c->noptr == NOPTR_ACCEPT)
		return 0;
	else if (f->ptr == PTR_FAILED) /* a temporary failure is never a permanent rejection */
		set_delay(d, c->long_ms, !f->local_listed, LOGWORD_WHY_DNSFAIL, 0);
	else if (c->noptr == NOPTR_DELAY)
		set_delay(d, c->long_ms, !f->local_listed, LOGWORD_WHY_NOPTR, 0);
	else {
		set_delay(d, 0, 0, LOGWORD_WHY_NOPTR, 0);
		d->verdict = c->noptr == NOPTR_REJECT ? VERDICT_REJECT : VERDICT_TEMPFAIL;
	}
	return 1;
}

/* 1 once the lists' score is known and at least a threshold (at most, if
 * below is set) that is set. */
static int scored(const struct policy_config *c, const struct policy_facts *f, int set, int at,
		  int below)
{
	if (!c->lists.asked || f->lists != LISTS_DONE || !set)
		return 0;
	return below ? f->score <= at : f->score >= at;
}

/* Steps 4 and 5, the DNS lists' block and allow thresholds: 1 if they
 * decide.  Until every list has answered, the client is decided on as
 * listed nowhere. */
static int by_lists(const struct policy_config *c, const struct policy_facts *f,
		    struct policy_decision *d)
{
	const struct policy_lists *l = &c->lists;
	if (scored(c, f, l->block, l->block_at, 0)) {
		set_delay(d, 0, 0, LOGWORD_WHY_DNSBL, 0);
		d->verdict = l->tempfail ? VERDICT_TEMPFAIL : VERDICT_REJECT;
		return 1;
	}
	if (scored(c, f, l->allow, l->allow_at, 1)) {
		set_delay(d, 0, 0, LOGWORD_WHY_DNSWL, 0);
		return 1;
	}
	return 0;
}

/* Steps 7 to 11, on the PTR name: its pass, the lists' long-delay
 * threshold, whether the name is of use, its pattern.  A client that came
 * to a local address -i lists (a backup MX, where spamware goes first)
 * gets the long delay whatever its name, and the pass cache is neither
 * asked nor told. */
static void by_name(const struct policy_config *c, const struct policy_facts *f,
		    struct policy_decision *d)
{
	int listed = scored(c, f, 1, c->lists.long_at, 0);
	int bad = f->ptr == PTR_BAD, pattern = !bad && f->pattern_hit;
	int remember = !f->local_listed;
	unsigned long pattern_ms = f->pattern_long    ? c->long_ms
				   : f->pattern_short ? c->short_ms
						      : f->pattern_delay_ms;
	/* a pattern's delay no longer than the short one is no long wait:
	 * neither the cache's business nor worth remembering */
	int slow = pattern && pattern_ms > c->short_ms;
	/* the pass cache matters only to the long delay of steps 8 to 10 */
	if ((listed || bad || slow) && remember && f->cache == CACHE_UNKNOWN)
		d->need = NEED_CACHE; /* decide meanwhile as on a miss */
	if ((listed || bad || slow) && remember && f->cache == CACHE_HIT)
		set_delay(d, c->short_ms, 0, LOGWORD_WHY_CACHE, 0);
	else if (listed)
		set_delay(d, c->long_ms, remember, LOGWORD_WHY_DNSBL, 0);
	else if (bad) /* no better off than a name that looks generated */
		set_delay(d, c->long_ms, remember, LOGWORD_WHY_BADPTR, 0);
	else if (pattern)
		set_delay(d, remember ? pattern_ms : c->long_ms, remember && slow,
			  LOGWORD_WHY_PATTERN, f->pattern_class);
	else if (!remember)
		set_delay(d, c->long_ms, 0, LOGWORD_WHY_LOCALIP, 0);
	else
		set_delay(d, c->short_ms, 0, LOGWORD_WHY_DEFAULT, 0);
}

void policy_decide(const struct policy_config *c, const struct policy_facts *f,
		   struct policy_decision *d)
{
	unsigned long env_ms = 0;
	d->need = NEED_NOTHING;
	d->error = 0;
	if (f->greetwait_env) {
		if (!*f->greetwait_env || duration_parse(f->greetwait_env, &env_ms)) {
			set_delay(d, env_ms, 0, LOGWORD_WHY_ENV, 0);
			return;
		}
		d->error = "ignored malformed $GREETWAIT";
	}
	if (f->relayclient) {
		set_delay(d, 0, 0, LOGWORD_WHY_RELAYCLIENT, 0);
		return;
	}
	if (whitelisted(c, f)) {
		set_delay(d, f->whitelist_delay_ms, 0, LOGWORD_WHY_WHITELIST, f->whitelist_entry);
		return;
	}
	if (!by_lists(c, f, d) && !no_name(c, f, d))
		by_name(c, f, d);
	/* -n's refusal while an allow list may yet let the client in: no
	 * delay, but the lists are awaited (greetwait waits for them up to
	 * -D past a delay's end), then decided on again */
	if (d->verdict != VERDICT_WAIT && c->lists.allow && f->lists != LISTS_DONE) {
		d->verdict = VERDICT_WAIT;
		d->delay_ms = 0;
	}
	/* a listed name not yet confirmed: decided on as unlisted until then */
	if (f->listed == LISTED_NAME && c->resolve && f->forward == FORWARD_UNASKED &&
	    d->need == NEED_NOTHING)
		d->need = NEED_FORWARD;
	/* the lists answer during the wait: asked first, after the cache */
	if (c->lists.asked && f->lists == LISTS_UNASKED && d->need != NEED_CACHE)
		d->need = NEED_LISTS;
}
