/* table_make: write the patterns and whitelist tables greetwait reads
 * (table.h describes their keys and values), for greetwait-rules. */
#ifndef TABLE_MAKE_H
#define TABLE_MAKE_H

#include "cdb_make.h"

struct rule_pattern;
struct rule_whitelist;

/* Writing: start, add entries in source order, finish.  -1 with errno set once
 * any write has failed, even one libowfat's cdb_make let pass; one table at a time. */
int table_make_start(struct cdb_make *m, int fd, const char *kind);
/* counts: see pattern_key(); may be 0. */
int table_make_pattern(struct cdb_make *m, unsigned long order, const struct rule_pattern *r,
		       const unsigned int *counts);
/* Whitelist prefix lengths seen so far, written by table_make_finish. */
struct table_bits {
	unsigned char v4[33], v6[129];
};
int table_make_whitelist(struct cdb_make *m, struct table_bits *bits,
			 const struct rule_whitelist *r);
int table_make_finish(struct cdb_make *m, const struct table_bits *bits);

#endif
