/* libFuzzer target for the handoff message greetwait-hold reads from any
 * local process (src/lib/handoff.c): a message either is refused with a
 * reason, or decodes to fields within their bounds that encode back to
 * the very same bytes (one encoding per message: nothing in it is read
 * that is not checked). */
#include <stdint.h>

#include "fuzz.h"
#include "handoff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char again[HANDOFF_MAX];
	struct handoff h;
	const char *reason;
	size_t len;
	if (!handoff_decode(&h, (const char *)data, size, &reason)) {
		FUZZ_CHECK(reason && *reason, "a refusal without a reason");
		return 0;
	}
	FUZZ_CHECK(!reason, "a reason for a message taken");
	FUZZ_CHECK(h.argc >= 1 && h.argc <= HANDOFF_ARGS_MAX, "argv out of bounds");
	FUZZ_CHECK(h.envc <= HANDOFF_ENV_MAX, "env out of bounds");
	FUZZ_CHECK(h.hostlen <= HANDOFF_HOST_MAX && strlen(h.why) <= HANDOFF_WHY_MAX,
		   "a string out of bounds");
	FUZZ_CHECK(!h.banner || !strpbrk(h.banner, "\r\n"), "a line break in the banner");
	len = handoff_encode(again, sizeof again, &h);
	FUZZ_CHECK(len == size && !memcmp(again, data, size), "does not encode back the same");
	return 0;
}
