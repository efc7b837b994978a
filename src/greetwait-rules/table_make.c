#include "table_make.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "fmt.h"

#include "pattern.h"
#include "rules.h"
#include "table.h"

/* Not libowfat's cdb_make: it keeps 8 bytes a record while adding and
 * another 8 while finishing (16 MB for 1,000,000 rules, where TinyCDB's
 * cdb -c takes 9.5), and its buffer_flush lets a failed write(2) pass
 * (0.32 declares buffer_stubborn as returning ssize_t where it returns
 * int), so that cdb_make_add returned 0 on a full disk.  The file is the
 * same cdb (djb's format, read by libowfat's cdb and TinyCDB's cdb -d). */

/* A cdb's little-endian 32-bit number: libowfat's inline uint32_pack
 * stores through a misaligned pointer (undefined behaviour); memcpy on a
 * little-endian host (one store), else byte by byte. */
static void put32(char *out, uint32 u)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(out, &u, 4);
#else
	out[0] = (char)u;
	out[1] = (char)(u >> 8);
	out[2] = (char)(u >> 16);
	out[3] = (char)(u >> 24);
#endif
}

#define SYNC_AHEAD (4u << 20)

/* Write the buffer out; -1 once any write has failed. */
static int flush(struct table_make *m)
{
	size_t done = 0;
	while (done < m->fill && !m->write_errno) {
		ssize_t w = write(m->fd, m->buf + done, m->fill - done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			m->write_errno = w == -1 ? errno : EIO;
		else
			done += (size_t)w;
	}
	m->written += done;
	m->fill = 0;
	if (m->write_errno) {
		errno = m->write_errno;
		return -1;
	}
#ifdef SYNC_FILE_RANGE_WRITE
	/* the disk starts on each SYNC_AHEAD bytes while the next are made,
	 * where the fsync at the end would wait for all of them; a hint (that
	 * fsync says whether the writes worked) */
	if (m->written - m->started >= SYNC_AHEAD) {
		sync_file_range(m->fd, (off_t)m->started, (off_t)(m->written - m->started),
				SYNC_FILE_RANGE_WRITE);
		m->started = m->written;
	}
#endif
	return 0;
}

/* Append n bytes to the file through the buffer. */
static int put(struct table_make *m, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof m->buf - m->fill;
		if (k == 0) {
			if (flush(m) == -1)
				return -1;
			continue;
		}
		if (k > n)
			k = n;
		memcpy(m->buf + m->fill, s, k);
		m->fill += k;
		s += k;
		n -= k;
	}
	return m->write_errno ? (errno = m->write_errno, -1) : 0;
}

#define HUGE_PAGE (2u << 20)

/* n zeroed bytes; from 2 MB on, on 2 MB pages where the kernel gives them
 * on request: the key set of a million keys on 4 kB pages misses the TLB
 * at almost every probe, and took 2,048 page faults to fill (then as many
 * again: calloc's pages, read first, are the shared zero page). */
static void *zeroed(size_t n)
{
	void *p;
	if (n < HUGE_PAGE)
		return calloc(n, 1);
	if (posix_memalign(&p, HUGE_PAGE, n))
		return 0;
	madvise(p, n, MADV_HUGEPAGE); /* a hint: without it, 4 kB pages */
	memset(p, 0, n);
	return p;
}

/* Keep a record's hash and position, for its hash table. */
static int remember(struct table_make *m, uint32 h, uint32 pos)
{
	if (m->records == m->room) {
		size_t room = m->room ? m->room * 2 : 4096;
		struct table_hp *more = realloc(m->list, room * sizeof *more);
		if (!more) {
			errno = ENOMEM;
			return -1;
		}
		m->list = more;
		m->room = room;
	}
	m->list[m->records].h = h;
	m->list[m->records++].p = pos;
	return 0;
}

