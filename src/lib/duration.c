#include "duration.h"

#include <string.h>

#include "fmt.h"
#include "scan.h"

int duration_parseb(const char *s, size_t len, unsigned long *ms)
{
	unsigned long whole, frac = 0;
	size_t i = scan_ulongn(s, len, &whole), fdigits = 0;
	if (!i || i > 6)
		return 0;
	if (i < len && s[i] == '.') {
		fdigits = scan_ulongn(s + i + 1, len - i - 1, &frac);
		if (!fdigits || fdigits > 3)
			return 0;
		i += 1 + fdigits;
	}
	if (i != len)
		return 0;
	while (fdigits++ < 3)
		frac *= 10;
	whole = whole * 1000 + frac;
	if (whole > DURATION_MAX_MS)
		return 0;
	*ms = whole;
	return 1;
}

int duration_parse(const char *s, unsigned long *ms) { return duration_parseb(s, strlen(s), ms); }

size_t duration_format(char *out, unsigned long ms)
{
	size_t k = fmt_ulong(out, ms / 1000);
	out[k++] = '.';
	/* three digits, zeros kept: libowfat's fmt_ulong0 is no help here,
	 * it writes "00" whatever the number */
	out[k++] = (char)('0' + ms / 100 % 10);
	out[k++] = (char)('0' + ms / 10 % 10);
	out[k++] = (char)('0' + ms % 10);
	out[k] = 0;
	return k;
}

int duration_parse_ttl(const char *s, unsigned long *seconds)
{
	unsigned long n, unit = 1;
	size_t i = scan_ulong(s, &n);
	if (!i || i > 9)
		return 0;
	switch (s[i]) {
	case 0: break;
	case 's': unit = 1; break;
	case 'm': unit = 60; break;
	case 'h': unit = 3600; break;
	case 'd': unit = 86400; break;
	case 'w': unit = 7 * 86400; break;
	default: return 0;
	}
	if (s[i] && s[i + 1])
		return 0;
	n *= unit;
	if (!n || n > 3650UL * 86400) /* ten years at most, and never 0 */
		return 0;
	*seconds = n;
	return 1;
}
