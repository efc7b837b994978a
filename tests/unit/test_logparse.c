/* Unit tests for logparse: every carrier of a greetwait log line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include "logparse.h"

static const struct logclock utc2026 = {2026, 0};
static struct logrec rec;

static int parse(const char *line) { return logparse_line(line, strlen(line), &utc2026, &rec); }

/* 2026-11-23 19:01:50 UTC, in milliseconds */
#define T 1795460510000LL

static void plain(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=812 ip=192.0.2.7 host=\"dsl-192-0-2-7.example.net\" "
			       "why=pattern:dynamic delay=90.000 result=hangup waited=25.113"),
			 LOG_CONNECTION);
	assert_false(rec.hastime);
	assert_int_equal(rec.pid, 812);
	assert_int_equal(rec.iplen, 9);
	assert_memory_equal(rec.ip, "192.0.2.7", 9);
	assert_int_equal(rec.whylen, 15);
	assert_memory_equal(rec.why, "pattern:dynamic", 15);
	assert_int_equal(rec.delay, 90000);
	assert_int_equal(rec.waited, 25113);
	assert_int_equal(rec.result, RESULT_HANGUP);
	assert_false(rec.hostempty);
	assert_false(rec.hasdata);
}

static void data_and_error(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=813 ip=192.0.2.8 host=\"\" why=noptr delay=1.000 "
			       "result=pregreet waited=0.004 data=\"HELO \\\"a\\\\b\\x0d\""),
			 LOG_CONNECTION);
	assert_true(rec.hostempty);
	assert_true(rec.hasdata);
	assert_int_equal(rec.datalen, 10);
	assert_memory_equal(rec.data, "HELO \"a\\b\r", 10);
	assert_int_equal(parse("greetwait: pid=814 ip=2001:db8::1 host=\"\" why=noptr delay=0.000 "
			       "result=reject waited=0.000 error=\"unable to open x: \\\"y\\\"\""),
			 LOG_CONNECTION);
	assert_int_equal(rec.result, RESULT_REJECT);
	assert_memory_equal(rec.ip, "2001:db8::1", 11);
}

static void prefixes(void **state)
{
	const char *rest =
	    "pid=1 ip=192.0.2.1 host=\"a\" why=default delay=1.000 result=pass waited=1.000";
	char line[300];
	(void)state;
	strcpy(line, "@40000000");
	strcat(line, "6b048da8");             /* T + 10: TAI */
	strcat(line, "0754d4c0 greetwait: "); /* 123000000 ns */
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_true(rec.hastime);
	assert_int_equal(rec.time, T + 123);

	strcpy(line, "2026-11-23 19:01:50.123456789 greetwait: ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, T + 123);

	strcpy(line, "Nov 23 19:01:50 mx greetwait[1]: ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, T);

	strcpy(line, "Nov 23 19:01:50 mx greetwait: greetwait: ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);

	strcpy(line, "2026-11-23T20:01:50.5+01:00 mx greetwait[1]: ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, T + 500);
}

static void local_offset(void **state)
{
	const struct logclock cet = {2026, 3600};
	const char *line = "2026-11-23 20:01:50.000000000 greetwait: pid=1 ip=192.0.2.1 host=\"a\" "
			   "why=default delay=1.000 result=pass waited=1.000";
	(void)state;
	assert_int_equal(logparse_line(line, strlen(line), &cet, &rec), LOG_CONNECTION);
	assert_int_equal(rec.time, T);
}

static void kinds(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=815 ip=192.0.2.7 host=\"x\" why=pattern:dynamic "
			       "delay=90.000 status=waiting"),
			 LOG_STATUS);
	assert_int_equal(parse("tcpserver: status: 1/40"), LOG_OTHER);
	assert_int_equal(parse("Nov 23 19:01:50 mx postfix/smtpd[9]: connect from x"), LOG_OTHER);
	assert_int_equal(parse(""), LOG_OTHER);
	assert_int_equal(parse("greetwait: fatal: unable to exec qmail-smtpd"), LOG_MALFORMED);
	/* truncated in a quoted value, in a number, before result= */
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"abc"), LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"a\" why=default delay=1."
			       "000 result=pass waited="),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"a\" why=default delay=1.000"),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"a\" why=default delay=1.000 "
			       "result=maybe waited=1"),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=not-an-ip host=\"a\" why=default delay=1.000 "
			       "result=pass waited=1"),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"a\\q\" why=default delay=1 "
			       "result=pass waited=1"),
			 LOG_MALFORMED);
	/* a future key is ignored, a trailing CR tolerated */
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"a\" why=dnsfail delay=1 "
			       "result=tempfail waited=0.5 cache=\"miss\"\r"),
			 LOG_CONNECTION);
	assert_int_equal(rec.waited, 500);
}

