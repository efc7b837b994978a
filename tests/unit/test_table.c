/* table: cdb files written by table_make_* read back by table_lookup_*;
 * a lookup tries as few globs with 100,000 rules as with 10; a table
 * whose header does not fit its size, that is no regular file, or whose
 * records another tool filled with text greetwait-rules refuses, reads as
 * empty with the reason in t.error. */
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

#include "cdb_make.h"
#include "table.h"
#include "table_make.h"
#include "uint32.h"

static char path[64];

/* Write a table of the given kind from source lines. */
static void build(const char *kind, const char *const *lines, size_t n)
{
	static struct table_make m;
	int fd;
	strcpy(path, "/tmp/greetwait-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(table_make_start(&m, fd, kind), 0);
	for (size_t k = 0; k < n; k++) {
		const char *why;
		if (*kind == 'p') {
			struct rule_pattern r;
			assert_int_equal(rules_parse_pattern(lines[k], strlen(lines[k]), &r, &why),
					 1);
			assert_int_equal(table_make_pattern(&m, k + 1, &r), 0);
		} else {
			struct rule_whitelist r;
			assert_int_equal(
			    rules_parse_whitelist(lines[k], strlen(lines[k]), &r, &why), 1);
			assert_int_equal(table_make_whitelist(&m, &r), 0);
		}
	}
	assert_int_equal(table_make_finish(&m), 0);
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
	    "smtp.example.com mailname short",
	};
	struct pattern_hit hit;
	(void)state;
	build("patterns", lines, 6);
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
	assert_true(lookup_pattern("smtp.example.com", "192.0.2.7", &hit));
	assert_int_equal(hit.delay_ms, RULES_DELAY_SHORT);
	assert_false(lookup_pattern("mail.example.org", "192.0.2.7", &hit));
	unlink(path);
}

/* Word globs are filed under their letters ("acm"), which a name's lookup
 * probes; an earlier mail-word rule spares a name a later one catches. */
static void test_patterns_words(void **state)
{
	static const char *const lines[] = {
	    "*<mail*  mailname  1",
	    "*{ip}*  ipname",
	    "*<cm>?*  cable",
	    "*dsl>*  dsl",
	};
	struct pattern_hit hit;
	(void)state;
	build("patterns", lines, 4);
	assert_true(lookup_pattern("cm114.gamma208.example.sg", "192.0.2.7", &hit));
	assert_string_equal(hit.class, "cable");
	assert_true(lookup_pattern("x.adsl.example.net", "192.0.2.7", &hit));
	assert_string_equal(hit.class, "dsl");
	assert_false(lookup_pattern("host.example.cm", "192.0.2.7", &hit));
	assert_false(lookup_pattern("x.dslextreme.example", "192.0.2.7", &hit));
	assert_true(lookup_pattern("7.sub-192-0-2.example.net", "192.0.2.7", &hit));
	assert_string_equal(hit.class, "ipname");
	assert_true(lookup_pattern("66-220-155-151.mail-mail.example.com", "66.220.155.151", &hit));
	assert_string_equal(hit.class, "mailname");
	assert_int_equal(hit.delay_ms, 1000);
	unlink(path);
}

