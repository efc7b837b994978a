/* table_make: write the patterns and whitelist tables greetwait reads
 * (table.h describes their keys and values), for greetwait-rules. */
#ifndef TABLE_MAKE_H
#define TABLE_MAKE_H

#include <stddef.h>

#include "uint32.h"

struct rule_pattern;
struct rule_whitelist;

#define TABLE_MAKE_BUFFER  65536
#define TABLE_MAKE_CROWDED (-2) /* table_make_pattern: see there */
#define TABLE_MAKE_BATCH   64   /* table_make_patterns: at most this many at once */

/* A table being written: its records stream to the file as they come;
 * of each, only its hash and position (8 bytes) are kept, for the cdb's
 * hash tables table_make_finish writes; of each key patterns are filed
 * under, 4 to 8 bytes (8 more for a key globs share). */
struct table_make {
	int fd;
	int patterns;                        /* 1 for a patterns table, 0 for a whitelist */
	int write_errno;                     /* the first write that failed, or 0 */
	unsigned long long pos;              /* where the next record goes */
	unsigned long long written, started; /* bytes written, and sent to the disk */
	unsigned long records;
	struct table_hp {
		uint32 h, p;
	} * list; /* each record's hash and position */
	size_t room;
	uint32 per_table[256]; /* records in each of the cdb's 256 hash tables */
	/* the globs filed under each key so far, by the key's cdb hash
	 * (table_make.c) */
	uint32 *set;
	size_t slots, used;
	struct table_load {
		uint32 h, n;
	} * more;
	size_t more_slots, more_used;
	uint32 last;                   /* the cdb hash of the key last asked about */
	unsigned char v4[33], v6[129]; /* the whitelist's prefix lengths present */
	size_t fill;
	char buf[TABLE_MAKE_BUFFER];
};

/* Writing: start, add entries in source order, finish.  Each returns -1
 * with errno set once any write has failed (or memory ran out); one
 * table at a time per struct.  fd must be open for writing, at offset 0. */
int table_make_start(struct table_make *m, int fd, const char *kind);
/* File a pattern (as rules_parse_pattern gave it) under its key
 * (pattern_key, steered by the globs filed so far); 0, or
 * TABLE_MAKE_CROWDED when every key it could go under holds
 * TABLE_KEY_GLOBS_MAX globs already (nothing is written). */
int table_make_pattern(struct table_make *m, unsigned long order, const struct rule_pattern *r);
/* The same for n (at most TABLE_MAKE_BATCH) patterns in source order, as
 * if each were given to table_make_pattern in turn, but faster; *done says
 * how many were filed (on TABLE_MAKE_CROWDED, the index of the one not). */
int table_make_patterns(struct table_make *m, const unsigned long *order,
			const struct rule_pattern *r, size_t n, size_t *done);
int table_make_whitelist(struct table_make *m, const struct rule_whitelist *r);
/* Write the hash tables and the header; frees what m holds, also on failure. */
int table_make_finish(struct table_make *m);
/* Free what m holds without finishing (after a failure elsewhere). */
void table_make_free(struct table_make *m);

#endif