/* Forged or damaged TAI64N labels are no timestamp: the line is someone
 * else's (as for any other garbage before "greetwait: "), and reading
 * them overflows nothing (this test is also run under UBSan). */
static void forged_labels(void **state)
{
	static const char *const labels[] = {
	    "@ffffffffffffffffffffffff ", /* 2^64 - 1 s */
	    "@000000000000000000000000 ", /* 2^62 s before 1970 */
	    "@7fffffffffffffff00000000 ",
	    "@c00000000000000000000000 ",
	    "@8000000000000000ffffffff ",
	    "@40000001000000003b9aca00 ", /* past 2106 */
	    "@400000006b048da83b9aca00 ", /* 10^9 ns: no TAI64N */
	    "@400000006b048da8ffffffff ",
	    "@4000000000000000 ", /* short */
	    "@4000 ",
	    "@ ",
	    "@400000006b048da80754d4c ", /* one digit short */
	    "@400000006b048da8 0754d4c0 ",
	    "@+00000006b048da80754d4c0 ", /* no sign, no blank in a label */
	    "@ 00000006b048da80754d4c0 ",
	    "@400000006b048da8-754d4c0 ",
	};
	const char *rest = "greetwait: pid=1 ip=192.0.2.1 host=\"a\" why=default delay=1.000 "
			   "result=pass waited=1.000";
	char line[300];
	(void)state;
	for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
		strcpy(line, labels[k]);
		strcat(line, rest);
		assert_int_equal(parse(line), LOG_OTHER);
		assert_false(rec.hastime);
	}
	/* the edges that are labels: 1970 (TAI 10 s ahead) and 2106 */
	strcpy(line, "@400000000000000000000000 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, -10000);
	strcpy(line, "@40000000ffffffff3b9ac9ff ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, (0xffffffffLL - 10) * 1000 + 999);
	strcpy(line, "@400000006B048DA80754D4C0 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, T + 123);
}

/* waited= values: a delay's grammar (up to three decimals, as greetwait
 * writes them), but past one day, which a day's delay overruns. */
static void seconds(void **state)
{
	unsigned long ms;
	(void)state;
	assert_true(logparse_seconds("90.000", 6, &ms));
	assert_int_equal(ms, 90000);
	assert_true(logparse_seconds("0.25", 4, &ms));
	assert_int_equal(ms, 250);
	assert_true(logparse_seconds("3", 1, &ms));
	assert_int_equal(ms, 3000);
	assert_true(logparse_seconds("86400.004", 9, &ms));
	assert_int_equal(ms, 86400004);
	assert_true(logparse_seconds("999999999.999", 13, &ms));
	assert_int_equal(ms, 999999999999UL);
	assert_false(logparse_seconds("1.23456", 7, &ms));
	assert_false(logparse_seconds("0.2500", 6, &ms));
	assert_false(logparse_seconds("25.", 3, &ms));
	assert_false(logparse_seconds(".5", 2, &ms));
	assert_false(logparse_seconds("", 0, &ms));
	assert_false(logparse_seconds("-1", 2, &ms));
	assert_false(logparse_seconds("+1", 2, &ms));
	assert_false(logparse_seconds("1.5s", 4, &ms));
	assert_false(logparse_seconds("1234567890", 10, &ms));
	assert_false(logparse_seconds("99999999999", 11, &ms));
}

/* The line with these delay= and waited= values. */
static int timed(const char *delay, const char *waited)
{
	char line[300];
	strcpy(line, "greetwait: pid=1 ip=192.0.2.1 host=\"a\" why=default delay=");
	strcat(line, delay);
	strcat(line, " result=hangup waited=");
	strcat(line, waited);
	return parse(line);
}

/* delay= is read as greetwait reads a delay (duration_parseb): what it
 * could not have written is malformed. */
static void delays(void **state)
{
	(void)state;
	assert_int_equal(timed("86400.000", "86400.003"), LOG_CONNECTION);
	assert_int_equal(rec.delay, 86400000);
	assert_int_equal(rec.waited, 86400003);
	assert_int_equal(timed("90", "1.5"), LOG_CONNECTION);
	assert_int_equal(rec.delay, 90000);
	assert_int_equal(rec.waited, 1500);
	assert_int_equal(timed("86400.001", "1.000"), LOG_MALFORMED); /* past greetwait's -l */
	assert_int_equal(timed("0.2500", "1.000"), LOG_MALFORMED);
	assert_int_equal(timed("90.", "1.000"), LOG_MALFORMED);
	assert_int_equal(timed("1000000", "1.000"), LOG_MALFORMED);
	assert_int_equal(timed("90.000", "1.0000"), LOG_MALFORMED);
}

/* Quoted values: escapes anywhere, an escaped quote is no end, data= cut
 * at LOGPARSE_DATA_MAX bytes, a bad or cut escape makes the line malformed. */
static void quoting(void **state)
{
	static char line[8192];
	size_t n;
	(void)state;
	assert_int_equal(
	    parse("greetwait: pid=1 ip=192.0.2.1 host=\"\\\"\" why=default delay=1.000 "
		  "result=pregreet waited=0.004 data=\"\\\"\\x48\\\\\\\"\\\"\""),
	    LOG_CONNECTION);
	assert_false(rec.hostempty);
	assert_int_equal(rec.datalen, 5);
	assert_memory_equal(rec.data, "\"H\\\"\"", 5);
	assert_int_equal(rec.pid, 1);

	n = (size_t)sprintf(line, "greetwait: pid=2 ip=192.0.2.1 host=\"\" why=noptr delay=1.000 "
				  "result=pregreet waited=0.004 data=\"");
	for (size_t k = 0; k < 1500; k++)
		n += (size_t)sprintf(line + n, k % 2 ? "\\x%02x" : "%c",
				     (unsigned int)('a' + k % 26));
	strcpy(line + n, "\"");
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.datalen, LOGPARSE_DATA_MAX);
	for (size_t k = 0; k < LOGPARSE_DATA_MAX; k++)
		assert_int_equal(rec.data[k], 'a' + k % 26);

	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"a\\\" why=default delay=1.000 "
			       "result=pass waited=1.000"),
			 LOG_MALFORMED); /* the quote is escaped: the value never ends */
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"\" why=noptr delay=1.000 "
			       "result=pregreet waited=0.004 data=\"\\x4\""),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"\" why=noptr delay=1.000 "
			       "result=pregreet waited=0.004 data=\"\\xg0\""),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"\" why=noptr delay=1.000 "
			       "result=pregreet waited=0.004 data=\"a\"b"),
			 LOG_MALFORMED);
}

