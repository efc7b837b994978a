/* libFuzzer target for greetwait-stats' log parser (src/greetwait-stats/logparse.c).
 * First byte even: the rest is a log line, parsed; what the parser reports
 * must point into the line and stay in its bounds.  Odd: the rest chooses
 * a connection, greetwait writes its line (src/lib/logline.c), a carrier puts
 * its timestamp in front (multilog's @tai64n, tai64nlocal, BSD or RFC 3339
 * syslog), and the parser must read back every field, the data unescaped,
 * -d's dnsbl= and score=, and the time to the millisecond. */

#include <stdint.h>
#include <time.h>

#include "fuzz.h"
#include "ip.h"
#include "logline.h"
#include "logparse.h"

static const char *const results[] = {"pass",     "pregreet",    "hangup",  "reject",
				      "tempfail", "exec-failed", "toomany", 0};
static const char *const whys[] = {"default",
				   "noptr",
				   "env",
				   "relayclient",
				   "cache",
				   "dnswait",
				   "dnsfail",
				   "whitelist:192.0.2.0/24",
				   "whitelist:.example.org",
				   "whitelist:2001:db8::/32",
				   "pattern:"};

/* What the parser says about a line of len bytes stays inside it. */
static void check_bounds(const char *line, size_t len, const struct logrec *rec)
{
	FUZZ_CHECK(rec->kind >= LOG_OTHER && rec->kind <= LOG_MALFORMED, "a line has a kind");
	if (rec->kind != LOG_CONNECTION && rec->kind != LOG_STATUS)
		return;
	FUZZ_CHECK(rec->ip >= line && rec->iplen >= 2 && rec->iplen <= 45 &&
		       rec->ip + rec->iplen <= line + len,
		   "ip= points into the line");
	FUZZ_CHECK(rec->rblsmtpd
		       ? rec->whylen == sizeof LOGPARSE_WHY_RBLSMTPD - 1 &&
			     !memcmp(rec->why, LOGPARSE_WHY_RBLSMTPD, rec->whylen)
		       : rec->why >= line && rec->whylen && rec->why + rec->whylen <= line + len,
		   "why= points into the line, or is rblsmtpd's word");
	FUZZ_CHECK(!rec->hasdnsbl ||
		       (rec->dnsbl >= line && rec->dnsbl + rec->dnsbllen <= line + len),
		   "dnsbl= points into the line");
	if (rec->hasdnsbl) {
		const char *zone;
		size_t pos = 0, zlen, steps = 0;
		while (logparse_next_zone(rec, &pos, &zone, &zlen)) {
			FUZZ_CHECK(zone >= rec->dnsbl && zlen && zlen <= LOGPARSE_ZONE_MAX &&
				       zone + zlen <= rec->dnsbl + rec->dnsbllen &&
				       pos <= rec->dnsbllen,
				   "a zone lies in dnsbl=");
			FUZZ_CHECK(++steps <= rec->dnsbllen, "the zones end");
		}
	}
	FUZZ_CHECK(rec->kind != LOG_CONNECTION || (rec->result >= 0 && rec->result < RESULT_COUNT),
		   "a connection has a known result");
	FUZZ_CHECK(rec->datalen <= LOGPARSE_DATA_MAX, "data= fits");
}

static unsigned long take(struct fuzz_bytes *b, int n)
{
	unsigned long v = 0;
	while (n--)
		v = v << 8 | fuzz_byte(b);
	return v;
}

/* Write a timestamp for t seconds and ms milliseconds (UTC) in the given
 * carrier's form, the clock's zone where it uses local time; its length. */
