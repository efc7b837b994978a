/* logparse: read one greetwait log line, whatever carried it there. */
#include <stdint.h>
#include <string.h>

#include "duration.h"
#include "scan.h"
#include "logparse.h"

/* The bytes of a log line by what they may be: a hex digit's value + 1
 * (libowfat's scan_fromhex, here a table: the parser reads every byte of
 * an address through it, and the \x escapes of quoted values), and the
 * bytes an address may hold. */
#define HEXVAL(c, v) [c] = (v) + 1
static const unsigned char hexval[256] = {
    HEXVAL('0', 0),  HEXVAL('1', 1),  HEXVAL('2', 2),  HEXVAL('3', 3),  HEXVAL('4', 4),
    HEXVAL('5', 5),  HEXVAL('6', 6),  HEXVAL('7', 7),  HEXVAL('8', 8),  HEXVAL('9', 9),
    HEXVAL('a', 10), HEXVAL('b', 11), HEXVAL('c', 12), HEXVAL('d', 13), HEXVAL('e', 14),
    HEXVAL('f', 15), HEXVAL('A', 10), HEXVAL('B', 11), HEXVAL('C', 12), HEXVAL('D', 13),
    HEXVAL('E', 14), HEXVAL('F', 15), ['.'] = 17,      [':'] = 17};
#define ISHEX(c)    (hexval[(unsigned char)(c)] && hexval[(unsigned char)(c)] <= 16)
#define ISIPCHAR(c) (hexval[(unsigned char)(c)] != 0)
#define ISDIGIT(c)  ((unsigned char)((c) - '0') < 10)

/* Days from 1970-01-01 to the given proleptic Gregorian date. */
long long logparse_days_from_civil(long long y, unsigned int m, unsigned int d)
{
	long long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Read exactly n decimal digits at s into *v. */
static int digits(const char *s, size_t n, unsigned long *v) { return scan_ulongn(s, n, v) == n; }

/* Read "HH:MM:SS" at s into seconds of the day. */
static int clocktime(const char *s, long long *secs)
{
	unsigned long h, m, sec;
	if (!digits(s, 2, &h) || s[2] != ':' || !digits(s + 3, 2, &m) || s[5] != ':' ||
	    !digits(s + 6, 2, &sec) || h > 23 || m > 59 || sec > 60)
		return 0;
	*secs = h * 3600LL + m * 60 + sec;
	return 1;
}

/* Read "YYYY-MM-DD" at s into days since the epoch. */
static int date(const char *s, long long *days)
{
	unsigned long y, m, d;
	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) || s[7] != '-' ||
	    !digits(s + 8, 2, &d) || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	*days = logparse_days_from_civil((long long)y, (unsigned int)m, (unsigned int)d);
	return 1;
}

/* Read fractional seconds ".ddd..." at s[*i] into milliseconds; the
 * digits past the third (micro- and nanoseconds) are skipped. */
static long long fraction(const char *s, size_t len, size_t *i)
{
	unsigned long ms = 0;
	size_t n;
	if (*i >= len || s[*i] != '.')
		return 0;
	++*i;
	n = scan_ulongn(s + *i, len - *i < 3 ? len - *i : 3, &ms);
	for (*i += n; n < 3; ++n)
		ms *= 10;
	while (*i < len && s[*i] >= '0' && s[*i] <= '9')
		++*i;
	return (long long)ms;
}

/* The scans for the end of a value test 8 bytes at a time (a word
 * holds byte c where (x - ONES) & ~x & HIGHS, x = word ^ c * ONES, has
 * its lowest bit): byte by byte they were a third of the parsing. */
#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Whether the little-endian word w holds byte c: the bit of the first. */
static uint64_t hasbyte(uint64_t w, unsigned char c)
{
	uint64_t x = w ^ (ONES * c);
	return (x - ONES) & ~x & HIGHS;
}