/* pid= is a decimal number, and nothing else. */
static void pids(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=4294967295 ip=192.0.2.1 host=\"a\" why=default "
			       "delay=1.000 result=pass waited=1.000"),
			 LOG_CONNECTION);
	assert_int_equal(rec.pid, 4294967295UL);
	assert_int_equal(parse("greetwait: pid=12a ip=192.0.2.1 host=\"a\" why=default "
			       "delay=1.000 result=pass waited=1.000"),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid= ip=192.0.2.1 host=\"a\" why=default "
			       "delay=1.000 result=pass waited=1.000"),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=-1 ip=192.0.2.1 host=\"a\" why=default "
			       "delay=1.000 result=pass waited=1.000"),
			 LOG_MALFORMED);
}

/* Traditional syslog pads a one-digit day with a blank. */
static void syslog_days(void **state)
{
	const char *rest =
	    "mx greetwait[1]: pid=1 ip=192.0.2.1 host=\"a\" why=default delay=1.000 result=pass "
	    "waited=1.000";
	char line[300];
	(void)state;
	strcpy(line, "Nov  3 19:01:50 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, T - 20 * 86400000LL);
	strcpy(line, "Nov 03 19:01:50 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_CONNECTION);
	assert_int_equal(rec.time, T - 20 * 86400000LL);
	strcpy(line, "Nov 00 19:01:50 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_OTHER);
	strcpy(line, "Nov 43 19:01:50 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_OTHER);
	strcpy(line, "Nov  x 19:01:50 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_OTHER);
	strcpy(line, "2026-11-23T19:01:50+0100 ");
	strcat(line, rest);
	assert_int_equal(parse(line), LOG_OTHER); /* an offset needs its colon */
}

/* -d's fields: dnsbl= between its quotes, score= signed; in a DNS list
 * only with a list named and a score above 0. */
static void dnsbl_fields(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=813 ip=192.0.2.8 host=\"x.example\" why=dnsbl "
			       "delay=90.000 result=hangup waited=3.120 "
			       "dnsbl=\"zen.example:127.0.0.2,bl.example:127.0.0.4\" score=5"),
			 LOG_CONNECTION);
	assert_true(rec.hasdnsbl);
	assert_int_equal(rec.dnsbllen, 42);
	assert_memory_equal(rec.dnsbl, "zen.example:127.0.0.2,bl.example:127.0.0.4", 42);
	assert_int_equal(rec.score, 5);
	assert_true(logparse_listed(&rec));
	assert_int_equal(parse("greetwait: pid=814 ip=192.0.2.9 host=\"mail.example\" why=dnswl "
			       "delay=0.000 result=pass waited=0.120 "
			       "dnsbl=\"dnswl.example:127.0.5.2\" score=-5 data=\"x\""),
			 LOG_CONNECTION);
	assert_int_equal(rec.score, -5);
	assert_true(rec.hasdata);
	assert_false(logparse_listed(&rec));
	assert_int_equal(parse("greetwait: pid=815 ip=192.0.2.10 host=\"\" why=default delay=1.000 "
			       "result=pass waited=1.000 dnsbl=\"\" score=0"),
			 LOG_CONNECTION);
	assert_true(rec.hasdnsbl);
	assert_int_equal(rec.dnsbllen, 0);
	assert_false(logparse_listed(&rec));
	assert_int_equal(parse("greetwait: pid=815 ip=192.0.2.10 host=\"\" why=dnsbl delay=1.000 "
			       "result=tempfail waited=1.000 dnsbl=\"...\" score=3"),
			 LOG_CONNECTION);
	assert_true(logparse_listed(&rec));
	assert_int_equal(parse("greetwait: pid=816 ip=192.0.2.10 host=\"\" why=default delay=1.000 "
			       "result=pass waited=1.000"),
			 LOG_CONNECTION);
	assert_false(rec.hasdnsbl);
	assert_false(logparse_listed(&rec));
}

/* A dnsbl= value not of greetwait's form, or one without score=, makes
 * the line malformed. */
static void dnsbl_malformed(void **state)
{
	static const char *const bad[] = {
	    "dnsbl=\"zen.example\" score=1",
	    "dnsbl=\"zen.example:\" score=1",
	    "dnsbl=\":127.0.0.2\" score=1",
	    "dnsbl=\"a:1,\" score=1",
	    "dnsbl=\",a:1\" score=1",
	    "dnsbl=\"...,a:1\" score=1",
	    "dnsbl=\"a:1\"",
	    "score=1",
	    "dnsbl=\"a:1\" score=+1",
	    "dnsbl=\"a:1\" score=",
	    "dnsbl=\"a:1\" score=1x",
	    "dnsbl=\"a:1\" score=-",
	    "dnsbl=\"a:1\" score=1234567890",
	    "dnsbl=zen score=1",
	};
	char line[400];
	(void)state;
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		snprintf(line, sizeof line,
			 "greetwait: pid=1 ip=192.0.2.1 host=\"\" why=dnsbl delay=1.000 "
			 "result=reject waited=0.000 %s",
			 bad[k]);
		if (parse(line) != LOG_MALFORMED)
			fail_msg("not malformed: %s", bad[k]);
	}
}

/* Each zone of a dnsbl= value once, its addresses stepped over. */
static void zones(void **state)
{
	const char *z;
	size_t pos = 0, len;
	(void)state;
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"\" why=dnsbl delay=1.000 "
			       "result=reject waited=0.000 dnsbl=\"zen.example:127.0.0.2,"
			       "zen.example:127.0.0.4,bl.example:127.0.0.4,zen.example2:127.0.0.2,"
			       "...\" score=5"),
			 LOG_CONNECTION);
	assert_true(logparse_next_zone(&rec, &pos, &z, &len));
	assert_int_equal(len, 11);
	assert_memory_equal(z, "zen.example", 11);
	assert_true(logparse_next_zone(&rec, &pos, &z, &len));
	assert_int_equal(len, 10);
	assert_memory_equal(z, "bl.example", 10);
	assert_true(logparse_next_zone(&rec, &pos, &z, &len));
	assert_int_equal(len, 12);
	assert_memory_equal(z, "zen.example2", 12);
	assert_false(logparse_next_zone(&rec, &pos, &z, &len));
	assert_false(logparse_next_zone(&rec, &pos, &z, &len));
	pos = 0;
	assert_int_equal(parse("greetwait: pid=1 ip=192.0.2.1 host=\"\" why=dnsbl delay=1.000 "
			       "result=reject waited=0.000 dnsbl=\"\" score=0"),
			 LOG_CONNECTION);
	assert_false(logparse_next_zone(&rec, &pos, &z, &len));
}

