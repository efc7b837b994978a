/* libFuzzer target for what greetwait reads from a refused or early
 * client (src/greetwait/reject.c, wait.c): command lines through
 * reject_envelope_take, whose kept HELO, MAIL FROM and RCPT TO values must
 * stay within their bounds and be taken from the line; the first line
 * through wait_kind, whose word must be one of logword.h's.  Input: lines
 * split at LF (a CR before it dropped, as the dialogue does). */
#include <stdint.h>

#include "fuzz.h"
#include "logword.h"
#include "reject.h"
#include "wait.h"

/* 1 if the n bytes at s occur in the len bytes at line (n 0: yes). */
static int within(const char *s, size_t n, const char *line, size_t len)
{
	return !n || (n <= len && memmem(line, len, s, n) != 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {LOGWORD_KIND_SMTP,
					    LOGWORD_KIND_QUIT,
					    LOGWORD_KIND_HTTP,
					    LOGWORD_KIND_TLS,
					    LOGWORD_KIND_BINARY,
					    LOGWORD_KIND_OTHER,
					    0};
	const char *in = (const char *)data;
	struct reject_envelope e;
	size_t first = wait_first_line(in, size);
	const char *kind = wait_kind(in, first);
	int known = !kind && !first;
	for (int k = 0; kinds[k] && kind; k++)
		known |= !strcmp(kind, kinds[k]);
	FUZZ_CHECK(known, "wait_kind: a word that is no kind");
	memset(&e, 0, sizeof e);
	for (size_t a = 0; a < size;) {
		size_t b = a, len;
		unsigned int nrcpt = e.nrcpt;
		size_t helolen = e.helolen, fromlen = e.fromlen;
		while (b < size && in[b] != '\n')
			b++;
		len = b - a;
		if (len && in[a + len - 1] == '\r')
			len--;
		if (len > REJECT_LINE_MAX)
			len = REJECT_LINE_MAX;
		reject_envelope_take(&e, in + a, len);
		FUZZ_CHECK(e.helolen <= REJECT_HELO_MAX, "envelope: helo past its bound");
		FUZZ_CHECK(e.fromlen <= REJECT_FROM_MAX, "envelope: from past its bound");
		FUZZ_CHECK(e.rcptlen <= REJECT_RCPT_MAX, "envelope: rcpt past its bound");
		FUZZ_CHECK(e.nrcpt <= REJECT_RCPTS, "envelope: too many rcpt");
		if (e.helolen != helolen)
			FUZZ_CHECK(!helolen && within(e.helo, e.helolen, in + a, len),
				   "envelope: helo not from its line");
		if (e.fromlen != fromlen)
			FUZZ_CHECK(!fromlen && within(e.from, e.fromlen, in + a, len),
				   "envelope: from not from its line");
		FUZZ_CHECK(e.nrcpt == nrcpt || e.nrcpt == nrcpt + 1, "envelope: rcpt count");
		a = b + 1;
	}
	return 0;
}