/* Append one record (klen, vlen, key, value). */
static int record(struct table_make *m, const char *key, size_t klen, const char *value,
		  size_t vlen, uint32 h)
{
	char head[8];
	if (m->pos + 8 + klen + vlen > 0xffffffffULL - 8 * 2 * (m->records + 1)) {
		errno = EFBIG; /* a cdb's positions are 32 bits */
		return -1;
	}
	if (sizeof m->buf - m->fill < 8 + klen + vlen && flush(m) == -1)
		return -1;
	if (sizeof m->buf - m->fill >= 8 + klen + vlen) { /* the common case, at once */
		char *at = m->buf + m->fill;
		put32(at, (uint32)klen);
		put32(at + 4, (uint32)vlen);
		memcpy(at + 8, key, klen);
		memcpy(at + 8 + klen, value, vlen);
		m->fill += 8 + klen + vlen;
	} else {
		put32(head, (uint32)klen);
		put32(head + 4, (uint32)vlen);
		if (put(m, head, 8) == -1 || put(m, key, klen) == -1 || put(m, value, vlen) == -1)
			return -1;
	}
	if (remember(m, h, (uint32)m->pos) == -1)
		return -1;
	m->pos += 8 + klen + vlen;
	m->per_table[h & 255]++;
	return 0;
}

/* How many globs each key holds so far, in two parts: a set of the keys
 * that hold any (their cdb hashes, mixed, as cdb_hash's low bits mix
 * poorly; 0 marks a free slot), and a table of those that hold more than
 * one, with their number less one (most globs go under a key no other
 * has).  Keys are told apart by their hash alone: two that share one (1
 * in 4,000 for each of 1,000,000 keys) count as one, which sends a glob on
 * to its next key.  That may be one a lookup of every name under the
 * same domain probes (ldyn): at most one glob a key comes there so. */

static uint32 mix(uint32 h)
{
	h = (h ^ h >> 16) * 0x45d9f3bu;
	h ^= h >> 16;
	return h ? h : 1;
}

/* The slot in the set for the mixed hash x: where it is, or the free slot
 * it would take. */
static size_t find_slot(const struct table_make *m, uint32 x)
{
	size_t s = x & (m->slots - 1);
	while (m->set[s] && m->set[s] != x)
		s = (s + 1) & (m->slots - 1);
	return s;
}

/* The slot of the more table for the mixed hash x. */
static size_t more_slot(const struct table_make *m, uint32 x)
{
	size_t s = (x >> 7) & (m->more_slots - 1);
	while (m->more[s].n && m->more[s].h != x)
		s = (s + 1) & (m->more_slots - 1);
	return s;
}

/* pattern_load_fn: the globs filed so far under key. */
static unsigned int load_of(void *ctx, const char *key, size_t len)
{
	struct table_make *m = ctx;
	uint32 x = mix(m->last = table_hash(key, len));
	if (!m->set[find_slot(m, x)])
		return 0;
	return m->more_slots ? 1 + m->more[more_slot(m, x)].n : 1;
}

/* Double the slots of the set (kept at most half full). */
static int grow_set(struct table_make *m)
{
	uint32 *old = m->set;
	size_t slots = m->slots;
	m->slots = slots ? slots * 2 : 4096;
	if (!(m->set = zeroed(m->slots * sizeof *m->set))) {
		m->set = old;
		m->slots = slots;
		errno = ENOMEM;
		return -1;
	}
	for (size_t k = 0; k < slots; k++)
		if (old[k])
			m->set[find_slot(m, old[k])] = old[k];
	free(old);
	return 0;
}

/* Double the slots of the more table (kept at most half full). */
static int grow_more(struct table_make *m)
{
	struct table_load *old = m->more;
	size_t slots = m->more_slots;
	m->more_slots = slots ? slots * 2 : 256;
	if (!(m->more = zeroed(m->more_slots * sizeof *m->more))) {
		m->more = old;
		m->more_slots = slots;
		errno = ENOMEM;
		return -1;
	}
	for (size_t k = 0; k < slots; k++)
		if (old[k].n)
			m->more[more_slot(m, old[k].h)] = old[k];
	free(old);
	return 0;
}