/* rblsmtpd's refusals, plain, behind multilog's label and through syslog
 * (with its own prefix or without): 451 is tempfail, 553 reject. */
/* issue 11's fields: would= (-e ignore), kind=, the envelope of the refused */
static void ignore_and_kind(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"x.example\" why=default "
			       "delay=1.000 result=pass would=pregreet waited=0.004 "
			       "data=\"EHLO x\" kind=smtp"),
			 LOG_CONNECTION);
	assert_int_equal(rec.result, RESULT_PASS);
	assert_int_equal(rec.would, RESULT_PREGREET + 1);
	assert_string_equal(logparse_kinds[rec.early - 1], "smtp");
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"\" why=noptr delay=90.000 "
			       "result=pregreet waited=0.004 data=\"\\x16\\x03\" kind=tls "
			       "helo=\"a b\" from=\"<a@b>\" rcpt=\"<c@d>,<e@f>\""),
			 LOG_CONNECTION);
	assert_int_equal(rec.would, 0);
	assert_string_equal(logparse_kinds[rec.early - 1], "tls");
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"\" why=noptr delay=90.000 "
			       "result=hangup waited=0.004"),
			 LOG_CONNECTION);
	assert_int_equal(rec.early, 0);
	/* a kind or a would= that is none: malformed, not guessed */
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"\" why=noptr delay=90.000 "
			       "result=pregreet waited=0.004 data=\"x\" kind=ftp"),
			 LOG_MALFORMED);
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"\" why=noptr delay=90.000 "
			       "result=pass would=maybe waited=0.004"),
			 LOG_MALFORMED);
}

