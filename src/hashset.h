/* hashset: the two sets greetwait-stats counts distinct things with.
 * strset interns byte strings (addresses, why values, HELO names) and
 * numbers them 0, 1, 2, ... in order of first sight; u64set remembers
 * 64-bit keys (pairs of such numbers). Open addressing, grown by doubling;
 * every allocation is checked and reported as -1. */
#ifndef HASHSET_H
#define HASHSET_H

#include <stddef.h>
#include <stdint.h>

struct strset {
  uint32_t *slots;        /* index + 1 of the entry, 0 for empty */
  size_t nslots;
  size_t *offsets;        /* entry i's bytes start at arena + offsets[i] */
  uint32_t *lengths;
  uint32_t *hashes;
  size_t count, cap;
  char *arena;
  size_t arenalen, arenacap;
};

struct u64set {
  uint64_t *slots;        /* key + 1, 0 for empty */
  size_t nslots, count;
};

void strset_init(struct strset *set);
long strset_add(struct strset *set, const char *s, size_t len, int *isnew);
const char *strset_key(const struct strset *set, size_t index, size_t *len);
void strset_free(struct strset *set);

void u64set_init(struct u64set *set);
int u64set_add(struct u64set *set, uint64_t key);
void u64set_free(struct u64set *set);

#endif