/* Count one more glob under the key of cdb hash h. */
static int load_add(struct table_make *m, uint32 h)
{
	uint32 x = mix(h);
	size_t s = find_slot(m, x);
	if (!m->set[s]) {
		if ((m->used + 1) * 2 > m->slots) {
			if (grow_set(m) == -1)
				return -1;
			s = find_slot(m, x);
		}
		m->set[s] = x;
		m->used++;
		return 0;
	}
	if ((m->more_used + 1) * 2 > m->more_slots && grow_more(m) == -1)
		return -1;
	s = more_slot(m, x);
	if (!m->more[s].n) {
		m->more[s].h = x;
		m->more_used++;
	}
	m->more[s].n++;
	return 0;
}

int table_make_start(struct table_make *m, int fd, const char *kind)
{
	char value[32] = {0};
	size_t n = fmt_str(value, kind);
	int patterns = !strcmp(kind, "patterns");
	n += fmt_str(value + n, patterns ? " 2" : " 1");
	memset(m, 0, offsetof(struct table_make, buf));
	m->fd = fd;
	m->patterns = patterns;
	m->pos = TABLE_HEADER;
	memset(m->buf, 0, TABLE_HEADER); /* the header, written last */
	m->fill = TABLE_HEADER;
	if (patterns && grow_set(m) == -1)
		return -1;
	if (patterns)
		return record(m, TABLE_FORMAT_KEY, sizeof TABLE_FORMAT_KEY - 1, value, n,
			      table_hash(TABLE_FORMAT_KEY, sizeof TABLE_FORMAT_KEY - 1));
	return record(m, TABLE_KIND_KEY, sizeof TABLE_KIND_KEY - 1, value, n,
		      table_hash(TABLE_KIND_KEY, sizeof TABLE_KIND_KEY - 1));
}

/* The decimal digits of u at out; their number. Not fmt_ulong, which
 * divides by 10 twice a digit (first to count them): this divides by 100
 * once for two digits, into a buffer from its end. Two numbers a rule. */
static size_t decimal(char *out, unsigned long u)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324"
				    "25262728293031323334353637383940414243444546474849"
				    "50515253545556575859606162636465666768697071727374"
				    "75767778798081828384858687888990919293949596979899";
	char digits[FMT_ULONG], *at = digits + sizeof digits;
	for (; u >= 100; u /= 100)
		memcpy(at -= 2, pairs + 2 * (u % 100), 2);
	if (u >= 10)
		memcpy(at -= 2, pairs + 2 * u, 2);
	else
		*--at = (char)('0' + u);
	memcpy(out, at, (size_t)(digits + sizeof digits - at));
	return (size_t)(digits + sizeof digits - at);
}

/* A glob's first key, pattern_key's choice when no glob holds it yet,
 * with its cdb hash. */
struct first_key {
	uint32 h;
	size_t len;
	char key[PATTERN_GLOB_MAX + 2];
};

/* pattern_load_fn: keep the key's hash and say no glob has it, which
 * stops pattern_key at its first key. */
static unsigned int first_load(void *ctx, const char *key, size_t len)
{
	((struct first_key *)ctx)->h = table_hash(key, len);
	return 0;
}

/* File one pattern whose first key is f: under it at once when no glob
 * holds it yet (most do), else under the key pattern_key steers it to. */
static int file_pattern(struct table_make *m, unsigned long order, const struct rule_pattern *r,
			const struct first_key *f)
{
	char key[PATTERN_GLOB_MAX + 2], value[TABLE_VALUE_MAX + 1];
	const char *k = f->key;
	unsigned int shared = 0;
	size_t klen = f->len, n = 0;
	uint32 h = f->h;
	if (m->set[find_slot(m, mix(h))]) {
		k = key;
		klen = pattern_key(key, r->glob, r->glen, load_of, m, &shared);
		/* the key no glob has yet is the last pattern_key asked about */
		h = shared == 0 ? m->last : table_hash(key, klen);
	}
	if (shared >= TABLE_KEY_GLOBS_MAX)
		return TABLE_MAKE_CROWDED;
	n += decimal(value + n, order);
	value[n++] = ' ';
	if (r->delay_ms == RULES_DELAY_LONG)
		value[n++] = '-';
	else if (r->delay_ms == RULES_DELAY_SHORT)
		value[n++] = 's';
	else
		n += decimal(value + n, r->delay_ms);
	value[n++] = ' ';
	n += fmt_str(value + n, r->class);
	value[n++] = ' ';
	memcpy(value + n, r->glob, r->glen);
	n += r->glen;
	if (load_add(m, h) == -1)
		return -1;
	return record(m, k, klen, value, n, h);
}