/* The 8 bytes at s as a little-endian word. */
static uint64_t word(const char *s)
{
	uint64_t w;
	memcpy(&w, s, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* Read exactly 8 hex digits at s into *v, the 8 bytes at once: each
 * must be a digit (0x30 to 0x39) or a letter a-f in either case; its
 * value is its low nibble, + 9 for a letter; the nibbles are then packed
 * pairwise, the first the most significant. */
static int hex8(const char *s, unsigned long *v)
{
	uint64_t w = word(s), l, digit, letter, x;
	if (w & HIGHS)
		return 0;
	digit = (w + 0x50 * ONES) & ~(w + 0x46 * ONES) & HIGHS;
	l = w | 0x20 * ONES;
	letter = (l + 0x1f * ONES) & ~(l + 0x19 * ONES) & HIGHS;
	if ((digit | letter) != HIGHS)
		return 0;
	x = (w & 0x0f * ONES) + (letter >> 7) * 9;
	x = (x << 4 | x >> 8) & 0x00ff00ff00ff00ffULL;
	x = (x << 8 | x >> 16) & 0x0000ffff0000ffffULL;
	x = (x << 16 | x >> 32) & 0xffffffffULL;
	*v = (unsigned long)x;
	return 1;
}

/* The first byte c or d at s[i..len), or len. */
static inline size_t find2(const char *s, size_t i, size_t len, unsigned char c, unsigned char d)
{
	uint64_t w, m;
	for (; i + 8 <= len; i += 8) {
		w = word(s + i);
		if ((m = hasbyte(w, c) | hasbyte(w, d)))
			return i + (size_t)__builtin_ctzll(m) / 8;
	}
	while (i < len && s[i] != (char)c && s[i] != (char)d)
		++i;
	return i;
}

/* Read multilog's "@" and 24 hex digits at s: a TAI64 label 2^62 + seconds,
 * then nanoseconds.  Only labels of 1970 to 2106 (upper half 0x40000000)
 * are taken; any other is forged or damaged, and is no timestamp. */
static int tai64n(const char *s, unsigned long *secs, unsigned long *nano)
{
	return !memcmp(s + 1, "40000000", 8) && hex8(s + 9, secs) && hex8(s + 17, nano) &&
	       *nano < 1000000000;
}

/* Strip a timestamp prefix; set the time; return the offset of the rest,
 * and in *syslog whether a syslog host and tag follow. */
static size_t timestamp(const char *s, size_t len, const struct logclock *clock, struct logrec *rec,
			int *syslog)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	long long days, secs;
	unsigned long tai, nano;
	size_t i;
	unsigned long oh, om, d;
	unsigned int m;
	int sign;

	*syslog = 0;
	if (len >= 26 && s[0] == '@' && s[25] == ' ') {
		if (!tai64n(s, &tai, &nano))
			return 0;
		/* TAI runs 10 s (and the leap seconds, which we ignore) ahead of UTC */
		rec->time = ((long long)tai - 10) * 1000 + (long long)(nano / 1000000);
		rec->hastime = 1;
		return 26;
	}
	if (len >= 20 && date(s, &days) && (s[10] == ' ' || s[10] == 'T') &&
	    clocktime(s + 11, &secs)) {
		i = 19;
		rec->time = (days * 86400 + secs) * 1000 + fraction(s, len, &i);
		rec->hastime = 1;
		if (s[10] == ' ') { /* tai64nlocal: local time */
			rec->time -= clock->utcoffset * 1000LL;
			return i < len && s[i] == ' ' ? i + 1 : 0;
		}
		if (i < len && s[i] == 'Z')
			++i; /* RFC 3339 syslog */
		else if (i + 6 <= len && (s[i] == '+' || s[i] == '-')) {
			sign = s[i] == '-' ? -1 : 1;
			if (!digits(s + i + 1, 2, &oh) || s[i + 3] != ':' ||
			    !digits(s + i + 4, 2, &om))
				return 0;
			rec->time -= sign * ((long long)oh * 3600 + (long long)om * 60) * 1000;
			i += 6;
		} else
			return 0;
		*syslog = 1;
		return i < len && s[i] == ' ' ? i + 1 : 0;
	}
	if (len >= 16 && s[3] == ' ' && s[6] == ' ' && clocktime(s + 7, &secs)) {
		for (m = 0; m < 12; ++m)
			if (!memcmp(s, months + 3 * m, 3))
				break;
		if (m == 12)
			return 0;
		if ((s[4] == ' ' ? !digits(s + 5, 1, &d) : s[4] > '3' || !digits(s + 4, 2, &d)) ||
		    !d)
			return 0; /* the day: " 3" or "23" */
		i = 15;
		rec->time = (logparse_days_from_civil(clock->year, m + 1, (unsigned int)d) * 86400 +
			     secs - clock->utcoffset) *
				1000 +
			    fraction(s, len, &i);
		rec->hastime = 1;
		*syslog = 1;
		return i < len && s[i] == ' ' ? i + 1 : 0;
	}
	return 0;
}

/* Whether s[*i] starts with word, of n bytes; if so step over it. */
static int skipwordn(const char *s, size_t len, size_t *i, const char *word, size_t n)
{
	if (len - *i < n || memcmp(s + *i, word, n))
		return 0;
	*i += n;
	return 1;
}
#define skipword(s, len, i, word) skipwordn(s, len, i, word, sizeof word - 1)

/* duration_parseb (lib/duration.c) as one pass over the bytes, for the
 * two durations of every line: up to 6 digits of seconds, a point and
 * 1 to 3 digits maybe, at most a day. */
static int duration(const char *s, size_t len, unsigned long *ms)
{
	unsigned long whole = 0, frac = 0;
	size_t i = 0, j, f = 0;
	for (; i < len && ISDIGIT(s[i]); ++i) {
		if (i == 6)
			return 0;
		whole = whole * 10 + (unsigned long)(s[i] - '0');
	}
	if (!i)
		return 0;
	if (i < len && s[i] == '.') {
		for (j = i + 1; j < len && ISDIGIT(s[j]); ++j, ++f) {
			if (f == 3)
				return 0;
			frac = frac * 10 + (unsigned long)(s[j] - '0');
		}
		if (!f)
			return 0;
		i = j;
	}
	if (i != len)
		return 0;
	for (; f < 3; ++f)
		frac *= 10;
	if ((whole = whole * 1000 + frac) > DURATION_MAX_MS)
		return 0;
	*ms = whole;
	return 1;
}

/* A decimal number of len bytes, all digits, at s, into *v: libowfat's
 * scan_ulongn(s, len, v) == len, in one pass for the short ones. */
static int number(const char *s, size_t len, unsigned long *v)
{
	unsigned long x = 0;
	size_t i;
	if (!len)
		return 0;
	if (len > 19) /* past what cannot overflow: libowfat's own checks */
		return scan_ulongn(s, len, v) == len;
	for (i = 0; i < len; ++i) {
		if (!ISDIGIT(s[i]))
			return 0;
		x = x * 10 + (unsigned long)(s[i] - '0');
	}
	*v = x;
	return 1;
}

/* Read a waited= value: as a delay (duration_parseb), or past the one
 * day where that stops, since waited= is the time the wait took and a
 * day's delay overruns it: then in the same grammar (up to three
 * decimals, as greetwait writes it), up to nine digits of whole seconds. */
int logparse_seconds(const char *s, size_t len, unsigned long *ms)
{
	unsigned long whole, frac = 0;
	size_t n, f = 3;
	if (duration(s, len, ms))
		return 1;
	if (!(n = scan_ulongn(s, len < 9 ? len : 9, &whole)))
		return 0;
	if (n < len) {
		if (s[n] != '.' || len - n - 1 > 3 || len - n - 1 == 0 ||
		    (f = scan_ulongn(s + n + 1, len - n - 1, &frac)) != len - n - 1)
			return 0;
		for (; f < 3; ++f)
			frac *= 10;
	}
	*ms = whole * 1000 + frac;
	return 1;
}

/* Read a quoted value at s[*i] (just past the opening quote); unescape it
 * into out (cut at max bytes) if out is given; step past the closing quote. */
static int quoted(const char *s, size_t len, size_t *i, char *out, size_t max, size_t *outlen)
{
	size_t j = *i, k, n = 0;
	int hi, lo;
	char c;
	for (;;) {
		if ((k = find2(s, j, len, '"', '\\')) >= len)
			return 0;
		if (out && n < max)
			memcpy(out + n, s + j, k - j < max - n ? k - j : max - n);
		n += k - j;
		if (s[k] == '"')
			break;
		if ((j = k + 1) >= len)
			return 0;
		c = s[j++]; /* the escaped byte */
		if (c == 'x') {
			if (len - j < 2 || !ISHEX(s[j]) || !ISHEX(s[j + 1]))
				return 0;
			hi = hexval[(unsigned char)s[j]] - 1;
			lo = hexval[(unsigned char)s[j + 1]] - 1;
			c = (char)(hi << 4 | lo);
			j += 2;
		} else if (c != '"' && c != '\\')
			return 0;
		if (out && n < max)
			out[n] = c;
		++n;
	}
	*i = k + 1;
	if (outlen)
		*outlen = out && n > max ? max : n;
	return 1;
}

/* Whether s is a plausible IPv4 or IPv6 address text. */
static int ipish(const char *s, size_t len)
{
	size_t i;
	if (len < 2 || len > 45)
		return 0;
	for (i = 0; i < len; ++i)
		if (!ISIPCHAR(s[i]))
			return 0;
	return 1;
}

/* Read a score= value, an optional minus and up to nine digits.  Not
 * scan_longn: libowfat 0.32's reads one digit less than it is given. */
static int score(const char *s, size_t len, long *v)
{
	unsigned long u;
	size_t minus = len && s[0] == '-';
	if (len == minus || len - minus > 9 ||
	    scan_ulongn(s + minus, len - minus, &u) != len - minus)
		return 0;
	*v = minus ? -(long)u : (long)u;
	return 1;
}

/* Whether s is a dnsbl= value: "zone:address" items joined by commas,
 * the last maybe "..." (greetwait cut the value there), or nothing. */
static int lists(const char *s, size_t len)
{
	const char *end, *colon;
	size_t i = 0, n;
	while (i < len) {
		end = memchr(s + i, ',', len - i);
		n = end ? (size_t)(end - s) - i : len - i;
		if (!end && n == 3 && !memcmp(s + i, "...", 3))
			return 1;
		colon = memchr(s + i, ':', n);
		if (!colon || colon == s + i || (size_t)(colon - s) - i > LOGPARSE_ZONE_MAX ||
		    colon == s + i + n - 1)
			return 0;
		i += n;
		if (end && ++i == len)
			return 0; /* a comma ends the value */
	}
	return 1;
}

/* Whether the line puts its client in a DNS list. */
int logparse_listed(const struct logrec *rec)
{
	return rec->rblsmtpd || (rec->hasdnsbl && rec->dnsbllen && rec->score > 0);
}

/* The zone of the item at s[*i] (of a "zone:address,..." value of len
 * bytes), *i stepped past the item; 0 for the "..." that ends a cut one. */
static size_t itemzone(const char *s, size_t len, size_t *i)
{
	const char *end = memchr(s + *i, ',', len - *i), *colon;
	size_t n = end ? (size_t)(end - s) - *i : len - *i;
	colon = memchr(s + *i, ':', n);
	n = colon ? (size_t)(colon - s) - *i : 0;
	*i = end ? (size_t)(end - s) + 1 : len;
	return n;
}

/* The next zone of rec's dnsbl= value from *pos on; greetwait writes a
 * zone's addresses together, so the items after it of the same zone are
 * stepped over with it. */
int logparse_next_zone(const struct logrec *rec, size_t *pos, const char **zone, size_t *len)
{
	const char *s = rec->dnsbl;
	size_t n, i, next;
	while (*pos < rec->dnsbllen) {
		i = *pos;
		n = itemzone(s, rec->dnsbllen, pos);
		if (!n)
			continue;
		while ((next = *pos) < rec->dnsbllen && itemzone(s, rec->dnsbllen, &next) == n &&
		       !memcmp(s + *pos, s + i, n))
			*pos = next;
		*zone = s + i;
		*len = n;
		return 1;
	}
	return 0;
}

/* Parse rblsmtpd's line after "rblsmtpd: ", "IP pid N: 451 text" (or
 * 553), which ucspi-tcp's rblsmtpd.c writes when it turns a client away;
 * its other lines (fatal errors, patches' notes) are no connection. */
static int rblsmtpd(const char *s, size_t len, struct logrec *rec)
{
	const char *space = memchr(s, ' ', len);
	size_t i, n;
	if (!space)
		return LOG_OTHER;
	i = (size_t)(space - s);
	if (!skipword(s, len, &i, " pid "))
		return LOG_OTHER;
	if (!ipish(s, (size_t)(space - s)))
		return LOG_MALFORMED;
	rec->ip = s;
	rec->iplen = (size_t)(space - s);
	if (!(n = scan_ulongn(s + i, len - i, &rec->pid)))
		return LOG_MALFORMED;
	i += n;
	if (!skipword(s, len, &i, ": "))
		return LOG_MALFORMED;
	if (len - i < 3 || (s[i] != '4' && s[i] != '5') || s[i + 1] < '0' || s[i + 1] > '9' ||
	    s[i + 2] < '0' || s[i + 2] > '9' || (len - i > 3 && s[i + 3] != ' '))
		return LOG_OTHER;
	rec->result = s[i] == '4' ? RESULT_TEMPFAIL : RESULT_REJECT;
	rec->why = LOGPARSE_WHY_RBLSMTPD;
	rec->whylen = sizeof LOGPARSE_WHY_RBLSMTPD - 1;
	rec->rblsmtpd = 1;
	return LOG_CONNECTION;
}

/* The kind= words, in the order rec->early counts them. */
const char *const logparse_kinds[LOGPARSE_KINDS] = {LOGWORD_KIND_SMTP,   LOGWORD_KIND_QUIT,
						    LOGWORD_KIND_HTTP,   LOGWORD_KIND_TLS,
						    LOGWORD_KIND_BINARY, LOGWORD_KIND_OTHER};

/* The kind= word's number (1 + its index), 0 if it is none. */
static int early_kind(const char *s, size_t len)
{
	for (int k = 0; k < LOGPARSE_KINDS; k++)
		if (strlen(logparse_kinds[k]) == len && !memcmp(s, logparse_kinds[k], len))
			return k + 1;
	return 0;
}

/* The keys fields() reads, known by their first bytes. */
enum key {
	KEY_OTHER,
	KEY_PID,
	KEY_IP,
	KEY_HOST,
	KEY_WHY,
	KEY_DELAY,
	KEY_RESULT,
	KEY_WAITED,
	KEY_STATUS,
	KEY_DATA,
	KEY_KIND,
	KEY_WOULD,
	KEY_DNSBL,
	KEY_SCORE
};

/* Whether s (n bytes) starts with word and its '='; its key then. */
#define KEYIS(word, key)                                                                           \
	(n > sizeof word - 1 && !memcmp(s, word "=", sizeof word) ? (*klen = sizeof word - 1, key) \
								  : KEY_OTHER)

/* The key at s if it is one fields() reads, its length in *klen; else
 * KEY_OTHER (any other key, or none). */
static enum key knownkey(const char *s, size_t n, size_t *klen)
{
	switch (s[0]) {
	case 'p': return KEYIS("pid", KEY_PID);
	case 'i': return KEYIS("ip", KEY_IP);
	case 'h': return KEYIS("host", KEY_HOST);
	case 'w':
		if (n > 1 && s[1] == 'h')
			return KEYIS("why", KEY_WHY);
		return n > 1 && s[1] == 'a' ? KEYIS("waited", KEY_WAITED)
					    : KEYIS("would", KEY_WOULD);
	case 'd':
		if (n > 1 && s[1] == 'e')
			return KEYIS("delay", KEY_DELAY);
		return n > 1 && s[1] == 'a' ? KEYIS("data", KEY_DATA) : KEYIS("dnsbl", KEY_DNSBL);
	case 'r': return KEYIS("result", KEY_RESULT);
	case 's':
		return n > 1 && s[1] == 't' ? KEYIS("status", KEY_STATUS)
					    : KEYIS("score", KEY_SCORE);
	case 'k': return KEYIS("kind", KEY_KIND);
	}
	return KEY_OTHER;
}

/* The end of a delay= or waited= value at s[i] as greetwait writes it,
 * 1 to 6 digits, a point and 3 digits before a space or the end, and its
 * milliseconds, at most a day; 0 for any other (read the long way then:
 * the same value, in two passes). */
static size_t quickseconds(const char *s, size_t i, size_t len, unsigned long *ms)
{
	unsigned long whole = 0;
	size_t j = i;
	for (; j < len && j - i < 6 && ISDIGIT(s[j]); ++j)
		whole = whole * 10 + (unsigned long)(s[j] - '0');
	if (j == i || len - j < 4 || s[j] != '.' || !ISDIGIT(s[j + 1]) || !ISDIGIT(s[j + 2]) ||
	    !ISDIGIT(s[j + 3]) || (len - j > 4 && s[j + 4] != ' '))
		return 0;
	whole = whole * 1000 + (unsigned long)(s[j + 1] - '0') * 100 +
		(unsigned long)(s[j + 2] - '0') * 10 + (unsigned long)(s[j + 3] - '0');
	if (whole > DURATION_MAX_MS)
		return 0;
	*ms = whole;
	return j + 4;
}

/* The end of a value of digits and points from s[i]: where it meets a
 * space or the end, or len + 1 if another byte comes first (no delay or
 * wait, and no other value either, can then be read from it). */
static size_t numberend(const char *s, size_t i, size_t len)
{
	while (i < len && (ISDIGIT(s[i]) || s[i] == '.'))
		++i;
	return i < len && s[i] != ' ' ? len + 1 : i;
}

/* Parse the key=value fields after "greetwait: ".  A value ends at the
 * next space; the values of pid=, ip=, delay= and waited= are read as
 * they are scanned, a byte their grammar does not allow before that
 * space making the line malformed at once. */
static int fields(const char *s, size_t len, struct logrec *rec)
{
	size_t i = 0, k, v, vlen, klen, e;
	int have_ip = 0, have_why = 0, have_delay = 0, have_waited = 0, have_status = 0;
	int have_result = 0, have_dnsbl = 0, have_score = 0, r;
	enum key key;

	while (len && (s[len - 1] == ' ' || s[len - 1] == '\r' || s[len - 1] == '\t'))
		--len;
	while (i < len) {
		k = i;
		if ((key = knownkey(s + i, len - i, &klen)) != KEY_OTHER)
			i += klen;
		else {
			i = find2(s, i, len, '=', ' ');
			if (i >= len || s[i] != '=' || i == k)
				return LOG_MALFORMED;
		}
		v = ++i;
		if (i < len && s[i] == '"') {
			++i;
			if (key == KEY_DATA) {
				if (!quoted(s, len, &i, rec->data, sizeof rec->data, &rec->datalen))
					return LOG_MALFORMED;
				rec->hasdata = 1;
			} else if (!quoted(s, len, &i, 0, 0, &vlen))
				return LOG_MALFORMED;
			else if (key == KEY_HOST)
				rec->hostempty = vlen == 0;
			else if (key == KEY_DNSBL) {
				if (!lists(s + v + 1, i - v - 2))
					return LOG_MALFORMED;
				rec->dnsbl = s + v + 1;
				rec->dnsbllen = i - v - 2;
				have_dnsbl = 1;
			}
			if (i < len && s[i] != ' ')
				return LOG_MALFORMED;
		} else {
			switch (key) {
			case KEY_PID:
				while (i < len && ISDIGIT(s[i]))
					++i;
				if ((i < len && s[i] != ' ') || !number(s + v, i - v, &rec->pid))
					return LOG_MALFORMED;
				break;
			case KEY_IP:
				while (i < len && ISIPCHAR(s[i]))
					++i;
				if ((i < len && s[i] != ' ') || i - v < 2 || i - v > 45)
					return LOG_MALFORMED;
				rec->ip = s + v;
				rec->iplen = i - v;
				have_ip = 1;
				break;
			case KEY_DELAY:
				if ((e = quickseconds(s, i, len, &rec->delay))) {
					i = e;
					have_delay = 1;
					break;
				}
				if ((i = numberend(s, i, len)) > len ||
				    !duration(s + v, i - v, &rec->delay))
					return LOG_MALFORMED;
				have_delay = 1;
				break;
			case KEY_WAITED:
				if ((e = quickseconds(s, i, len, &rec->waited))) {
					i = e;
					have_waited = 1;
					break;
				}
				if ((i = numberend(s, i, len)) > len ||
				    !logparse_seconds(s + v, i - v, &rec->waited))
					return LOG_MALFORMED;
				have_waited = 1;
				break;
			default:
				i = find2(s, i, len, ' ', ' ');
				vlen = i - v;
				switch (key) {
				case KEY_WHY:
					if (!vlen)
						return LOG_MALFORMED;
					rec->why = s + v;
					rec->whylen = vlen;
					have_why = 1;
					break;
				case KEY_KIND:
					if (!(rec->early = early_kind(s + v, vlen)))
						return LOG_MALFORMED;
					break;
				case KEY_WOULD:
					if ((r = logword_result_parse(s + v, vlen)) < 0)
						return LOG_MALFORMED;
					rec->would = r + 1;
					break;
				case KEY_SCORE:
					if (!score(s + v, vlen, &rec->score))
						return LOG_MALFORMED;
					have_score = 1;
					break;
				case KEY_RESULT:
					if ((r = logword_result_parse(s + v, vlen)) < 0)
						return LOG_MALFORMED;
					rec->result = (enum log_result)r;
					have_result = 1;
					break;
				case KEY_STATUS: have_status = 1; break;
				default: break;
				}
			}
		}
		if (i < len)
			++i; /* the space between fields */
	}
	if (!have_ip || !have_why || !have_delay || have_dnsbl != have_score)
		return LOG_MALFORMED;
	rec->hasdnsbl = have_dnsbl;
	if (have_result)
		return have_waited ? LOG_CONNECTION : LOG_MALFORMED;
	return have_status ? LOG_STATUS : LOG_MALFORMED;
}

/* Set every field but data to 0 (a memset of them cost as much as
 * reading the timestamp). */
static void clear(struct logrec *rec)
{
	rec->kind = rec->hastime = 0;
	rec->time = 0;
	rec->pid = 0;
	rec->ip = rec->why = rec->dnsbl = 0;
	rec->iplen = rec->whylen = rec->dnsbllen = rec->datalen = 0;
	rec->hostempty = 0;
	rec->delay = rec->waited = 0;
	rec->result = 0;
	rec->hasdnsbl = rec->would = rec->early = rec->rblsmtpd = rec->hasdata = 0;
	rec->score = 0;
}

/* Classify and parse one log line (without its newline) into rec. */
int logparse_line(const char *line, size_t len, const struct logclock *clock, struct logrec *rec)
{
	size_t i;
	int syslog, rbl = 0;

	clear(rec);
	i = timestamp(line, len, clock, rec, &syslog);
	if (!i)
		rec->hastime = 0;
	if (syslog) {
		while (i < len && line[i] != ' ')
			++i; /* the host */
		if (i < len)
			++i;
		if (skipword(line, len, &i, "rblsmtpd"))
			rbl = 1;
		else if (!skipword(line, len, &i, "greetwait"))
			return rec->kind = LOG_OTHER;
		if (i < len && line[i] == '[') {
			while (i < len && line[i] != ']')
				++i;
			if (i >= len)
				return rec->kind = LOG_OTHER;
			++i;
		}
		if (!skipword(line, len, &i, ": "))
			return rec->kind = LOG_OTHER;
		if (rbl)
			skipword(line, len, &i, "rblsmtpd: ");
		else
			skipword(line, len, &i, "greetwait: ");
	} else if (skipword(line, len, &i, "rblsmtpd: "))
		rbl = 1;
	else if (!skipword(line, len, &i, "greetwait: "))
		return rec->kind = LOG_OTHER;
	if (rbl)
		return rec->kind = rblsmtpd(line + i, len - i, rec);
	return rec->kind = fields(line + i, len - i, rec);
}
