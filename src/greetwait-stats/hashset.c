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

/* Rebuild the slot table with n slots. */
static int strset_rehash(struct strset *set, size_t n)
{
	struct strset_slot *slots = calloc(n, sizeof *slots);
	size_t i, j;
	if (!slots)
		return -1;
	for (i = 0; i < set->nslots; ++i)
		if (set->slots[i].index) {
			for (j = set->slots[i].hash & (n - 1); slots[j].index;
			     j = (j + 1) & (n - 1))
				;
			slots[j] = set->slots[i];
		}
	free(set->slots);
	set->slots = slots;
	set->nslots = n;
	return 0;
}

/* The number of s in the set, adding it if new; -1 if out of memory. */
/* The slot holding s (hash h), or the empty one where it would go;
 * set->nslots must not be 0. */
static struct strset_slot *probe(const struct strset *set, const char *s, size_t len, uint32_t h)
{
	struct strset_slot *slot;
	size_t n;
	for (size_t j = h & (set->nslots - 1); (slot = &set->slots[j])->index;
	     j = (j + 1) & (set->nslots - 1)) {
		if (slot->hash != h || slot->length != len)
			continue;
		if (len <= sizeof slot->bytes
			? !memcmp(slot->bytes, s, len)
			: !memcmp(strset_key(set, slot->index - 1, &n), s, len))
			break;
	}
	return slot;
}

long strset_add(struct strset *set, const char *s, size_t len, int *isnew)
{
	uint32_t h = hash(s, len);
	size_t e;
	struct strset_slot *slot;
	struct strset_entry *entry;
	*isnew = 0;
	if (len > 0xffffffffu || set->count >= 0x7fffffffu)
		return -1;
	if ((set->count + 1) * 2 > set->nslots &&
	    strset_rehash(set, set->nslots ? set->nslots * 2 : 64) < 0)
		return -1;
	if ((slot = probe(set, s, len, h))->index)
		return (long)slot->index - 1;
	if (grow(&set->entries, &set->cap, set->count + 1, sizeof *set->entries) < 0)
		return -1;
	entry = &set->entries[set->count];
	if (len <= STRSET_INLINE)
		memcpy(entry->key.bytes, s, len);
	else {
		if (grow(&set->arena, &set->arenacap, set->arenalen + len, 1) < 0)
			return -1;
		memcpy(set->arena + set->arenalen, s, len);
		entry->key.offset = set->arenalen;
		set->arenalen += len;
	}
	e = set->count++;
	entry->length = (uint32_t)len;
	entry->hash = h;
	slot->hash = h;
	slot->index = (uint32_t)(e + 1);
	slot->length = (uint32_t)len;
	if (len <= sizeof slot->bytes)
		memcpy(slot->bytes, s, len);
	*isnew = 1;
	return (long)e;
}

/* Start fetching the slot where s would be, for a lookup soon after:
 * reading a log, the next lines' addresses are asked for ahead, so the
 * memory is there when their turn comes. */
void strset_prefetch(const struct strset *set, const char *s, size_t len)
{
	if (set->nslots)
		__builtin_prefetch(&set->slots[hash(s, len) & (set->nslots - 1)]);
}

/* The number of s in the set, or -1 if it is not there. */
long strset_find(const struct strset *set, const char *s, size_t len)
{
	const struct strset_slot *slot;
	if (!set->nslots)
		return -1;
	slot = probe(set, s, len, hash(s, len));
	return slot->index ? (long)slot->index - 1 : -1;
}

/* The bytes of entry index, and their length in *len. */
const char *strset_key(const struct strset *set, size_t index, size_t *len)
{
	const struct strset_entry *entry = &set->entries[index];
	*len = entry->length;
	return *len <= STRSET_INLINE ? entry->key.bytes : set->arena + entry->key.offset;
}

/* Release a string set. */
void strset_free(struct strset *set)
{
	free(set->slots);
	free(set->entries);
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