int table_make_patterns(struct table_make *m, const unsigned long *order,
			const struct rule_pattern *r, size_t n, size_t *done)
{
	/* every first key first, and its slot in the key set asked of the
	 * memory, so that the slots come in together (filed one at a time,
	 * each glob waited for its own) */
	struct first_key f[TABLE_MAKE_BATCH];
	for (size_t i = 0; i < n; i++) {
		f[i].len = pattern_key(f[i].key, r[i].glob, r[i].glen, first_load, &f[i], 0);
		__builtin_prefetch(&m->set[mix(f[i].h) & (m->slots - 1)]);
	}
	for (*done = 0; *done < n; ++*done) {
		int got = file_pattern(m, order[*done], &r[*done], &f[*done]);
		if (got)
			return got;
	}
	return 0;
}

int table_make_pattern(struct table_make *m, unsigned long order, const struct rule_pattern *r)
{
	size_t done;
	return table_make_patterns(m, &order, r, 1, &done);
}

int table_make_whitelist(struct table_make *m, const struct rule_whitelist *r)
{
	char key[PATTERN_NAME_MAX + 2], value[TABLE_VALUE_MAX + 1];
	size_t klen, n = 0;
	if (r->kind == WHITELIST_ADDRESS) {
		klen = table_address_key(key, &r->net, r->bits);
		if (r->net.len == 4)
			m->v4[r->bits] = 1;
		else
			m->v6[r->bits] = 1;
	} else {
		key[0] = r->kind == WHITELIST_NAME ? 'n' : 'd';
		klen = 1 + fmt_str(key + 1, r->name);
	}
	n += decimal(value + n, r->delay_ms);
	value[n++] = ' ';
	n += rules_whitelist_entry(value + n, r);
	return record(m, key, klen, value, n, table_hash(key, klen));
}

/* File the prefix lengths present, longest first, one byte each. */
static int add_bits(struct table_make *m, const char *key, const unsigned char *present, int max)
{
	char value[130];
	size_t n = 0;
	for (int b = max; b >= 0; b--)
		if (present[b])
			value[n++] = (char)b;
	if (!n)
		return 0;
	return record(m, key, 6, value, n, table_hash(key, 6));
}

/* The n numbers of size bytes each at p as the file has them, little-endian,
 * in place (on a little-endian host they are already), to be written at
 * once rather than a number at a time. */
static void little_endian(void *p, size_t n, size_t size)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	unsigned char *b = p;
	for (size_t k = 0; k < n; k++, b += size) {
		unsigned long long u = size == 8 ? ((unsigned long long *)p)[k] : ((uint32 *)p)[k];
		for (size_t i = 0; i < size; i++)
			b[i] = (unsigned char)(u >> 8 * i);
	}
#else
	(void)p;
	(void)n;
	(void)size;
#endif
}

/* Write the "!filter" record at m->pos (filed already, as the last
 * record): two bits for each key in hp, which holds the records of each
 * hash table t at [start[t], start[t] + per_table[t]): the filter is
 * built one 256th part, one hash table, at a time, in the cache. */
static int write_filter(struct table_make *m, const struct table_hp *hp, const unsigned long *start,
			uint32 words)
{
	unsigned long long *filter = zeroed(words * sizeof *filter);
	char head[8 + sizeof TABLE_FILTER_KEY - 1];
	size_t klen = sizeof TABLE_FILTER_KEY - 1;
	int r = -1;
	if (!filter) {
		errno = ENOMEM;
		return -1;
	}
	for (int t = 0; t < 256; t++)
		for (unsigned long k = start[t]; k < start[t] + m->per_table[t]; k++) {
			uint32 word;
			unsigned long long mask;
			table_filter_spot(hp[k].h, words, &word, &mask);
			filter[word] |= mask;
		}
	put32(head, (uint32)klen);
	put32(head + 4, words * 8);
	memcpy(head + 8, TABLE_FILTER_KEY, klen);
	if (put(m, head, sizeof head) == -1)
		goto done;
	little_endian(filter, words, 8);
	if (put(m, (const char *)filter, 8ULL * words) == -1)
		goto done;
	m->pos += sizeof head + 8ULL * words;
	r = 0;
done:
	free(filter);
	return r;
}