static void test_whitelist(void **state)
{
	static const char *const lines[] = {
	    "127.0.0.0/8",           "192.0.2.0/24 2",     "192.0.2.7",
	    "2001:db8::/32",         "mail.example.org 1", ".google.com 0.5",
	    ".mail.google.com 0.25",
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
	assert_string_equal(t.error,
			    "unable to open /nonexistent/patterns.cdb: file does not exist");
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

/* A cdb header: table i at pos[i] with slots[i] slots. */
static void header(char *h, const uint32 *pos, const uint32 *slots)
{
	for (int i = 0; i < 256; i++) {
		uint32_pack(h + 8 * i, pos[i]);
		uint32_pack(h + 8 * i + 4, slots[i]);
	}
}

/* Hash tables back to back from first, as cdbmake lays them out; returns their end. */
static unsigned long long lay_out(uint32 *pos, const uint32 *slots, uint32 first)
{
	unsigned long long at = first;
	for (int i = 0; i < 256; i++) {
		pos[i] = (uint32)at;
		at += slots[i] * 8ULL;
	}
	return at;
}

static void test_layout(void **state)
{
	static char h[TABLE_HEADER];
	uint32 pos[256], slots[256] = {0}, end = 1;
	unsigned long long size;
	(void)state;
	/* an empty cdb: the header alone, every table empty */
	lay_out(pos, slots, TABLE_HEADER);
	header(h, pos, slots);
	assert_null(table_check_layout(h, TABLE_HEADER, &end));
	assert_int_equal(end, TABLE_HEADER);
	/* 100 bytes of records, two tables in use */
	slots[3] = 4;
	slots[200] = 2;
	size = lay_out(pos, slots, TABLE_HEADER + 100);
	header(h, pos, slots);
	assert_null(table_check_layout(h, size, &end));
	assert_int_equal(end, TABLE_HEADER + 100);
	/* the same header over a file 10 bytes short, or 8 bytes long */
	assert_string_equal(table_check_layout(h, size - 10, &end), "corrupt cdb: truncated");
	assert_string_equal(table_check_layout(h, size + 8, &end),
			    "corrupt cdb: bytes after the last hash table");
	/* no room for the header; the header's tail missing; too large for cdb */
	assert_string_equal(table_check_layout(0, 0, &end),
			    "corrupt cdb: shorter than its 2048-byte header");
	assert_string_equal(table_check_layout(h, TABLE_HEADER - 1, &end),
			    "corrupt cdb: shorter than its 2048-byte header");
	assert_string_equal(table_check_layout(h, 0x100000000ULL, &end),
			    "corrupt cdb: larger than 4 GiB");
	/* a table pointing past the end of the file */
	pos[255] = (uint32)size + 4096;
	header(h, pos, slots);
	assert_string_equal(table_check_layout(h, size, &end),
			    "corrupt cdb: hash tables out of place");
	/* a gap between two tables, and two tables overlapping */
	lay_out(pos, slots, TABLE_HEADER + 100);
	pos[4] += 8;
	header(h, pos, slots);
	assert_string_equal(table_check_layout(h, size + 8, &end),
			    "corrupt cdb: hash tables out of place");
	pos[4] -= 16;
	header(h, pos, slots);
	assert_string_equal(table_check_layout(h, size - 8, &end),
			    "corrupt cdb: hash tables out of place");
	/* the first table inside the header */
	size = lay_out(pos, slots, TABLE_HEADER - 8);
	header(h, pos, slots);
	assert_string_equal(table_check_layout(h, size, &end),
			    "corrupt cdb: hash table inside the header");
	/* two tables of 4 GiB each: a 32-bit sum would see them end at 2048 */
	memset(slots, 0, sizeof slots);
	slots[0] = 0x20000000;
	slots[1] = 0x20000000;
	lay_out(pos, slots, TABLE_HEADER);
	header(h, pos, slots);
	assert_string_equal(table_check_layout(h, TABLE_HEADER, &end),
			    "corrupt cdb: hash tables out of place");
}

/* Copy path to a new temporary file cut to len bytes (at most its size); returns its name. */
static const char *cut_copy(size_t len)
{
	static char copy[64];
	static char bytes[1 << 20];
	int in = open(path, O_RDONLY), out;
	ssize_t n = read(in, bytes, sizeof bytes);
	assert_true(n > 0 && (size_t)n < sizeof bytes);
	close(in);
	strcpy(copy, "/tmp/greetwait-test-XXXXXX");
	out = mkstemp(copy);
	assert_true(out >= 0);
	assert_int_equal(write(out, bytes, len < (size_t)n ? len : (size_t)n),
			 len < (size_t)n ? len : (size_t)n);
	close(out);
	return copy;
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

static void test_open_checks_layout(void **state)
{
	static const char *const lines[] = {"*dsl*  dynamic", "*.dyn.*  dynamic", "*{ip}*  ipname"};
	struct pattern_hit hit;
	struct stat st;
	const char *copy;
	(void)state;
	build("patterns", lines, 3);
	assert_int_equal(stat(path, &st), 0);
	assert_true(lookup_pattern("dsl-1.example.net", "192.0.2.7", &hit));
	copy = cut_copy((size_t)st.st_size - 10);
	assert_true(refused(copy, "unable to read", "corrupt cdb: truncated"));
	unlink(copy);
	copy = cut_copy(1000);
	assert_true(
	    refused(copy, "unable to read", "corrupt cdb: shorter than its 2048-byte header"));
	unlink(copy);
	copy = cut_copy(0);
	assert_true(
	    refused(copy, "unable to read", "corrupt cdb: shorter than its 2048-byte header"));
	unlink(copy);
	/* the whole file, then its last table's entry moved past the end */
	copy = cut_copy((size_t)st.st_size);
	{
		char entry[8];
		struct table t;
		int fd = open(copy, O_WRONLY);
		assert_true(table_open(&t, copy, "patterns"));
		table_close(&t);
		uint32_pack(entry, (uint32)st.st_size + 4096);
		uint32_pack(entry + 4, 2);
		assert_int_equal(pwrite(fd, entry, 8, 255 * 8), 8);
		close(fd);
	}
	assert_true(refused(copy, "unable to read", "corrupt cdb: hash tables out of place"));
	unlink(copy);
	unlink(path);
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

/* Write a table of kind as another tool could: the kind record (the key
 * and value given, or greetwait-rules' own if key is 0), then each key
 * with its value, as given. */
static void build_raw_as(const char *kind_key, const char *kind_value, const char *const *keys,
			 const size_t *klen, const char *const *values, size_t n)
{
	struct cdb_make m;
	int fd;
	strcpy(path, "/tmp/greetwait-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_true(cdb_make_start(&m, fd) != -1);
	assert_int_equal(cdb_make_add(&m, (const unsigned char *)kind_key, strlen(kind_key),
				      (const unsigned char *)kind_value, strlen(kind_value)),
			 0);
	for (size_t k = 0; k < n; k++)
		assert_int_equal(cdb_make_add(&m, (const unsigned char *)keys[k], klen[k],
					      (const unsigned char *)values[k], strlen(values[k])),
				 0);
	assert_int_equal(cdb_make_finish(&m), 0);
	close(fd);
}

static void build_raw(const char *kind, const char *const *keys, const size_t *klen,
		      const char *const *values, size_t n)
{
	if (!strcmp(kind, "patterns"))
		build_raw_as(TABLE_FORMAT_KEY, "patterns 2", keys, klen, values, n);
	else
		build_raw_as(TABLE_KIND_KEY, "whitelist 1", keys, klen, values, n);
}

/* The class of the one "*dsl*" record value, as looked up for a dsl name: "" if none. */
static const char *dsl_class(const char *value, char *error)
{
	static struct pattern_hit hit;
	char key[PATTERN_GLOB_MAX + 2];
	const char *keys[1] = {key};
	size_t klen = pattern_key(key, "*dsl*", 5, 0, 0, 0);
	struct table t;
	struct ip ip;
	struct ipforms forms;
	build_raw("patterns", keys, &klen, &value, 1);
	assert_true(ip_parse(&ip, "192.0.2.7"));
	ipforms_build(&forms, &ip);
	assert_true(table_open(&t, path, "patterns"));
	if (!table_lookup_pattern(&t, "dsl-1.example.net", 17, &forms, &hit))
		hit.class[0] = 0;
	strcpy(error, t.error);
	table_close(&t);
	unlink(path);
	return hit.class;
}

/* The entry a whitelist of the one record key -> value gives 127.0.0.1
 * named mail.example.org: "" if none. */
static const char *whitelist_entry(const char *key, const char *value, char *error)
{
	static struct whitelist_hit hit;
	const char *keys[2] = {key, "!bits4"}, *values[2] = {value, "\x08"};
	size_t klen[2] = {strlen(key), 6};
	struct table t;
	struct ip ip;
	build_raw("whitelist", keys, klen, values, 2);
	assert_true(ip_parse(&ip, "127.0.0.1"));
	assert_true(table_open(&t, path, "whitelist"));
	if (!table_lookup_whitelist(&t, &ip, "mail.example.org", 16, &hit))
		hit.entry[0] = 0;
	strcpy(error, t.error);
	table_close(&t);
	unlink(path);
	return hit.entry;
}

/* Table text that reaches the log passes the checks greetwait-rules makes
 * of a source line; a record that fails is corrupt and not used. */
static void test_record_text_checked(void **state)
{
	static const char *const bad_classes[] = {
	    "1 - dyn\nfake=1\033[31m\007 *dsl*",
	    "1 - Dynamic *dsl*",
	    "1 - dyn\"amic *dsl*",
	    "1 - abcdefghijklmnopqrstuvwxyz0123456 *dsl*",
	    "1 - dynamic *DSL*",
	    "1 - dynamic *d\tsl*",
	};
	static const char *const bad_entries[][2] = {
	    {"a127.0.0.0/8", "0 127.0.0.0/8\nfake=1\033[31m\007"},
	    {"a127.0.0.0/8", "0 127.0.0.0/08"},
	    {"a127.0.0.0/8", "0 127.0.0.1/8"},
	    {"nmail.example.org", "0 mail.example.org\033"},
	    {"nmail.example.org", "0 Mail.example.org"},
	    {"dexample.org", "0 .example.org\r"},
	};
	char error[TABLE_ERROR_MAX], want[TABLE_ERROR_MAX];
	(void)state;
	assert_string_equal(dsl_class("1 - dynamic *dsl*", error), "dynamic");
	assert_string_equal(error, "");
	assert_string_equal(dsl_class("1 2500 dsl_2-x *dsl*", error), "dsl_2-x");
	for (size_t k = 0; k < sizeof bad_classes / sizeof bad_classes[0]; k++) {
		assert_string_equal(dsl_class(bad_classes[k], error), "");
		snprintf(want, sizeof want, "corrupt record in %s", path);
		assert_string_equal(error, want);
	}
	assert_string_equal(whitelist_entry("a127.0.0.0/8", "0 127.0.0.0/8", error), "127.0.0.0/8");
	assert_string_equal(error, "");
	assert_string_equal(whitelist_entry("nmail.example.org", "0 mail.example.org", error),
			    "mail.example.org");
	assert_string_equal(whitelist_entry("dexample.org", "0 .example.org", error),
			    ".example.org");
	for (size_t k = 0; k < sizeof bad_entries / sizeof bad_entries[0]; k++) {
		assert_string_equal(whitelist_entry(bad_entries[k][0], bad_entries[k][1], error),
				    "");
		snprintf(want, sizeof want, "corrupt record in %s", path);
		assert_string_equal(error, want);
	}
}

/* A hash slot that points past the records (here: at a well-formed record
 * hidden in the last hash table) is corrupt; libowfat checks only that
 * the record lies inside the file. */
static void test_record_outside_records(void **state)
{
	static const char *const lines[] = {"127.0.0.0/8"};
	char h[TABLE_HEADER], stray[40], slot[8];
	uint32 rpos, tpos, slots, hash, end, u;
	struct table t;
	struct whitelist_hit hit;
	struct ip ip;
	struct stat st;
	int fd;
	(void)state;
	build("whitelist", lines, 1);
	assert_true(ip_parse(&ip, "127.0.0.1"));
	assert_true(table_open(&t, path, "whitelist"));
	assert_true(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	/* where the record of "a127.0.0.0/8" lies, and the slot that points at it */
	assert_int_equal(cdb_find(&t.cdb, (const unsigned char *)"a127.0.0.0/8", 12), 1);
	rpos = cdb_datapos(&t.cdb) - 12 - 8;
	table_close(&t);
	fd = open(path, O_RDWR);
	assert_int_equal(fstat(fd, &st), 0);
	end = (uint32)st.st_size;
	assert_int_equal(pread(fd, h, sizeof h, 0), sizeof h);
	hash = cdb_hash((const unsigned char *)"a127.0.0.0/8", 12);
	uint32_unpack(h + 8 * (hash & 255), &tpos);
	uint32_unpack(h + 8 * (hash & 255) + 4, &slots);
	for (u = 0; u < slots; u++) {
		uint32 p;
		assert_int_equal(pread(fd, slot, 8, tpos + 8 * u), 8);
		uint32_unpack(slot + 4, &p);
		if (p == rpos)
			break;
	}
	assert_true(u < slots);
	/* the same record appended to the last hash table, the slot moved to it */
	uint32_pack(stray, 12);
	uint32_pack(stray + 4, 13);
	memcpy(stray + 8, "a127.0.0.0/8", 12);
	memcpy(stray + 20, "0 127.0.0.0/8", 13);
	memset(stray + 33, 0, 7);
	assert_int_equal(pwrite(fd, stray, sizeof stray, end), sizeof stray);
	uint32_unpack(h + 8 * 255 + 4, &slots);
	uint32_pack(h + 8 * 255 + 4, slots + sizeof stray / 8);
	assert_int_equal(pwrite(fd, h + 8 * 255, 8, 8 * 255), 8);
	uint32_pack(slot + 4, end);
	assert_int_equal(pwrite(fd, slot, 8, tpos + 8 * u), 8);
	close(fd);
	assert_true(table_open(&t, path, "whitelist"));
	assert_false(table_lookup_whitelist(&t, &ip, "", 0, &hit));
	assert_non_null(strstr(t.error, "corrupt record in "));
	table_close(&t);
	unlink(path);
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
			case 0:
				snprintf(lines[k], 80, "*-#-#-#-#.pool.isp%zu.example.net pool", k);
				break;
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

/* A patterns table of the format before issue 12 ("patterns 1", whose
 * globs lie under keys this lookup does not probe), or of one to come,
 * reads as empty and says so; so does a whitelist of a format to come. */
static void test_formats(void **state)
{
	const char *keys[1] = {"gdsl"}, *values[1] = {"1 - dsl *dsl*"};
	size_t klen[1] = {4};
	struct table t;
	char want[TABLE_ERROR_MAX];
	(void)state;
	build_raw_as(TABLE_KIND_KEY, "patterns 1", keys, klen, values, 1);
	assert_false(table_open(&t, path, "patterns"));
	snprintf(want, sizeof want,
		 "unable to use %s: a patterns table in a format this greetwait does not know: "
		 "rebuild it with its greetwait-rules",
		 path);
	assert_string_equal(t.error, want);
	unlink(path);
	build_raw_as(TABLE_FORMAT_KEY, "patterns 3", keys, klen, values, 1);
	assert_false(table_open(&t, path, "patterns"));
	snprintf(want, sizeof want,
		 "unable to use %s: a patterns table in a format this greetwait does not know: "
		 "rebuild it with its greetwait-rules",
		 path);
	assert_string_equal(t.error, want);
	unlink(path);
	build_raw_as(TABLE_KIND_KEY, "whitelist 2", keys, klen, values, 1);
	assert_false(table_open(&t, path, "whitelist"));
	assert_non_null(strstr(t.error, "a whitelist table in a format this greetwait does not"));
	unlink(path);
	/* a patterns table is no whitelist, nor the other way round */
	build_raw("patterns", keys, klen, values, 1);
	assert_false(table_open(&t, path, "whitelist"));
	assert_non_null(strstr(t.error, "not a greetwait whitelist table"));
	assert_true(table_open(&t, path, "patterns"));
	table_close(&t);
	unlink(path);
}

/* At most TABLE_KEY_GLOBS_MAX globs under one key: greetwait-rules
 * refuses the one more (writing nothing), and a lookup that meets more
 * (a table another tool made) reads the table as empty. */
static void test_key_cap(void **state)
{
	static struct table_make m;
	static const char *keys[TABLE_KEY_GLOBS_MAX + 1], *values[TABLE_KEY_GLOBS_MAX + 1];
	static size_t klen[TABLE_KEY_GLOBS_MAX + 1];
	static char globs[TABLE_KEY_GLOBS_MAX + 1][80];
	struct rule_pattern r;
	struct pattern_hit hit;
	struct table t;
	const char *why;
	int fd;
	(void)state;
	strcpy(path, "/tmp/greetwait-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(table_make_start(&m, fd, "patterns"), 0);
	/* globs with no literal run: all under the catch-all key */
	for (int k = 0; k <= TABLE_KEY_GLOBS_MAX; k++) {
		char line[80] = "*";
		for (int q = 0; q < k; q++)
			strcat(line, "?");
		strcat(line, "-{ip}* ipname");
		assert_int_equal(rules_parse_pattern(line, strlen(line), &r, &why), 1);
		assert_int_equal(table_make_pattern(&m, (unsigned long)k + 1, &r),
				 k < TABLE_KEY_GLOBS_MAX ? 0 : TABLE_MAKE_CROWDED);
	}
	assert_int_equal(table_make_finish(&m), 0);
	close(fd);
	assert_true(lookup_pattern("x-192-0-2-7.example.net", "192.0.2.7", &hit));
	assert_int_equal(hit.order, 1);
	assert_int_equal(hit.tested, 1);
	/* a name none matches tries all 64, and no more */
	assert_false(lookup_pattern("x.example.net", "192.0.2.7", &hit));
	assert_int_equal(hit.tested, TABLE_KEY_GLOBS_MAX);
	unlink(path);
	/* 65 records under one key, as another tool could write them */
	for (int k = 0; k <= TABLE_KEY_GLOBS_MAX; k++) {
		snprintf(globs[k], sizeof globs[k], "%d - dsl *dsl*", k + 1);
		keys[k] = "gdsl";
		klen[k] = 4;
		values[k] = globs[k];
	}
	build_raw("patterns", keys, klen, values, TABLE_KEY_GLOBS_MAX);
	assert_true(lookup_pattern("adsl.example.net", "192.0.2.7", &hit));
	unlink(path);
	build_raw("patterns", keys, klen, values, TABLE_KEY_GLOBS_MAX + 1);
	assert_true(table_open(&t, path, "patterns"));
	assert_false(table_lookup_pattern(&t, "adsl.example.net", 16, 0, &hit));
	assert_non_null(strstr(t.error, "more than 64 globs under one key"));
	table_close(&t);
	unlink(path);
}

/* A few thousand rules of each shape of issue 12, among them globs whose
 * only literal is a short run inside a label (`*dslN*`, `*xqN*`: keys of
 * three and six bytes) and digit-heavy names: a lookup tries as few globs
 * as with 10 rules, but for a name with short runs of its own (dsl99a),
 * whose keys of three bytes hold the few globs with no longer run (dsl12,
 * xq123): at most three more. */
static void test_cost_short_runs(void **state)
{
	static const char *const names[] = {"a.dyn.isp1.example",
					    "x-1-2-3-4.pool2.example",
					    "xdsl3y.example.net",
					    "a.cust.isp4.example.net",
					    "host-7.res5.example.com",
					    "x.cable6.example.net",
					    "ppp-1-2.dial7.example.org",
					    "x-192-0-2-7.bb8.example",
					    "ab.xq9z.example.net",
					    "mail.example.org",
					    "ip-10-123-45-67.static.isp7654321.example.org",
					    "dsl-123-45-67.pool77.example.net",
					    "q.xq12.dsl99a.example"};
	enum { SHAPES = 9, NAMES = sizeof names / sizeof names[0] };
	unsigned long tested[2][NAMES];
	int found[2][NAMES];
	size_t sizes[2] = {10, SHAPES * 3000};
	(void)state;
	for (int s = 0; s < 2; s++) {
		char **lines = calloc(sizes[s], sizeof *lines);
		struct pattern_hit hit;
		for (size_t k = 1; k <= sizes[s]; k++) {
			char *l = lines[k - 1] = malloc(80);
			switch ((k - 1) % SHAPES) {
			case 0: snprintf(l, 80, "*.dyn.isp%zu.example dynamic", k); break;
			case 1: snprintf(l, 80, "*-#-#-#-#.pool%zu.example pool", k); break;
			case 2: snprintf(l, 80, "*dsl%zu* dsl", k); break;
			case 3: snprintf(l, 80, "*.cust.isp%zu.example.net cust", k); break;
			case 4: snprintf(l, 80, "host-#.res%zu.example.com res 60", k); break;
			case 5: snprintf(l, 80, "*.cable%zu.example.net cable", k); break;
			case 6: snprintf(l, 80, "ppp-#-#.dial%zu.example.org dial", k); break;
			case 7: snprintf(l, 80, "*-{ip}.bb%zu.example bb", k); break;
			default: snprintf(l, 80, "*xq%zu* xq", k); break;
			}
		}
		build("patterns", (const char *const *)lines, sizes[s]);
		for (size_t n = 0; n < NAMES; n++) {
			found[s][n] = lookup_pattern(names[n], "192.0.2.7", &hit);
			tested[s][n] = hit.tested;
		}
		unlink(path);
		for (size_t k = 0; k < sizes[s]; k++)
			free(lines[k]);
		free(lines);
	}
	for (size_t n = 0; n < NAMES; n++) {
		print_message("%s: %lu globs tried with 10 rules, %lu with %zu\n", names[n],
			      tested[0][n], tested[1][n], sizes[1]);
		assert_true(tested[1][n] <= tested[0][n] + (n == NAMES - 1 ? 3 : 0));
		/* the first nine hit the rule of their shape both tables hold */
		if (n < 9)
			assert_true(found[0][n] && found[1][n]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_patterns_first_match_wins),
	    cmocka_unit_test(test_patterns_words),
	    cmocka_unit_test(test_whitelist),
	    cmocka_unit_test(test_bad_tables),
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_open_checks_layout),
	    cmocka_unit_test(test_open_not_regular),
	    cmocka_unit_test(test_record_text_checked),
	    cmocka_unit_test(test_record_outside_records),
	    cmocka_unit_test(test_cost_independent_of_size),
	    cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_key_cap),
	    cmocka_unit_test(test_cost_short_runs),
	};
	return cmocka_run_group_tests_name("table", tests, 0, 0);
}
