/* libFuzzer target for the seconds greetwait reads: delays (-s, -l, a
 * pattern's or whitelist entry's delay, $GREETWAIT, greetwait-stats'
 * -s/-w/-g and delay=: src/lib/duration.c and policy_decide) and
 * greetwait-stats' waited= values (logparse_seconds).  Each parser must
 * accept exactly what its manual says, with the value it says, and a
 * delay must read back from its text. */
#include <stdint.h>

#include "duration.h"
#include "fuzz.h"
#include "logparse.h"
#include "policy.h"

/* Length of the run of digits at s[i..len). */
static size_t digits(const char *s, size_t len, size_t i)
{
	size_t k = i;
	while (k < len && s[k] >= '0' && s[k] <= '9')
		k++;
	return k - i;
}

/* A delay: 1 to 6 digits, maybe '.' and 1 to 3 digits, at most one day. */
static int ref_duration(const char *s, size_t len, unsigned long *ms)
{
	size_t w = digits(s, len, 0), f = 0;
	unsigned long v = 0, frac = 0;
	if (w < 1 || w > 6)
		return 0;
	if (w < len) {
		if (s[w] != '.' || (f = digits(s, len, w + 1)) < 1 || f > 3 || w + 1 + f != len)
			return 0;
	}
	for (size_t i = 0; i < w; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	for (size_t i = 0; i < 3; i++)
		frac = frac * 10 + (i < f ? (unsigned long)(s[w + 1 + i] - '0') : 0);
	v = v * 1000 + frac;
	if (v > DURATION_MAX_MS)
		return 0;
	*ms = v;
	return 1;
}

/* greetwait-stats' waited= values: a delay's grammar, 1 to 9 digits, maybe
 * '.' and 1 to 3 digits, but no one-day cap. */
static int ref_seconds(const char *s, size_t len, unsigned long *ms)
{
	size_t w = digits(s, len, 0), f = 0;
	unsigned long v = 0, frac = 0;
	if (w < 1 || w > 9)
		return 0;
	if (w < len) {
		if (s[w] != '.' || (f = digits(s, len, w + 1)) < 1 || f > 3 || w + 1 + f != len)
			return 0;
	}
	for (size_t i = 0; i < w; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	for (size_t i = 0; i < 3; i++)
		frac = frac * 10 + (i < f ? (unsigned long)(s[w + 1 + i] - '0') : 0);
	*ms = v * 1000 + frac;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[64], text[DURATION_FMT + 8];
	unsigned long got = 7, want = 7;
	int ok;
	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;

	ok = duration_parseb(s, size, &got);
	FUZZ_CHECK(ok == ref_duration(s, size, &want), "a delay parses as the manual says");
	if (ok) {
		size_t n = duration_format(text, got);
		unsigned long again;
		FUZZ_CHECK(got == want, "a delay has the value it says");
		FUZZ_CHECK(n == strlen(text) && n < DURATION_FMT, "a delay's text fits");
		FUZZ_CHECK(duration_parse(text, &again) && again == got,
			   "a delay reads back from its text");
	}
	if (!memchr(s, 0, size))
		FUZZ_CHECK(duration_parse(s, &got) == ok,
			   "duration_parse is duration_parseb of the string");

	ok = logparse_seconds(s, size, &got);
	FUZZ_CHECK(ok == ref_seconds(s, size, &want) && (!ok || got == want),
		   "greetwait-stats' waited= values parse as the manual says");
	if (ok && got <= DURATION_MAX_MS && duration_parseb(s, size, &want))
		FUZZ_CHECK(got == want, "a waited= value within a day reads as a delay would");

	if (!memchr(s, 0, size)) { /* $GREETWAIT: a delay, empty for none; else ignored */
		struct policy_config c = {1000, 90000, NOPTR_DELAY};
		struct policy_facts f;
		struct policy_decision d;
		memset(&f, 0, sizeof f);
		f.greetwait_env = s;
		f.ptr = PTR_NAME;
		policy_decide(&c, &f, &d);
		ok = !size || ref_duration(s, size, &want);
		FUZZ_CHECK(!strcmp(d.why, ok ? "env" : "default"),
			   "$GREETWAIT decides when it is a delay");
		FUZZ_CHECK(d.delay_ms == (ok ? (size ? want : 0) : c.short_ms),
			   "$GREETWAIT's delay is kept");
		FUZZ_CHECK((d.error == 0) == ok, "a malformed $GREETWAIT is reported");
	}
	return 0;
}