static size_t stamp(char *out, size_t size, int kind, long long t, unsigned int ms,
		    unsigned int nanos, const struct logclock *clock, unsigned int pid)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm;
	time_t local = (time_t)(t + clock->utcoffset);
	long off = clock->utcoffset;
	gmtime_r(&local, &tm);
	switch (kind) {
	case 1: /* multilog: TAI64N label, TAI being 10 s ahead */
		return (size_t)snprintf(out, size, "@%016llx%08x ",
					(unsigned long long)(t + 10) + 4611686018427387904ULL,
					ms * 1000000 + nanos);
	case 2: /* tai64nlocal */
		return (size_t)snprintf(out, size, "%04d-%02d-%02d %02d:%02d:%02d.%03u%06u ",
					tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
					tm.tm_min, tm.tm_sec, ms, nanos);
	case 3: /* BSD syslog, no year, no fraction */
		return (size_t)snprintf(
		    out, size, "%.3s %2d %02d:%02d:%02d mx greetwait[%u]: ", months + 3 * tm.tm_mon,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, pid);
	case 4: /* BSD syslog without a pid */
		return (size_t)snprintf(
		    out, size, "%.3s %2d %02d:%02d:%02d mx greetwait: ", months + 3 * tm.tm_mon,
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	default: /* RFC 3339 */
		if (!off)
			return (size_t)snprintf(
			    out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03uZ mx greetwait[%u]: ",
			    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
			    tm.tm_sec, ms, pid);
		return (size_t)snprintf(
		    out, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03u%c%02ld:%02ld mx greetwait[%u]: ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    ms, off < 0 ? '-' : '+', (off < 0 ? -off : off) / 3600,
		    (off < 0 ? -off : off) / 60 % 60, pid);
	}
}

/* Write a connection's line as greetwait does, behind a carrier's
 * timestamp, and read it back. */
