/* rules: parsing the text sources of the tables, and the entry a
 * whitelist hit logs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "rules.h"

static int pat(const char *line, struct rule_pattern *r, const char **why)
{
	return rules_parse_pattern(line, strlen(line), r, why);
}

static void test_patterns(void **state)
{
	struct rule_pattern r;
	const char *why = 0;
	(void)state;
	assert_int_equal(pat("", &r, &why), 0);
	assert_int_equal(pat("   # a comment", &r, &why), 0);
	assert_int_equal(pat("*DSL*", &r, &why), 1);
	assert_string_equal(r.glob, "*dsl*");
	assert_string_equal(r.class, "pattern");
	assert_int_equal(r.delay_ms, RULES_DELAY_LONG);
	assert_int_equal(pat("*-#-#-#-#.pool.example.net  pool   30  # trailing", &r, &why), 1);
	assert_string_equal(r.glob, "*-#-#-#-#.pool.example.net");
	assert_string_equal(r.class, "pool");
	assert_int_equal(r.delay_ms, 30000);
	assert_int_equal(pat("\t*.dyn.*\tdynamic\t0.25\r", &r, &why), 1);
	assert_int_equal(r.delay_ms, 250);
	assert_int_equal(pat("*<mail*  mailname  short", &r, &why), 1);
	assert_int_equal(r.delay_ms, RULES_DELAY_SHORT);
	assert_int_equal(pat("*<mail*  mailname  Short", &r, &why), -1);
	assert_int_equal(pat("*<mail*  mailname  shorter", &r, &why), -1);
	assert_int_equal(pat("*.dyn.* dynamic 1 extra", &r, &why), -1);
	assert_int_equal(pat("*.dyn.* dyn/amic", &r, &why), -1);
	assert_int_equal(pat("*.dyn.* dynamic 1.2345", &r, &why), -1);
	assert_int_equal(pat("*.dyn.* dynamic -1", &r, &why), -1);
	assert_int_equal(pat("*{ipv4}*", &r, &why), -1);
	assert_string_equal(why, "unknown {...} in pattern: only {ip} is known");
	assert_int_equal(pat("a\"b", &r, &why), -1);
	assert_int_equal(pat("*<DSL>*  dsl", &r, &why), 1);
	assert_string_equal(r.glob, "*<dsl>*");
	assert_int_equal(pat("*<dsl|*", &r, &why), -1);
	assert_string_equal(why, "character not allowed in a pattern");
}

static int wl(const char *line, struct rule_whitelist *r, const char **why)
{
	return rules_parse_whitelist(line, strlen(line), r, why);
}

static void entry(const char *line, const char *want)
{
	struct rule_whitelist r;
	const char *why = 0;
	char out[300];
	assert_int_equal(wl(line, &r, &why), 1);
	rules_whitelist_entry(out, &r);
	assert_string_equal(out, want);
}

static void test_whitelist(void **state)
{
	struct rule_whitelist r;
	const char *why = 0;
	(void)state;
	entry("127.0.0.0/8", "127.0.0.0/8");
	entry("127.1.2.3/8", "127.0.0.0/8");
	entry("2001:DB8::/32", "2001:db8::/32");
	entry("::ffff:192.0.2.1", "192.0.2.1");
	entry("Mail.Example.ORG", "mail.example.org");
	entry(".google.com 0.5", ".google.com");
	entry("1and1.com", "1and1.com");
	assert_int_equal(wl(".google.com 0.5", &r, &why), 1);
	assert_int_equal(r.kind, WHITELIST_DOMAIN);
	assert_int_equal(r.delay_ms, 500);
	assert_string_equal(r.name, "google.com");
	assert_int_equal(wl("192.0.2.0/33", &r, &why), -1);
	assert_int_equal(wl("2001:db8::/129", &r, &why), -1);
	assert_int_equal(wl("bad..name", &r, &why), -1);
	assert_int_equal(wl("300.1.2.3", &r, &why), -1);
	assert_int_equal(wl("192.0.2", &r, &why), -1);
	assert_int_equal(wl(".", &r, &why), -1);
	assert_int_equal(wl("name with spaces", &r, &why), -1);
	assert_int_equal(wl("host.example.com x", &r, &why), -1);
	assert_int_equal(wl("# comment only", &r, &why), 0);
}

/* Folding to lower case, 8 bytes at a time and then byte by byte: at
 * every length from 1 to 40, with every letter at every place, only A-Z
 * change; each byte value in a field is folded or kept as it should be
 * (a class field takes any byte but blanks before it is checked). */
