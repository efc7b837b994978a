/* hashset: string interning and 64-bit key sets for counting. */
#include <stdlib.h>
#include <string.h>
#include "grow.h"
#include "hashset.h"

/* FNV-1a over the bytes. */
static uint32_t hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	while (len--)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* An empty string set. */
void strset_init(struct strset *set) { memset(set, 0, sizeof *set); }

/* The record that starts at arena + at: its number and length, then the
 * key's bytes. */
static uint32_t record_number(const struct strset *set, uint32_t at)
{
	uint32_t v;
	memcpy(&v, set->arena + at, 4);
	return v;
}

static uint32_t record_length(const struct strset *set, uint32_t at)
{
	uint32_t v;
	memcpy(&v, set->arena + at + 4, 4);
	return v;
}

/* Rebuild the slot table with n slots. */
static int strset_rehash(struct strset *set, size_t n)
{
	struct strset_slot *slots = calloc(n, sizeof *slots);
	size_t i, j;
	if (!slots)
		return -1;
	for (i = 0; i < set->nslots; ++i)
		if (set->slots[i].at) {
			for (j = set->slots[i].hash & (n - 1); slots[j].at; j = (j + 1) & (n - 1))
				;
			slots[j] = set->slots[i];
		}
	free(set->slots);
	set->slots = slots;
	set->nslots = n;
	return 0;
}

/* The slot holding s (hash h), or the empty one where it would go;
 * set->nslots must not be 0. */
static struct strset_slot *probe(const struct strset *set, const char *s, size_t len, uint32_t h)
{
	struct strset_slot *slot;
	for (size_t j = h & (set->nslots - 1); (slot = &set->slots[j])->at;
	     j = (j + 1) & (set->nslots - 1))
		if (slot->hash == h && record_length(set, slot->at - 1) == len &&
		    !memcmp(set->arena + slot->at - 1 + 8, s, len))
			break;
	return slot;
}

/* The number of s in the set, adding it if new; -1 if out of memory. */
long strset_add(struct strset *set, const char *s, size_t len, int *isnew)
{
	uint32_t h = hash(s, len), v;
	size_t at, need, c;
	struct strset_slot *slot;
	char *arena;
	*isnew = 0;
	if (len > 0xffffffffu || set->count >= 0x7fffffffu)
		return -1;
	if ((set->count + 1) * 2 > set->nslots &&
	    strset_rehash(set, set->nslots ? set->nslots * 2 : 64) < 0)
		return -1;
	if ((slot = probe(set, s, len, h))->at)
		return (long)record_number(set, slot->at - 1);
	at = set->arenalen;
	need = at + 8 + len + 1; /* and a NUL, for the callers that print a key */
	if (need < at || need >= 0xffffffffu)
		return -1; /* past what a slot can point at */
	if (need > set->arenacap) {
		/* doubled without zeroing: the pages not yet written take no memory */
		for (c = set->arenacap ? set->arenacap : 4096; c < need; c *= 2)
			;
		if (!(arena = realloc(set->arena, c)))
			return -1;
		set->arena = arena;
		set->arenacap = c;
	}
	if (grow(&set->records, &set->cap, set->count + 1, sizeof *set->records) < 0)
		return -1;
	v = (uint32_t)set->count;
	memcpy(set->arena + at, &v, 4);
	v = (uint32_t)len;
	memcpy(set->arena + at + 4, &v, 4);
	if (len)
		memcpy(set->arena + at + 8, s, len);
	set->arena[at + 8 + len] = 0;
	set->arenalen = need;
	set->records[set->count] = (uint32_t)at;
	slot->hash = h;
	slot->at = (uint32_t)at + 1;
	*isnew = 1;
	return (long)set->count++;
}

/* Start fetching the slot where s would be, for a lookup soon after:
 * reading a log, the next lines' addresses are asked for ahead, so the
 * memory is there when their turn comes. */
void strset_prefetch(const struct strset *set, const char *s, size_t len)
{
	if (set->nslots)
		__builtin_prefetch(&set->slots[hash(s, len) & (set->nslots - 1)]);
}

/* Start fetching the record of s, once its slot is there (after
 * strset_prefetch): the record of the first slot of its hash. */
void strset_prefetch_key(const struct strset *set, const char *s, size_t len)
{
	const struct strset_slot *slot;
	uint32_t h;
	if (!set->nslots)
		return;
	h = hash(s, len);
	slot = &set->slots[h & (set->nslots - 1)];
	if (slot->at && slot->hash == h)
		__builtin_prefetch(set->arena + slot->at - 1);
}

/* The number of s in the set, or -1 if it is not there. */
long strset_find(const struct strset *set, const char *s, size_t len)
{
	const struct strset_slot *slot;
	if (!set->nslots)
		return -1;
	slot = probe(set, s, len, hash(s, len));
	return slot->at ? (long)record_number(set, slot->at - 1) : -1;
}

/* The bytes of key number index, and their length in *len. */
const char *strset_key(const struct strset *set, size_t index, size_t *len)
{
	uint32_t at = set->records[index];
	*len = record_length(set, at);
	return set->arena + at + 8;
}

/* Release a string set. */
void strset_free(struct strset *set)
{
	free(set->slots);
	free(set->records);
	free(set->arena);
	strset_init(set);
}

/* An empty key set. */
void u64set_init(struct u64set *set) { memset(set, 0, sizeof *set); }

/* Mix a key's bits for the slot index. */
static uint64_t mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	return k;
}

/* Add key: 1 if it was new, 0 if present, -1 if out of memory. */
int u64set_add(struct u64set *set, uint64_t key)
{
	uint64_t *slots;
	size_t n, i, j;
	if (key == UINT64_MAX)
		return -1;
	if ((set->count + 1) * 2 > set->nslots) {
		n = set->nslots ? set->nslots * 2 : 64;
		if (!(slots = calloc(n, sizeof *slots)))
			return -1;
		for (i = 0; i < set->nslots; ++i)
			if (set->slots[i]) {
				for (j = mix(set->slots[i] - 1) & (n - 1); slots[j];
				     j = (j + 1) & (n - 1))
					;
				slots[j] = set->slots[i];
			}
		free(set->slots);
		set->slots = slots;
		set->nslots = n;
	}
	for (j = mix(key) & (set->nslots - 1); set->slots[j]; j = (j + 1) & (set->nslots - 1))
		if (set->slots[j] == key + 1)
			return 0;
	set->slots[j] = key + 1;
	++set->count;
	return 1;
}

/* Release a key set. */
void u64set_free(struct u64set *set)
{
	free(set->slots);
	u64set_init(set);
}
