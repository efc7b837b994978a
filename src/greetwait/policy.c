#include "policy.h"

#include <string.h>

#include "duration.h"
#include "logword.h"
#include "rules.h"

/* Write why as prefix followed by suffix (may be 0), cut to fit. */
static void set_why(struct policy_decision *d, const char *prefix, const char *suffix)
{
	size_t n = strlen(prefix), m = suffix ? strlen(suffix) : 0;
	if (n + m >= sizeof d->why)
		m = sizeof d->why - 1 - n;
	memcpy(d->why, prefix, n);
	if (m) /* memcpy from a null pointer is undefined, even for 0 bytes */
		memcpy(d->why + n, suffix, m);
	d->why[n + m] = 0;
}

void policy_decide(const struct policy_config *c, const struct policy_facts *f,
		   struct policy_decision *d)
{
	d->verdict = VERDICT_WAIT;
	d->delay_ms = 0;
	d->long_wait = 0;
	d->cache_matters = 0;
	d->ptr_matters = 0;
	d->error = 0;
	if (f->greetwait_env) {
		if (!*f->greetwait_env || duration_parse(f->greetwait_env, &d->delay_ms)) {
			set_why(d, LOGWORD_WHY_ENV, 0);
			return;
		}
		d->error = "ignored malformed $GREETWAIT";
	}
	if (f->relayclient) {
		set_why(d, LOGWORD_WHY_RELAYCLIENT, 0);
		return;
	}
	if (f->whitelisted) {
		d->delay_ms = f->whitelist_delay_ms;
		set_why(d, LOGWORD_WHY_WHITELIST, f->whitelist_entry);
		return;
	}
	d->ptr_matters = 1;
	if (!f->has_ptr && f->dns_failed && c->noptr != NOPTR_ACCEPT) {
		/* a temporary failure is never a permanent rejection */
		d->delay_ms = c->long_ms;
		d->long_wait = 1;
		set_why(d, LOGWORD_WHY_DNSFAIL, 0);
		return;
	}
	if (!f->has_ptr && c->noptr != NOPTR_ACCEPT) {
		set_why(d, LOGWORD_WHY_NOPTR, 0);
		if (c->noptr == NOPTR_REJECT)
			d->verdict = VERDICT_REJECT;
		else if (c->noptr == NOPTR_TEMPFAIL)
			d->verdict = VERDICT_TEMPFAIL;
		else {
			d->delay_ms = c->long_ms;
			d->long_wait = 1;
		}
		return;
	}
	if (f->cache_hit) {
		d->delay_ms = c->short_ms;
		set_why(d, LOGWORD_WHY_CACHE, 0);
		return;
	}
	if (f->bad_ptr) {
		/* no better off than a name that looks generated */
		d->cache_matters = 1;
		d->delay_ms = c->long_ms;
		d->long_wait = 1;
		set_why(d, LOGWORD_WHY_BADPTR, 0);
		return;
	}
	if (f->pattern_hit) {
		d->cache_matters = 1;
		d->delay_ms = f->pattern_delay_ms == RULES_DELAY_LONG ? c->long_ms : f->pattern_delay_ms;
		d->long_wait = 1;
		set_why(d, LOGWORD_WHY_PATTERN, f->pattern_class);
		return;
	}
	d->delay_ms = c->short_ms;
	set_why(d, LOGWORD_WHY_DEFAULT, 0);
}
