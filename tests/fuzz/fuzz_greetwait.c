/* libFuzzer target for everything greetwait reads from outside: source
 * lines, PTR names against globs, addresses, log quoting, and damaged cdb
 * tables.  The first byte picks what the rest of the input is. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ip.h"
#include "logline.h"
#include "pattern.h"
#include "rules.h"
#include "table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[4096], out[LOGLINE_MAX + 2];
	struct ip ip;
	struct ipforms forms;
	const char *why;
	if (size < 1 || size > sizeof buf - 1)
		return 0;
	memcpy(buf, data + 1, size - 1);
	buf[size - 1] = 0;
	ip_parse(&ip, "192.0.2.7");
	ipforms_build(&forms, &ip);
	switch (data[0] % 5) {
	case 0: { /* a patterns line: if it parses, it files and matches */
		struct rule_pattern r;
		char key[PATTERN_GLOB_MAX + 2];
		if (rules_parse_pattern(buf, size - 1, &r, &why) == 1) {
			pattern_key(key, r.glob, strlen(r.glob), 0);
			pattern_match(r.glob, strlen(r.glob), "dsl-192-0-2-7.example.net", 25, &forms);
		}
		break;
	}
	case 1: { /* a whitelist line */
		struct rule_whitelist r;
		if (rules_parse_whitelist(buf, size - 1, &r, &why) == 1)
			rules_whitelist_entry(out, &r);
		break;
	}
	case 2: { /* glob NUL name */
		size_t glen = strnlen(buf, size - 1);
		const char *name = buf + glen + (glen < size - 1);
		size_t nlen = strlen(name);
		struct pattern_probe p;
		char key[PATTERN_NAME_MAX + 2];
		if (!pattern_check(buf, glen) && nlen <= PATTERN_NAME_MAX) {
			pattern_match(buf, glen, name, nlen, &forms);
			pattern_probe_start(&p, name, nlen);
			while (pattern_probe_next(&p, key))
				;
		}
		break;
	}
	case 3: { /* an address from the environment, and a log line */
		struct logline l = {.pid = 1, .ip = "x", .host = buf, .hostlen = size - 1,
				    .why = "default", .result = "pregreet", .data = buf,
				    .datalen = size - 1 > 100 ? 100 : size - 1, .error = buf};
		if (ip_parse(&ip, buf))
			ip_format(out, &ip);
		logline_format(out, &l);
		break;
	}
	default: { /* the bytes as a cdb table */
		static char path[64];
		struct table t;
		struct pattern_hit ph;
		struct whitelist_hit wh;
		FILE *f;
		if (!*path)
			snprintf(path, sizeof path, "/tmp/greetwait-fuzz-%d.cdb", (int)getpid());
		if (!(f = fopen(path, "w")))
			return 0;
		fwrite(data + 1, 1, size - 1, f);
		fclose(f);
		if (table_open(&t, path, "patterns")) {
			table_lookup_pattern(&t, "dsl-192-0-2-7.example.net", 25, &forms, &ph);
			table_close(&t);
		}
		if (table_open(&t, path, "whitelist")) {
			table_lookup_whitelist(&t, &ip, "mail.example.org", 16, &wh);
			table_close(&t);
		}
		break;
	}
	}
	return 0;
}