int table_make_finish(struct table_make *m)
{
	char header[TABLE_HEADER];
	unsigned long start[256], next[256], most = 0, at = 0;
	struct table_hp *hp = 0, *slot = 0;
	uint32 words = 0;
	int r = -1;
	if (!m->patterns &&
	    (add_bits(m, "!bits4", m->v4, 32) == -1 || add_bits(m, "!bits6", m->v6, 128) == -1))
		goto done;
	free(m->set); /* no more patterns come */
	free(m->more);
	m->set = 0;
	m->more = 0;
	if (m->patterns) {
		/* 32 bits a key, in 256 parts: a lookup asks the cdb for 1 key
		 * in 200 it lacks.  Filed now, written once hp is in order. */
		size_t klen = sizeof TABLE_FILTER_KEY - 1;
		uint32 fh = table_hash(TABLE_FILTER_KEY, klen);
		words = (uint32)((m->records / 2 / 256 + 1) * 256);
		if (m->pos + 8 + klen + 8ULL * words > 0xffffffffULL / 2) {
			errno = EFBIG;
			goto done;
		}
		if (remember(m, fh, (uint32)m->pos) == -1)
			goto done;
		m->per_table[fh & 255]++;
	}
	if (m->pos + 8ULL * words + 16ULL * m->records > 0xffffffffULL) {
		errno = EFBIG;
		goto done;
	}
	for (int i = 0; i < 256; i++) {
		start[i] = next[i] = at;
		at += m->per_table[i];
		if (m->per_table[i] > most)
			most = m->per_table[i];
	}
	/* by hash table, in source order within each (a lookup finds the
	 * first of two equal keys): a counting sort, from 256 places on at
	 * once as djb's cdb_make does, where walking each table's records
	 * through the list missed the cache at every one; on 2 MB pages (8 MB
	 * for a million records took 2,048 page faults) */
	if (!(hp = zeroed((m->records + 1) * sizeof *hp))) {
		errno = ENOMEM;
		goto done;
	}
	for (unsigned long k = 0; k < m->records; k++)
		hp[next[m->list[k].h & 255]++] = m->list[k];
	free(m->list);
	m->list = 0;
	if (words && write_filter(m, hp, start, words) == -1)
		goto done;
	if (!(slot = malloc((2 * most + 1) * sizeof *slot))) {
		errno = ENOMEM;
		goto done;
	}
	for (int i = 0; i < 256; i++) {
		unsigned long n = m->per_table[i], slots = 2 * n;
		put32(header + 8 * i, (uint32)m->pos);
		put32(header + 8 * i + 4, (uint32)slots);
		memset(slot, 0, slots * sizeof *slot);
		for (unsigned long k = start[i]; k < start[i] + n; k++) {
			/* 32 bits (slots < 2^32): a 64-bit division is slower */
			uint32 s = (hp[k].h >> 8) % (uint32)slots;
			while (slot[s].p)
				if (++s == slots)
					s = 0;
			slot[s] = hp[k];
		}
		little_endian(slot, slots * 2, 4);
		if (put(m, (const char *)slot, slots * sizeof *slot) == -1)
			goto done;
		m->pos += slots * 8;
	}
	if (flush(m) == -1)
		goto done;
	for (size_t done = 0; done < sizeof header;) {
		ssize_t w = pwrite(m->fd, header + done, sizeof header - done, (off_t)done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0) {
			errno = w == -1 ? errno : EIO;
			goto done;
		}
		done += (size_t)w;
	}
	r = 0;
done:
	free(hp);
	free(slot);
	table_make_free(m);
	return r;
}

void table_make_free(struct table_make *m)
{
	free(m->set);
	free(m->more);
	free(m->list);
	m->set = 0;
	m->more = 0;
	m->list = 0;
	m->slots = m->used = m->more_slots = m->more_used = m->room = 0;
}
