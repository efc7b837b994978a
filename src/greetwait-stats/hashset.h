/* hashset: the two sets greetwait-stats counts distinct things with.
 * strset interns byte strings (addresses, why values, HELO names) and
 * numbers them 0, 1, 2, ... in order of first sight; u64set remembers
 * 64-bit keys (pairs of such numbers). Open addressing, grown by doubling;
 * every allocation is checked and reported as -1. A key's bytes may move
 * when the set grows: use strset_key's pointer before the next add.
 * Keys and their records take at most 4 GB in all (the next add fails). */
#ifndef HASHSET_H
#define HASHSET_H

#include <stddef.h>
#include <stdint.h>

/* A slot is 8 bytes: the key's hash and where its record starts in the
 * arena, + 1 (0 for empty); a record is the key's number, its length
 * (4 bytes each), its bytes and a NUL.  Each key's bytes are kept once, and a
 * million addresses take 16 MB of slots (32-byte slots holding short
 * keys, and 24-byte entries holding them again, took 89 MB).  A lookup
 * reads the slot, then the record: strset_prefetch_key fetches the one
 * when the other is there. */
struct strset_slot {
	uint32_t hash, at;
};

struct strset {
	struct strset_slot *slots;
	size_t nslots;
	uint32_t *records; /* per number, where its record starts in the arena */
	size_t count, cap;
	char *arena;
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
void strset_prefetch_key(const struct strset *set, const char *s, size_t len);
void strset_free(struct strset *set);

void u64set_init(struct u64set *set);
int u64set_add(struct u64set *set, uint64_t key);
void u64set_free(struct u64set *set);

#endif