static void test_fold(void **state)
{
	static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
			  lower[] = "abcdefghijklmnopqrstuvwxyz";
	struct rule_pattern r;
	const char *why = 0;
	char line[64], want[64];
	(void)state;
	for (size_t len = 1; len <= 40; len++)
		for (size_t k = 0; k < len; k++) {
			for (size_t i = 0; i < len; i++) {
				/* '#' first would make the line a comment */
				line[i] = i == k   ? upper[(len + k) % 26]
					  : i == 0 ? 'x'
						   : "a1.-*?#"[(i * 3 + len) % 7];
				want[i] = i == k ? lower[(len + k) % 26] : line[i];
			}
			assert_int_equal(rules_parse_pattern(line, len, &r, &why), 1);
			assert_memory_equal(r.glob, want, len);
			assert_int_equal(r.glob[len], 0);
		}
	/* a bad class is refused whatever its bytes: each folded or kept */
	for (int c = 1; c < 256; c++) {
		size_t n = 0;
		int ok;
		if (c == ' ' || c == '\t' || c == '\r' || c == '#')
			continue;
		n += (size_t)snprintf(line, sizeof line, "*x* ABCDEFG");
		line[n++] = (char)c;
		n += (size_t)snprintf(line + n, sizeof line - n, "HIJ");
		ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		     c == '-' || c == '_';
		assert_int_equal(rules_parse_pattern(line, n, &r, &why), ok ? 1 : -1);
		if (ok) {
			want[0] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			assert_memory_equal(r.class, "abcdefg", 7);
			assert_int_equal(r.class[7], want[0]);
			assert_string_equal(r.class + 8, "hij");
		} else
			assert_string_equal(why, "bad class: use up to 32 of a-z 0-9 - _");
	}
}

/* Fields end at a blank, a tab or a CR wherever it falls in the 8 bytes
 * read at a time, and at no other byte: another control byte is part of
 * its field (and no glob's). */
static void test_fields(void **state)
{
	static const char *const seps[] = {" ", "\t", "\r", " \t \r", "\t\t\t\t\t\t\t\t\t"};
	struct rule_pattern r;
	const char *why = 0;
	char line[128], glob[64];
	(void)state;
	for (size_t len = 1; len <= 40; len++)
		for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
			for (size_t i = 0; i < len; i++)
				glob[i] = "*x.1-"[i % 5];
			glob[len] = 0;
			snprintf(line, sizeof line, "%s%s%s%sDyn%s7 %s", seps[k], glob, seps[k],
				 seps[k], seps[k], seps[k]);
			assert_int_equal(rules_parse_pattern(line, strlen(line), &r, &why), 1);
			assert_string_equal(r.glob, glob);
			assert_string_equal(r.class, "dyn");
			assert_int_equal(r.delay_ms, 7000);
			/* a vertical tab inside: one field, with a byte no glob may hold */
			snprintf(line, sizeof line, "%s\v%s dyn", glob, glob);
			assert_int_equal(rules_parse_pattern(line, strlen(line), &r, &why), -1);
			assert_string_equal(why, "character not allowed in a pattern");
			snprintf(line, sizeof line, "%s dyn 7 %s", glob, glob);
			assert_int_equal(rules_parse_pattern(line, strlen(line), &r, &why), -1);
			assert_string_equal(why, "too many fields: expected glob [class [delay]]");
		}
}

/* rules_parse_pattern asks pattern_check only of globs with a byte
 * outside those it takes anywhere: with every byte value at the start, the
 * middle and the end of a glob, and around "{ip}", its answer is
 * pattern_check's on the glob folded to lower case. */
static void test_glob_check(void **state)
{
	static const char *const shapes[] = {
	    "%c",       "%c*.dyn.example", "*.dyn%c.example", "*.dyn.example%c",
	    "*-{ip}%c", "{ip%c*",          "%c{ip}"};
	struct rule_pattern r;
	const char *why;
	char glob[64], folded[64];
	(void)state;
	for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++)
		for (int c = 0; c < 256; c++) {
			size_t n;
			const char *want;
			int got;
			if (c == ' ' || c == '\t' || c == '\r' || (c == '#' && shapes[k][0] == '%'))
				continue;
			n = (size_t)snprintf(glob, sizeof glob, shapes[k], c);
			for (size_t i = 0; i <= n; i++)
				folded[i] = (char)(glob[i] >= 'A' && glob[i] <= 'Z' ? glob[i] + 32
										    : glob[i]);
			want = pattern_check(folded, n);
			why = 0;
			got = rules_parse_pattern(glob, n, &r, &why);
			assert_int_equal(got, want ? -1 : 1);
			if (want)
				assert_string_equal(why, want);
			else
				assert_string_equal(r.glob, folded);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_patterns),   cmocka_unit_test(test_whitelist),
	    cmocka_unit_test(test_fold),       cmocka_unit_test(test_fields),
	    cmocka_unit_test(test_glob_check),
	};
	return cmocka_run_group_tests_name("rules", tests, 0, 0);
}