static void rblsmtpd(void **state)
{
	(void)state;
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid 1234: 451 http://www.spamhaus.org/x"),
			 LOG_CONNECTION);
	assert_true(rec.rblsmtpd);
	assert_false(rec.hastime);
	assert_int_equal(rec.pid, 1234);
	assert_int_equal(rec.iplen, 9);
	assert_memory_equal(rec.ip, "192.0.2.1", 9);
	assert_int_equal(rec.whylen, 8);
	assert_memory_equal(rec.why, LOGPARSE_WHY_RBLSMTPD, 8);
	assert_int_equal(rec.result, RESULT_TEMPFAIL);
	assert_int_equal(rec.delay, 0);
	assert_true(logparse_listed(&rec));
	assert_int_equal(parse("@400000006b048da800000000 rblsmtpd: 2001:db8::1 pid 7: 553 "
			       "sorry, your address is listed"),
			 LOG_CONNECTION);
	assert_true(rec.hastime);
	assert_int_equal(rec.time, T);
	assert_int_equal(rec.result, RESULT_REJECT);
	assert_memory_equal(rec.ip, "2001:db8::1", 11);
	assert_int_equal(parse("Nov 23 19:01:50 mx rblsmtpd[1234]: 192.0.2.1 pid 1234: 451 x"),
			 LOG_CONNECTION);
	assert_int_equal(rec.time, T);
	assert_int_equal(rec.pid, 1234);
	assert_int_equal(parse("Nov 23 19:01:50 mx rblsmtpd: rblsmtpd: 192.0.2.1 pid 9: 553"),
			 LOG_CONNECTION);
	assert_int_equal(rec.result, RESULT_REJECT);
	/* its other lines are no connection; a damaged address is malformed */
	assert_int_equal(parse("rblsmtpd: fatal: out of memory"), LOG_OTHER);
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid 9: greetdelay: 10"), LOG_OTHER);
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid 9: [RBL info] x"), LOG_OTHER);
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid 9: 250 ok"), LOG_OTHER);
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid 9: 4511"), LOG_OTHER);
	assert_int_equal(parse("Nov 23 19:01:50 mx rblsmtpdx: 192.0.2.1 pid 9: 451"), LOG_OTHER);
	assert_int_equal(parse("rblsmtpd:  pid 9: 451 x"), LOG_MALFORMED);
	assert_int_equal(parse("rblsmtpd: 192.0.2.z pid 9: 451 x"), LOG_MALFORMED);
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid x: 451 x"), LOG_MALFORMED);
	assert_int_equal(parse("rblsmtpd: 192.0.2.1 pid 9 451 x"), LOG_MALFORMED);
}

