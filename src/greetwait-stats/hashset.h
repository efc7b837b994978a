/* hashset: the two sets greetwait-stats counts distinct things with.
 * strset interns byte strings (addresses, why values, HELO names) and
 * numbers them 0, 1, 2, ... in order of first sight; u64set remembers
 * 64-bit keys (pairs of such numbers). Open addressing, grown by doubling;
 * every allocation is checked and reported as -1. A key's bytes may move
 * when the set grows: use strset_key's pointer before the next add. */
#ifndef HASHSET_H
#define HASHSET_H

#include <stddef.h>
#include <stdint.h>

#define STRSET_INLINE 16 /* keys this short live in the entry itself */

struct strset_entry {
	uint32_t length, hash;
	union {
		char bytes[STRSET_INLINE];
		size_t offset; /* longer keys start at arena + offset */
	} key;
};

/* A slot holds a short key itself, so a lookup touches one cache line. */
struct strset_slot {
	uint32_t hash, index; /* index + 1 of the entry, 0 for empty */
	uint32_t length;
	char bytes[20];
};

struct strset {
	struct strset_slot *slots;
	size_t nslots;
	struct strset_entry *entries; /* in order of first sight */
	size_t count, cap;
	char *arena; /* the bytes of the keys longer than STRSET_INLINE */
	size_t arenalen, arenacap;
};

struct u64set {
	uint64_t *slots; /* key + 1, 0 for empty */
	size_t nslots, count;
};

void strset_init(struct strset *set);
long strset_add(struct strset *set, const char *s, size_t len, int *isnew);
const char *strset_key(const struct strset *set, size_t index, size_t *len);
long strset_find(const struct strset *set, const char *s, size_t len);
void strset_prefetch(const struct strset *set, const char *s, size_t len);
void strset_free(struct strset *set);

void u64set_init(struct u64set *set);
int u64set_add(struct u64set *set, uint64_t key);
void u64set_free(struct u64set *set);

#endif
