/* table: reading the patterns and whitelist cdb files, whose format is
 * below (greetwait-rules writes them with table_make.h).
 * A table that is missing, not a regular file, of the wrong kind or
 * corrupt reads as empty, and says why in table->error.  Corrupt means a
 * header that does not fit the file's size (table_check_layout), a record
 * outside the records, or a value greetwait-rules would not have written:
 * table text reaches the log, so it passes the same checks as a source line.
 *
 * Keys: "!greetwait2" holds a patterns table's kind and format
 * ("patterns 2"), "!greetwait" a whitelist's ("whitelist 1"; "patterns 1"
 * in the patterns tables before issue 12, which filed globs under other
 * keys: read as empty, "rebuild it").  Patterns are filed under
 * pattern_key() with the value "ORDER DELAY CLASS GLOB" (ORDER the source
 * line, DELAY in ms, "-" or "s"), at most TABLE_KEY_GLOBS_MAX under one
 * key: a lookup reads at most that many records for each key it probes.
 * "!filter" holds a filter of the keys present (table_filter_spot): a
 * bit pair in one of its 64-bit words for each key (256 parts), so that a lookup
 * asks the cdb only for the keys it may hold, however big the table.
 * Whitelist: "a" + canonical network "/" bits, "n" + name, "d" + domain,
 * each with the value "DELAY ENTRY"; "!bits4" and "!bits6" list the prefix
 * lengths present, longest first, so a lookup probes only those. */
#ifndef TABLE_H
#define TABLE_H

#include <stddef.h>

#include "cdb.h"
#include "uint32.h"

#include "pattern.h"
#include "rules.h"

struct ip;

#define TABLE_ERROR_MAX     200
#define TABLE_KIND_KEY      "!greetwait"
#define TABLE_FORMAT_KEY    "!greetwait2"
#define TABLE_KEY_GLOBS_MAX 64
#define TABLE_VALUE_MAX     (20 + 1 + 20 + 1 + RULES_CLASS_MAX + 1 + PATTERN_GLOB_MAX)
#define TABLE_ENTRY_MAX     (PATTERN_NAME_MAX + 2)
#define TABLE_HEADER        2048 /* a cdb's 256 (position, slots) pairs, one per hash table */

struct table {
	struct cdb cdb;
	int fd;                          /* -1 when there is no usable table */
	uint32 records_end;              /* the records lie in [TABLE_HEADER, records_end) */
	uint32 filter_pos, filter_words; /* the "!filter" record; 0 words: none */
	const char *path;
	char error[TABLE_ERROR_MAX]; /* "" when all went well */
};

struct pattern_hit {
	unsigned long order;    /* source line: the lowest wins */
	unsigned long delay_ms; /* RULES_DELAY_LONG for the long delay */
	char class[RULES_CLASS_MAX + 1];
	unsigned long tested; /* globs tried during the lookup */
};

struct whitelist_hit {
	unsigned long delay_ms;
	int by_name; /* a name or .domain entry, not an address: trust needs FCrDNS */
	char entry[TABLE_ENTRY_MAX];
};

/* Open path as a table of the given kind ("patterns" or "whitelist");
 * 1 when usable, 0 (and t->error set) when it reads as empty.  Never
 * waits: a FIFO at path is not a regular file. */
int table_open(struct table *t, const char *path, const char *kind);
void table_close(struct table *t);
/* 0 when the header (TABLE_HEADER bytes; may be 0 if size is less) fits
 * a cdb of size bytes, else what is wrong.  It fits when the 256 hash
 * tables lie back to back after the records, in order, and the last one
 * ends where the file ends, as djb's cdb_make and TinyCDB write them;
 * *records_end is then where the first one starts. */
const char *table_check_layout(const char *header, unsigned long long size, uint32 *records_end);
/* 1 and *hit filled when a pattern matches the lower-case name. */
int table_lookup_pattern(struct table *t, const char *name, size_t len, const struct ipforms *forms,
			 struct pattern_hit *hit);
/* 1 and *hit filled when ip (if ip->len) or the lower-case name (if len) is listed. */
int table_lookup_whitelist(struct table *t, const struct ip *ip, const char *name, size_t len,
			   struct whitelist_hit *hit);

#define TABLE_FILTER_KEY "!filter"
/* A key's cdb hash (djb's: libowfat's cdb_hash calls the out-of-line
 * cdb_hashadd for every byte, a fifth of a build's time). */
uint32 table_hash(const char *key, size_t len);
/* Where a key of cdb hash h lies in a filter of words 64-bit words (each
 * stored little-endian; a multiple of 256): the word, in the 256th part
 * of the filter for the cdb hash table the key is in (h's low byte, so
 * that the filter is built a part at a time), and the two bits of it
 * (mask) set. */
void table_filter_spot(uint32 h, uint32 words, uint32 *word, unsigned long long *mask);

/* The whitelist key of an address prefix ("a" + network "/" bits) into
 * key (IP_FMT + 6 bytes); its length.  table_make files entries under it. */
size_t table_address_key(char *key, const struct ip *net, unsigned int bits);

#endif
