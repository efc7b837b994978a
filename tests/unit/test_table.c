/* table: cdb files written by table_make_* read back by table_lookup_*;
 * a lookup tries as few globs with 100,000 rules as with 10; a table
 * that is no regular file reads as empty with the reason in t.error. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "table.h"

static char path[64];

/* Write a table of the given kind from source lines. */
static void build(const char *kind, const char *const *lines, size_t n)
{
	struct cdb_make m;
	struct table_bits bits;
	int fd;
	strcpy(path, "/tmp/greetwait-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	memset(&bits, 0, sizeof bits);
	assert_int_equal(table_make_start(&m, fd, kind), 0);
	static unsigned int counts[PATTERN_KEY_BUCKETS];
	memset(counts, 0, sizeof counts);
	for (size_t k = 0; k < n && *kind == 'p'; k++) {
		struct rule_pattern r;
		const char *why;
		assert_int_equal(rules_parse_pattern(lines[k], strlen(lines[k]), &r, &why), 1);
		pattern_count_keys(r.glob, strlen(r.glob), counts);
	}
	for (size_t k = 0; k < n; k++) {
		const char *why;
		if (*kind == 'p') {
			struct rule_pattern r;
			assert_int_equal(rules_parse_pattern(lines[k], strlen(lines[k]), &r, &why), 1);
			assert_int_equal(table_make_pattern(&m, k + 1, &r, counts), 0);
		} else {
			struct rule_whitelist r;
			assert_int_equal(rules_parse_whitelist(lines[k], strlen(lines[k]), &r, &why), 1);
			assert_int_equal(table_make_whitelist(&m, &bits, &r), 0);
		}
	}
	assert_int_equal(table_make_finish(&m, *kind == 'w' ? &bits : 0), 0);
	close(fd);
}

static int lookup_pattern(const char *name, const char *addr, struct pattern_hit *hit)
{
	struct table t;
	struct ip ip;
	struct ipforms forms;
	int r;
	assert_true(ip_parse(&ip, addr));
	ipforms_build(&forms, &ip);
	assert_true(table_open(&t, path, "patterns"));
	r = table_lookup_pattern(&t, name, strlen(name), &forms, hit);
	assert_string_equal(t.error, "");
	table_close(&t);
	return r;
}

static void test_patterns_first_match_wins(void **state)
{
	static const char *const lines[] = {
		"*{ip}*  ipname",
		"*.dyn.*  dynamic",
		"*dsl*  dsl",
		"*-#-#-#-#.pool.example.net  pool  30",
		"mail?.example.com odd 2",
	};
	struct pattern_hit hit;
	(void)state;
	build("patterns", lines, 5);
	assert_true(lookup_pattern("dsl-192-0-2-7.dyn.example.net", "192.0.2.7", &hit));
	assert_string_equal(hit.class, "ipname");
	assert_int_equal(hit.delay_ms, RULES_DELAY_LONG);
	assert_true(lookup_pattern("dsl-192-0-2-8.dyn.example.net", "192.0.2.7", &hit));
	assert_string_equal(hit.class, "dynamic");
	assert_true(lookup_pattern("x-1-2-3-4.pool.example.net", "192.0.2.7", &hit));
	assert_string_equal(hit.class, "pool");
	assert_int_equal(hit.delay_ms, 30000);
	assert_true(lookup_pattern("mail7.example.com", "192.0.2.7", &hit));
	assert_int_equal(hit.delay_ms, 2000);
	assert_false(lookup_pattern("mail.example.org", "192.0.2.7", &hit));
	unlink(path);
}

static void test_whitelist(void **state)
{
	static const char *const lines[] = {
		"127.0.0.0/8", "192.0.2.0/24 2", "192.0.2.7", "2001:db8::/32", "mail.example.org 1",
		".google.com 0.5", ".mail.google.com 0.25",
	};
	struct table t;
	struct whitelist_hit hit;
	struct ip ip;
	(void)state;
	build("whitelist", lines, 7);
	assert_true(table_open(&t, path, "whitelist"));
	assert_true(ip_parse(&ip, "192.0.2.7"));
	assert_true(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	assert_string_equal(hit.entry, "192.0.2.7");
	assert_int_equal(hit.delay_ms, 0);
	assert_true(ip_parse(&ip, "192.0.2.8"));
	assert_true(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	assert_string_equal(hit.entry, "192.0.2.0/24");
	assert_false(hit.by_name);
	assert_int_equal(hit.delay_ms, 2000);
	assert_true(ip_parse(&ip, "::ffff:127.1.2.3"));
	assert_true(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	assert_string_equal(hit.entry, "127.0.0.0/8");
	assert_true(ip_parse(&ip, "2001:db8:5::9"));
	assert_true(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	assert_string_equal(hit.entry, "2001:db8::/32");
	assert_true(ip_parse(&ip, "198.51.100.1"));
	assert_false(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	assert_true(table_lookup_whitelist(&t, &ip, "mail.example.org", 16, &hit));
	assert_string_equal(hit.entry, "mail.example.org");
	assert_true(hit.by_name);
	assert_false(table_lookup_whitelist(&t, &ip, "google.com", 10, &hit));
	assert_true(table_lookup_whitelist(&t, &ip, "x.google.com", 12, &hit));
	assert_string_equal(hit.entry, ".google.com");
	assert_true(table_lookup_whitelist(&t, &ip, "a.b.mail.google.com", 19, &hit));
	assert_string_equal(hit.entry, ".mail.google.com");
	assert_false(table_lookup_whitelist(&t, &ip, "xgoogle.com", 11, &hit));
	assert_string_equal(t.error, "");
	table_close(&t);
	unlink(path);
}

static void test_bad_tables(void **state)
{
	static const char *const lines[] = {"127.0.0.0/8"};
	struct table t;
	int fd;
	(void)state;
	assert_false(table_open(&t, "/nonexistent/patterns.cdb", "patterns"));
	assert_string_equal(t.error, "unable to open /nonexistent/patterns.cdb: file does not exist");
	build("whitelist", lines, 1);
	assert_false(table_open(&t, path, "patterns"));
	assert_non_null(strstr(t.error, "not a greetwait patterns table"));
	/* garbage and a truncated cdb read as empty, never crash */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(write(fd, "+1,1:a->b\n\n", 11), 11);
	close(fd);
	assert_false(table_open(&t, path, "patterns"));
	assert_string_not_equal(t.error, "");
	unlink(path);
}

/* 1 when table_open refuses file with an error= of "what file: reason". */
static int refused(const char *file, const char *what, const char *reason)
{
	struct table t;
	char want[TABLE_ERROR_MAX];
	int r = table_open(&t, file, "patterns");
	snprintf(want, sizeof want, "%s %s: %s", what, file, reason);
	if (r)
		table_close(&t);
	if (r || strcmp(t.error, want))
		print_message("%s: opened %d, error \"%s\", wanted \"%s\"\n", file, r, t.error,
			      want);
	return !r && !strcmp(t.error, want);
}

static void test_open_not_regular(void **state)
{
	char fifo[64];
	(void)state;
	strcpy(fifo, "/tmp/greetwait-test-XXXXXX");
	assert_non_null(mkdtemp(fifo));
	assert_true(refused(fifo, "unable to use", "not a regular file"));
	strcat(fifo, "/fifo");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* without O_NONBLOCK, open(2) would wait for a writer: the alarm ends the test */
	alarm(5);
	assert_true(refused(fifo, "unable to use", "not a regular file"));
	alarm(0);
	unlink(fifo);
	*strrchr(fifo, '/') = 0;
	rmdir(fifo);
}

/* 100,000 rules of the shapes the defaults use, each under its own ISP
 * domain or keyword: a lookup tries the same few globs as with 10. */
static void test_cost_independent_of_size(void **state)
{
	/* each hits one rule present in both tables (rules 5 to 9) */
	static const char *const names[] = {"x-1-2-3-4.pool.isp5.example.net", "a.kw6.example.net",
					    "abxq7cd.example.net", "host12.isp8.example.com",
					    "a-host9-b.big.example"};
	unsigned long tested[2][5];
	size_t sizes[2] = {10, 100000};
	(void)state;
	for (int s = 0; s < 2; s++) {
		char **lines = calloc(sizes[s], sizeof *lines);
		struct pattern_hit hit;
		for (size_t k = 0; k < sizes[s]; k++) {
			lines[k] = malloc(80);
			switch (k % 5) {
			case 0: snprintf(lines[k], 80, "*-#-#-#-#.pool.isp%zu.example.net pool", k); break;
			case 1: snprintf(lines[k], 80, "*.kw%zu.* dynamic", k); break;
			case 2: snprintf(lines[k], 80, "*xq%zu* dynamic", k); break;
			case 3: snprintf(lines[k], 80, "host#.isp%zu.example.com static", k); break;
			default: snprintf(lines[k], 80, "*-host%zu-*.big.example shared", k); break;
			}
		}
		build("patterns", (const char *const *)lines, sizes[s]);
		for (int n = 0; n < 5; n++) {
			assert_true(lookup_pattern(names[n], "192.0.2.7", &hit));
			tested[s][n] = hit.tested;
		}
		unlink(path);
		for (size_t k = 0; k < sizes[s]; k++)
			free(lines[k]);
		free(lines);
	}
	for (int n = 0; n < 5; n++) {
		print_message("%s: %lu globs tried with 10 rules, %lu with 100000\n", names[n],
			      tested[0][n], tested[1][n]);
		assert_true(tested[1][n] <= 3);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_patterns_first_match_wins),
	    cmocka_unit_test(test_whitelist),
	    cmocka_unit_test(test_bad_tables),
	    cmocka_unit_test(test_open_not_regular),
	    cmocka_unit_test(test_cost_independent_of_size),
	};
	return cmocka_run_group_tests_name("table", tests, 0, 0);
}