/* issue 14's holder: a pass stress shortened (delay= the delay imposed,
 * stress= at the end the delay decided) reads as a pass at that delay;
 * the holder's own lines (stress, the log's losses) are no connection. */
static void holder(void **state)
{
	(void)state;
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"dsl-9.example\" "
			       "why=pattern:dynamic delay=0.300 result=pass waited=0.301 "
			       "stress=90.000"),
			 LOG_CONNECTION);
	assert_int_equal(rec.result, RESULT_PASS);
	assert_int_equal(rec.delay, 300);
	assert_int_equal(rec.waited, 301);
	assert_int_equal(parse("@400000006b048d3a00000000 greetwait: pid=9 ip=192.0.2.9 host=\"\" "
			       "why=noptr delay=30.000 result=hangup waited=12.004 "
			       "error=\"x\" stress=90.000"),
			 LOG_CONNECTION);
	assert_int_equal(rec.result, RESULT_HANGUP);
	assert_int_equal(rec.delay, 30000);
	assert_int_equal(parse("greetwait: pid=9 ip=192.0.2.9 host=\"\" why=noptr delay=30.000 "
			       "status=waiting stress=90.000"),
			 LOG_STATUS);
	assert_int_equal(parse("greetwait-hold: status=stress held=3"), LOG_OTHER);
	assert_int_equal(parse("@400000006b048d3a00000000 greetwait-hold: status=normal held=2"),
			 LOG_OTHER);
	assert_int_equal(parse("Nov 23 19:01:50 mx greetwait-hold[7]: status=stress held=3"),
			 LOG_OTHER);
	assert_int_equal(parse("greetwait-hold: warning: the log was full, lines lost: 37"),
			 LOG_OTHER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain),
	    cmocka_unit_test(data_and_error),
	    cmocka_unit_test(prefixes),
	    cmocka_unit_test(local_offset),
	    cmocka_unit_test(kinds),
	    cmocka_unit_test(seconds),
	    cmocka_unit_test(delays),
	    cmocka_unit_test(quoting),
	    cmocka_unit_test(pids),
	    cmocka_unit_test(syslog_days),
	    cmocka_unit_test(forged_labels),
	    cmocka_unit_test(dnsbl_fields),
	    cmocka_unit_test(dnsbl_malformed),
	    cmocka_unit_test(zones),
	    cmocka_unit_test(rblsmtpd),
	    cmocka_unit_test(ignore_and_kind),
	    cmocka_unit_test(holder),
	};
	return cmocka_run_group_tests(tests, 0, 0);
}
