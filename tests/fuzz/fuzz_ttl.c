/* libFuzzer target for the pass cache's TTL (-t of greetwait and
 * greetwait-expire, duration_parse_ttl in src/lib/duration.c): 1 to 9 digits, maybe
 * one of s m h d w, from one second to ten years, and nothing else. */
#include <stdint.h>

#include "duration.h"
#include "fuzz.h"

/* The reference: the manual's reading. */
static int ref_ttl(const char *s, unsigned long *seconds)
{
	static const char units[] = "smhdw";
	static const unsigned long scale[] = {1, 60, 3600, 86400, 7 * 86400};
	size_t n = strspn(s, "0123456789");
	unsigned long v = 0, unit = 1;
	const char *u;
	if (n < 1 || n > 9)
		return 0;
	if (s[n]) {
		if (s[n + 1] || !(u = strchr(units, s[n])))
			return 0;
		unit = scale[u - units];
	}
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	v *= unit;
	if (v < 1 || v > 3650UL * 86400)
		return 0;
	*seconds = v;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[32];
	unsigned long got = 0, want = 0;
	int ok;
	if (size >= sizeof s || memchr(data, 0, size))
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	ok = duration_parse_ttl(s, &got);
	FUZZ_CHECK(ok == ref_ttl(s, &want), "a TTL parses as the manual says");
	FUZZ_CHECK(!ok || got == want, "a TTL has the value it says");
	return 0;
}