static void round_trip(struct fuzz_bytes *b)
{
	static char line[LOGLINE_MAX + 400], host[256], payload[101], error[201], why[64],
	    dnsbl[200];
	static struct logrec rec;
	struct logline l;
	struct logclock clock;
	struct ip ip;
	char ipt[IP_FMT];
	int kind, r, zone;
	long long t;
	unsigned int ms, nanos;
	size_t n, w;

	memset(&l, 0, sizeof l);
	l.pid = take(b, 4);
	ip.len = fuzz_byte(b) & 1 ? 16 : 4;
	for (unsigned int k = 0; k < 16; k++)
		ip.b[k] = (unsigned char)fuzz_byte(b);
	ip_format(ipt, &ip);
	l.ip = ipt;
	r = (int)(fuzz_byte(b) % 7);
	l.result = results[r];
	w = fuzz_byte(b) % (sizeof whys / sizeof whys[0]);
	n = (size_t)snprintf(why, sizeof why, "%s", whys[w]);
	if (!strcmp(whys[w], "pattern:")) /* a class: a-z 0-9 - _ */
		for (unsigned int k = fuzz_byte(b) % 32 + 1; k; k--)
			why[n++] = "abcdefghijklmnopqrstuvwxyz0123456789-_"[fuzz_byte(b) % 38];
	why[n] = 0;
	l.why = why;
	l.delay_ms = take(b, 4) % 86400001UL;
	l.waited_ms = take(b, 4) % 1000000000UL;
	l.hostlen = fuzz_byte(b);
	for (size_t k = 0; k < l.hostlen; k++)
		host[k] = (char)fuzz_byte(b);
	l.host = host;
	if (fuzz_byte(b) & 1) {
		l.datalen = fuzz_byte(b) % 101;
		for (size_t k = 0; k < l.datalen; k++)
			payload[k] = (char)fuzz_byte(b);
		l.data = payload;
	}
	if (fuzz_byte(b) & 1) {
		size_t k = 0;
		for (unsigned int m = fuzz_byte(b) % 201; m; m--)
			if ((error[k] = (char)fuzz_byte(b)))
				k++;
		error[k] = 0;
		l.error = error;
	}
	if (fuzz_byte(b) & 1) { /* -d: zones of a-z and dots, IPv4 answers */
		size_t k = 0;
		for (unsigned int m = fuzz_byte(b) % 4; m; m--) {
			if (k)
				dnsbl[k++] = ',';
			for (unsigned int z = fuzz_byte(b) % 20 + 1; z; z--)
				dnsbl[k++] = "abcdefghijklmnopqrstuvwxyz."[fuzz_byte(b) % 27];
			k += (size_t)snprintf(dnsbl + k, 20, ":127.0.%u.%u", fuzz_byte(b),
					      fuzz_byte(b));
		}
		if (fuzz_byte(b) & 1)
			k += (size_t)snprintf(dnsbl + k, 5, "%s...", k ? "," : "");
		dnsbl[k] = 0;
		l.dnsbl = dnsbl;
		l.score = (int)(take(b, 2) % 2001) - 1000;
	}
	kind = (int)(fuzz_byte(b) % 6);
	t = (long long)take(b, 5) % 253402300800LL; /* to 9999-12-31 */
	ms = (unsigned int)(take(b, 2) % 1000);
	nanos = (unsigned int)(take(b, 3) % 1000000);
	zone = (int)(fuzz_byte(b) % 113) - 56;
	clock.utcoffset = zone * 900L;
	if (t + clock.utcoffset < 0)
		t = -clock.utcoffset; /* no local time before 1970 */
	{
		struct tm tm;
		time_t local = (time_t)(t + clock.utcoffset);
		gmtime_r(&local, &tm);
		clock.year = tm.tm_year + 1900;
		if (t + clock.utcoffset >= 253402300800LL)
			return; /* no five-digit years */
	}
	if (kind == 1 && t + 10 > 0xffffffffLL)
		t %= 0xffffffffLL - 10; /* multilog labels of 1970 to 2106 only (logparse.c) */
	n = kind ? stamp(line, 200, kind, t, ms, nanos, &clock, (unsigned int)l.pid) : 0;
	n += logline_format(line + n, &l);
	FUZZ_CHECK(line[n - 1] == '\n', "a log line ends in a newline");
	logparse_line(line, n - 1, &clock, &rec);
	check_bounds(line, n - 1, &rec);
	FUZZ_CHECK(rec.kind == (l.result ? LOG_CONNECTION : LOG_STATUS),
		   "greetwait's line reads back as a connection or a status line");
	FUZZ_CHECK(rec.pid == l.pid, "pid= reads back");
	FUZZ_CHECK(rec.iplen == strlen(ipt) && !memcmp(rec.ip, ipt, rec.iplen), "ip= reads back");
	FUZZ_CHECK(rec.whylen == strlen(why) && !memcmp(rec.why, why, rec.whylen),
		   "why= reads back");
	FUZZ_CHECK(rec.delay == l.delay_ms, "delay= reads back");
	FUZZ_CHECK(rec.hostempty == !l.hostlen, "an empty host= reads back as no PTR");
	if (l.result)
		FUZZ_CHECK(rec.result == r && rec.waited == l.waited_ms,
			   "result= and waited= read back");
	FUZZ_CHECK(rec.hasdata == !!l.data, "data= is there when it was written");
	if (l.data)
		FUZZ_CHECK(rec.datalen == l.datalen && !memcmp(rec.data, l.data, l.datalen),
			   "data= reads back unescaped, byte for byte");
	FUZZ_CHECK(rec.hasdnsbl == !!l.dnsbl, "dnsbl= and score= are there when written");
	if (l.dnsbl)
		FUZZ_CHECK(rec.dnsbllen == strlen(l.dnsbl) &&
			       !memcmp(rec.dnsbl, l.dnsbl, rec.dnsbllen) && rec.score == l.score &&
			       logparse_listed(&rec) == (l.dnsbl[0] && l.score > 0),
			   "dnsbl= and score= read back");
	FUZZ_CHECK(rec.hastime == !!kind, "a timestamp is read when there is one");
	if (kind)
		FUZZ_CHECK(rec.time == t * 1000 + (kind == 3 || kind == 4 ? 0 : ms),
			   "the timestamp reads back to the millisecond");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct logrec rec;
	struct fuzz_bytes b = {data + 1, size ? size - 1 : 0};
	if (size < 1)
		return 0;
	if (data[0] & 1) {
		round_trip(&b);
	} else {
		struct logclock clock = {2026, (long)(int8_t)data[0] * 900L};
		char *line =
		    malloc(size - 1 ? size - 1 : 1); /* exact size: ASan sees any overread */
		memcpy(line, data + 1, size - 1);
		logparse_line(line, size - 1, &clock, &rec);
		check_bounds(line, size - 1, &rec);
		free(line);
	}
	return 0;
}
