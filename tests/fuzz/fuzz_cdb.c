/* libFuzzer target for the cdb reader on damaged tables (src/lib/table.c):
 * the input after its first byte is written as a file, opened as a
 * patterns table and as a whitelist, and looked up with names and
 * addresses like the seeds' (tests/fuzz/corpus/cdb: tables greetwait-rules
 * wrote).  Whatever the bytes, a lookup must not crash and what it reports
 * must be well formed; a table that is not one reads as empty.  The
 * struct table starts as greetwait's do, on the stack with whatever bytes
 * were there: here its cdb's map points at a page of the harness's own,
 * which table_open must leave alone (libowfat's cdb_init begins with
 * cdb_free, which unmaps whatever map holds). */
#include <stdint.h>

#include "fuzz.h"
#include "ip.h"
#include "pattern.h"
#include "table.h"

static const char *const names[] = {"dsl-192-0-2-7.example.net",
				    "7.2.0.192.dyn.example.net",
				    "host-1-2-3-4.pool.example.net",
				    "mail.example.org",
				    "a.mail.google.com",
				    "c0000207.example.net",
				    "x",
				    ""};
static const char *const addresses[] = {"192.0.2.7", "127.0.0.1", "::1", "2001:db8::7", "10.1.2.3"};

/* A class as the rules allow it: 1 to 32 of a-z 0-9 - _. */
static int class_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > RULES_CLASS_MAX)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

static char *page; /* a mapping of the harness's own */
static size_t pagesize;

/* Give t the bytes of a table that was never opened: its map points at page. */
static void garbage(struct table *t)
{
	memset(t, 0xa5, sizeof *t);
	t->cdb.map = page;
	t->cdb.size = (uint32)pagesize;
}

#define CANARY "greetwait fuzz: the harness's own page"

/* table_open left page mapped, and as it was (the kernel may map the
 * table where page was). */
static void check_page(void)
{
	unsigned char v;
	FUZZ_CHECK(mincore(page, pagesize, &v) == 0 && !memcmp(page, CANARY, sizeof CANARY),
		   "table_open does not unmap memory its uninitialised struct pointed at");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[32];
	struct table t;
	struct ip ip;
	struct ipforms forms;
	if (size < 1 || fuzz_file(data + 1, size - 1, path) == -1)
		return 0;
	if (!page) {
		pagesize = (size_t)sysconf(_SC_PAGESIZE);
		page =
		    mmap(0, pagesize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		FUZZ_CHECK(page != MAP_FAILED, "the harness has its page");
		memcpy(page, CANARY, sizeof CANARY);
	}
	FUZZ_CHECK(ip_parse(&ip, addresses[data[0] % 5]), "the addresses parse");
	ipforms_build(&forms, &ip);
	garbage(&t);
	if (table_open(&t, path, "patterns")) {
		check_page();
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			struct pattern_hit hit;
			if (table_lookup_pattern(&t, names[k], strlen(names[k]), &forms, &hit)) {
				FUZZ_CHECK(class_ok(hit.class), "a pattern hit has a class");
				FUZZ_CHECK(hit.tested >= 1, "a pattern hit tested a glob");
				FUZZ_CHECK(hit.delay_ms == RULES_DELAY_LONG ||
					       hit.delay_ms == RULES_DELAY_SHORT ||
					       hit.delay_ms < 1000000000UL,
					   "a pattern hit's delay is a number the table can hold");
			}
		}
		table_close(&t);
	} else
		FUZZ_CHECK(t.error[0] && t.fd == -1, "a table that cannot be used says why");
	check_page();
	garbage(&t);
	if (table_open(&t, path, "whitelist")) {
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
			struct whitelist_hit hit;
			struct ip none = {{0}, 0};
			const struct ip *a = k % 2 ? &ip : &none;
			if (table_lookup_whitelist(&t, a, names[k], strlen(names[k]), &hit))
				FUZZ_CHECK(hit.entry[0] && strlen(hit.entry) < TABLE_ENTRY_MAX,
					   "a whitelist hit names its entry");
		}
		table_close(&t);
	} else
		FUZZ_CHECK(t.error[0] && t.fd == -1, "a table that cannot be used says why");
	check_page();
	return 0;
}
