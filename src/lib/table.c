#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "scan.h"

#include "ip.h"
#include "message.h"

/* TABLE_KEY_GLOBS_MAX as text, for a message. */
#define TEXT(x)   #x
#define NUMBER(x) TEXT(x)
#define GLOBS_MAX NUMBER(TABLE_KEY_GLOBS_MAX)

/* Set t->error to "what path: reason" (reason may be 0). */
static void table_fail(struct table *t, const char *what, const char *reason)
{
	const char *parts[] = {what, " ", t->path, reason ? ": " : "", reason ? reason : ""};
	message_join(t->error, sizeof t->error, parts, sizeof parts / sizeof parts[0]);
}

const char *table_check_layout(const char *header, unsigned long long size, uint32 *records_end)
{
	unsigned long long end;
	uint32 first;
	if (size < TABLE_HEADER)
		return "corrupt cdb: shorter than its 2048-byte header";
	if (size > 0xffffffff)
		return "corrupt cdb: larger than 4 GiB";
	uint32_unpack(header, &first);
	if (first < TABLE_HEADER)
		return "corrupt cdb: hash table inside the header";
	end = first;
	for (int i = 0; i < 256; i++) {
		uint32 pos, slots;
		uint32_unpack(header + 8 * i, &pos);
		uint32_unpack(header + 8 * i + 4, &slots);
		if (pos != end)
			return "corrupt cdb: hash tables out of place";
		end += (unsigned long long)slots * 8;
	}
	if (end > size)
		return "corrupt cdb: truncated";
	if (end < size)
		return "corrupt cdb: bytes after the last hash table";
	*records_end = first;
	return 0;
}

/* Point *header at the file's first TABLE_HEADER bytes (cdb_init's map,
 * else one read into buf) and set *size to what holds them; -1 on a read error. */
static int load_header(struct table *t, const struct stat *st, char *buf, const char **header,
		       unsigned long long *size)
{
	ssize_t n;
	if (t->cdb.map) {
		*header = t->cdb.map;
		*size = t->cdb.size;
		return 0;
	}
	*header = buf;
	*size = (unsigned long long)st->st_size;
	if (*size < TABLE_HEADER)
		return 0;
	n = pread(t->fd, buf, TABLE_HEADER, 0);
	if (n == -1)
		return -1;
	if (n < TABLE_HEADER)
		*size = (unsigned long long)n;
	return 0;
}

uint32 table_hash(const char *key, size_t len)
{
	uint32 h = 5381;
	for (size_t i = 0; i < len; i++)
		h = (h + (h << 5)) ^ (unsigned char)key[i];
	return h;
}

void table_filter_spot(uint32 h, uint32 words, uint32 *word, unsigned long long *mask)
{
	uint32 x = (h ^ h >> 16) * 0x45d9f3bu, y, part = words / 256;
	x ^= x >> 16;
	y = x * 0x9e3779b1u;
	*word = (h & 255) * part + (uint32)(((unsigned long long)x * part) >> 32);
	*mask = 1ULL << (y >> 26) | 1ULL << (y >> 20 & 63);
}

/* 1 when the record just found under a key of klen bytes lies inside the
 * records: libowfat checks only that it lies inside the file. */
static int record_inside(const struct table *t, size_t klen)
{
	uint32 dpos = cdb_datapos(&t->cdb);
	return dpos >= TABLE_HEADER + 8 + klen && dpos <= t->records_end &&
	       cdb_datalen(&t->cdb) <= t->records_end - dpos;
}

/* The 32-bit number at pos of the map (size bytes), or 0 and *bad set. */
static uint32 map_u32(const struct cdb *c, uint32 pos, int *bad)
{
	uint32 u = 0;
	const unsigned char *p = (const unsigned char *)c->map + pos;
	/* byte by byte: libowfat's inline uint32_unpack reads through a
	 * misaligned pointer (undefined behaviour) */
	if (pos > c->size || c->size - pos < 4)
		*bad = 1;
	else
		u = (uint32)p[0] | (uint32)p[1] << 8 | (uint32)p[2] << 16 | (uint32)p[3] << 24;
	return u;
}

/* cdb_findnext on the map, for key of cdb hash h: the same walk (djb's),
 * reading the map in place where libowfat copies each slot out
 * (cdb_read): a key a table holds cost twice as much with 1,000,000
 * rules as with 10.  -1 for a read outside the file. */
static int map_findnext(struct cdb *c, const char *key, size_t len, uint32 h)
{
	int bad = 0;
	if (!c->loop) {
		c->hpos = map_u32(c, (h << 3) & 2047, &bad);
		c->hslots = map_u32(c, ((h << 3) & 2047) + 4, &bad);
		if (bad)
			return -1;
		if (!c->hslots)
			return 0;
		c->khash = h;
		c->kpos = c->hpos + ((h >> 8) % c->hslots << 3);
	}
	while (c->loop < c->hslots) {
		uint32 h2 = map_u32(c, c->kpos, &bad), pos = map_u32(c, c->kpos + 4, &bad);
		if (bad)
			return -1;
		if (!pos)
			return 0;
		c->loop++;
		c->kpos += 8;
		if (c->kpos == c->hpos + (c->hslots << 3))
			c->kpos = c->hpos;
		if (h2 == c->khash && map_u32(c, pos, &bad) == len) {
			uint32 dlen = map_u32(c, pos + 4, &bad);
			if (bad || pos + 8 > c->size || c->size - pos - 8 < len)
				return -1;
			if (!memcmp(c->map + pos + 8, key, len)) {
				c->dlen = dlen;
				c->dpos = pos + 8 + (uint32)len;
				return 1;
			}
		}
	}
	return 0;
}

/* cdb_findnext, with a record outside the records as corrupt (-1). */
static int find_next(struct table *t, const char *key, size_t klen)
{
	int r = t->cdb.map ? map_findnext(&t->cdb, key, klen, table_hash(key, klen))
			   : cdb_findnext(&t->cdb, (const unsigned char *)key, klen);
	return r == 1 && !record_inside(t, klen) ? -1 : r;
}

/* cdb_find, the same way. */
static int find(struct table *t, const char *key, size_t klen)
{
	cdb_findstart(&t->cdb);
	return find_next(t, key, klen);
}

/* Close t->fd and mark the table unusable. */
static void drop_fd(struct table *t)
{
	close(t->fd);
	t->fd = -1;
}

/* Read the current record's value into buf (NUL-terminated); its length or -1. */
static long read_value(struct table *t, char *buf, size_t size)
{
	uint32 len = cdb_datalen(&t->cdb);
	if (len >= size || cdb_read(&t->cdb, (unsigned char *)buf, len, cdb_datapos(&t->cdb)))
		return -1;
	buf[len] = 0;
	return (long)len;
}

/* Whether the kind record just found says kind in a format this reader
 * knows (patterns 2, whitelist 1): 1, else 0 with *why set. */
static int kind_is(struct table *t, const char *kind, const char **why)
{
	char value[32];
	size_t klen = strlen(kind);
	long vlen = read_value(t, value, sizeof value);
	int patterns = !strcmp(kind, "patterns");
	*why = patterns ? "not a greetwait patterns table" : "not a greetwait whitelist table";
	if (vlen <= (long)klen || memcmp(value, kind, klen) || value[klen] != ' ')
		return 0;
	if (!strcmp(value + klen + 1, patterns ? "2" : "1"))
		return 1;
	*why = patterns ? "a patterns table in a format this greetwait does not know: rebuild it "
			  "with its greetwait-rules"
			: "a whitelist table in a format this greetwait does not know: rebuild it "
			  "with its greetwait-rules";
	return 0;
}

int table_open(struct table *t, const char *path, const char *kind)
{
	char buf[TABLE_HEADER];
	const char *header, *layout, *why;
	unsigned long long size;
	struct stat st;
	int r;
	t->path = path;
	t->error[0] = 0;
	t->filter_words = 0;
	/* O_NONBLOCK: opening a FIFO would wait for a writer.  It changes
	 * nothing for the regular file that is all a table may be. */
	t->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (t->fd == -1) {
		table_fail(t, "unable to open", message_error(errno));
		return 0;
	}
	if (fstat(t->fd, &st) == -1) {
		table_fail(t, "unable to stat", strerror(errno));
		drop_fd(t);
		return 0;
	}
	if (!S_ISREG(st.st_mode)) {
		table_fail(t, "unable to use", "not a regular file");
		drop_fd(t);
		return 0;
	}
	t->cdb.map = 0; /* cdb_init unmaps a map it finds there */
	cdb_init(&t->cdb, t->fd);
	if (load_header(t, &st, buf, &header, &size) == -1) {
		table_fail(t, "unable to read", strerror(errno));
		table_close(t);
		return 0;
	}
	if ((layout = table_check_layout(header, size, &t->records_end))) {
		table_fail(t, "unable to read", layout);
		table_close(t);
		return 0;
	}
	/* the format key first, then the older kind key */
	r = find(t, TABLE_FORMAT_KEY, sizeof TABLE_FORMAT_KEY - 1);
	if (r == 0)
		r = find(t, TABLE_KIND_KEY, sizeof TABLE_KIND_KEY - 1);
	if (r == 1 && kind_is(t, kind, &why)) {
		if (strcmp(kind, "patterns"))
			return 1;
		r = find(t, TABLE_FILTER_KEY, sizeof TABLE_FILTER_KEY - 1);
		t->filter_pos = r == 1 ? cdb_datapos(&t->cdb) : 0;
		t->filter_words = r == 1 ? cdb_datalen(&t->cdb) / 8 : 0;
		if (r == 0 || (r == 1 && cdb_datalen(&t->cdb) % (8 * 256) == 0 && t->filter_words))
			return 1;
		r = -1;
	}
	if (r == -1)
		table_fail(t, "unable to read", "corrupt cdb");
	else if (r == 1)
		table_fail(t, "unable to use", why);
	else if (!strcmp(kind, "patterns"))
		table_fail(t, "unable to use", "not a greetwait patterns table");
	else
		table_fail(t, "unable to use", "not a greetwait whitelist table");
	table_close(t);
	return 0;
}

void table_close(struct table *t)
{
	if (t->fd != -1) {
		cdb_free(&t->cdb);
		drop_fd(t);
	}
}

/* Next space-separated field of s at *i; its length (0 if none). */
static size_t field(const char *s, size_t len, size_t *i, const char **start)
{
	size_t k;
	while (*i < len && s[*i] == ' ')
		++*i;
	*start = s + *i;
	for (k = *i; k < len && s[k] != ' '; k++)
		;
	k -= *i;
	*i += k;
	return k;
}

/* Parse a decimal number of the whole field, nine digits at most; 1 on success. */
static int number(const char *s, size_t len, unsigned long *v)
{
	return len && len <= 9 && scan_ulongn(s, len, v) == len;
}

/* 1 if glob and class are what greetwait-rules files for the source line
 * "GLOB CLASS": the class reaches the log, so a record another tool wrote
 * passes the checks a source line does (rules_parse_pattern's, made here
 * without copying the line: they were half of a lookup that read one
 * record).  A glob well formed (pattern_check: lower case, no blank), not
 * starting a comment; a class of 1 to 32 of a-z 0-9 - _. */
static int pattern_fields_ok(const char *glob, size_t glen, const char *class, size_t clen)
{
	if (!glen || glen > PATTERN_GLOB_MAX || glob[0] == '#' || pattern_check(glob, glen) ||
	    !clen || clen > RULES_CLASS_MAX)
		return 0;
	for (size_t i = 0; i < clen; i++) {
		char c = class[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* A record's delay field: '-' the long delay, 's' the short one, or
 * milliseconds. */
static int delay_field(const char *f, size_t len, unsigned long *delay)
{
	if (len == 1 && (f[0] == '-' || f[0] == 's')) {
		*delay = f[0] == '-' ? RULES_DELAY_LONG : RULES_DELAY_SHORT;
		return 1;
	}
	return number(f, len, delay);
}

/* 0 when a literal run of the glob (bytes between wildcards) is nowhere
 * in the name, which the glob then cannot match: a glob that shares a
 * key with the name but no more costs a tenth of pattern_match. */
static int literals_in(const char *g, size_t glen, const char *name, size_t len)
{
	for (size_t i = 0; i < glen;) {
		size_t k = i;
		if (g[i] == '{') {
			i += 4; /* "{ip}" */
			continue;
		}
		while (k < glen && g[k] != '*' && g[k] != '?' && g[k] != '#' && g[k] != '<' &&
		       g[k] != '>' && g[k] != '{')
			k++;
		if (k > i && !memmem(name, len, g + i, k - i))
			return 0;
		i = k > i ? k : i + 1;
	}
	return 1;
}

/* 0 when the table's filter says it holds no key key; 1 when it may (or
 * has no filter, or the filter cannot be read: the cdb tells then). */
static int maybe_held(struct table *t, const char *key, size_t klen)
{
	unsigned long long mask, bits = 0;
	unsigned char w[8];
	uint32 word;
	if (!t->filter_words)
		return 1;
	table_filter_spot(table_hash(key, klen), t->filter_words, &word, &mask);
	if (t->cdb.map)
		memcpy(w, t->cdb.map + t->filter_pos + 8 * word, 8);
	else if (cdb_read(&t->cdb, w, 8, t->filter_pos + 8 * word))
		return 1;
	for (int i = 7; i >= 0; i--)
		bits = bits << 8 | w[i];
	return (bits & mask) == mask;
}

int table_lookup_pattern(struct table *t, const char *name, size_t len, const struct ipforms *forms,
			 struct pattern_hit *hit)
{
	struct pattern_probe probe;
	char key[PATTERN_NAME_MAX + 2], value[TABLE_VALUE_MAX + 1];
	size_t klen;
	int found = 0;
	hit->tested = 0;
	hit->order = (unsigned long)-1;
	if (t->fd == -1 || len > PATTERN_NAME_MAX)
		return 0;
	pattern_probe_start(&probe, name, len);
	while ((klen = pattern_probe_next(&probe, key))) {
		int r, records = 0;
		if (!maybe_held(t, key, klen))
			continue;
		cdb_findstart(&t->cdb);
		while ((r = find_next(t, key, klen)) == 1) {
			const char *f[4];
			size_t fl[4], i = 0;
			unsigned long order, delay = RULES_DELAY_LONG;
			long vlen;
			if (++records > TABLE_KEY_GLOBS_MAX)
				goto crowded;
			if ((vlen = read_value(t, value, sizeof value)) < 0)
				goto corrupt;
			for (int k = 0; k < 4; k++)
				fl[k] = field(value, (size_t)vlen, &i, &f[k]);
			if (!number(f[0], fl[0], &order) || !delay_field(f[1], fl[1], &delay) ||
			    !pattern_fields_ok(f[3], fl[3], f[2], fl[2]) || i != (size_t)vlen)
				goto corrupt;
			if (order >= hit->order)
				continue;
			hit->tested++;
			if (literals_in(f[3], fl[3], name, len) &&
			    pattern_match(f[3], fl[3], name, len, forms)) {
				hit->order = order;
				hit->delay_ms = delay;
				memcpy(hit->class, f[2], fl[2]);
				hit->class[fl[2]] = 0;
				found = 1;
			}
		}
		if (r == -1)
			goto corrupt;
	}
	return found;
crowded: /* greetwait-rules files no more than that under one key */
	table_fail(t, "unable to read", "more than " GLOBS_MAX " globs under one key");
	return 0;
corrupt:
	table_fail(t, "corrupt record in", 0);
	return 0;
}

/* 1 if entry is as greetwait-rules writes it (the canonical form of a
 * source entry): it reaches the log in why=whitelist:<entry>. */
static int whitelist_entry_ok(const char *entry, size_t len)
{
	struct rule_whitelist r;
	char canonical[TABLE_ENTRY_MAX];
	const char *why;
	return len < TABLE_ENTRY_MAX && rules_parse_whitelist(entry, len, &r, &why) == 1 &&
	       rules_whitelist_entry(canonical, &r) == len && !memcmp(canonical, entry, len);
}

/* Look key up; on a hit parse "DELAY ENTRY" into hit. 1 hit, 0 miss, -1 corrupt. */
static int whitelist_probe(struct table *t, const char *key, size_t klen, struct whitelist_hit *hit)
{
	char value[TABLE_VALUE_MAX + 1];
	const char *f[2];
	size_t fl[2], i = 0;
	long vlen;
	int r = find(t, key, klen);
	if (r != 1)
		return r;
	vlen = read_value(t, value, sizeof value);
	if (vlen < 0)
		return -1;
	fl[0] = field(value, (size_t)vlen, &i, &f[0]);
	fl[1] = field(value, (size_t)vlen, &i, &f[1]);
	if (!number(f[0], fl[0], &hit->delay_ms) || !whitelist_entry_ok(f[1], fl[1]) ||
	    i != (size_t)vlen)
		return -1;
	memcpy(hit->entry, f[1], fl[1]);
	hit->entry[fl[1]] = 0;
	return 1;
}

size_t table_address_key(char *key, const struct ip *net, unsigned int bits)
{
	size_t n = 1;
	key[0] = 'a';
	n += ip_format(key + 1, net);
	key[n++] = '/';
	n += fmt_ulong(key + n, bits);
	return n;
}

int table_lookup_whitelist(struct table *t, const struct ip *ip, const char *name, size_t len,
			   struct whitelist_hit *hit)
{
	char key[PATTERN_NAME_MAX + 2], bits[130];
	int r = 0;
	if (t->fd == -1)
		return 0;
	if (ip->len) {
		const char *bkey = ip->len == 4 ? "!bits4" : "!bits6";
		int b = find(t, bkey, 6);
		uint32 blen = b == 1 ? cdb_datalen(&t->cdb) : 0;
		if (b == -1 || blen > ip->len * 8 + 1 ||
		    (blen && cdb_read(&t->cdb, (unsigned char *)bits, blen, cdb_datapos(&t->cdb))))
			goto corrupt;
		/* one byte per prefix length present, longest first */
		for (uint32 k = 0; k < blen && r == 0; k++) {
			struct ip net = *ip;
			unsigned int length = (unsigned char)bits[k];
			if (length > ip->len * 8)
				goto corrupt;
			ip_mask(&net, length);
			r = whitelist_probe(t, key, table_address_key(key, &net, length), hit);
		}
	}
	hit->by_name = r == 0;
	if (r == 0 && len && len <= PATTERN_NAME_MAX) {
		key[0] = 'n';
		memcpy(key + 1, name, len);
		r = whitelist_probe(t, key, len + 1, hit);
		/* the longest listed domain the name lies under */
		key[0] = 'd';
		for (size_t i = 0; i < len && r == 0; i++)
			if (name[i] == '.' && i + 1 < len) {
				memcpy(key + 1, name + i + 1, len - i - 1);
				r = whitelist_probe(t, key, len - i, hit);
			}
	}
	if (r >= 0)
		return r;
corrupt:
	table_fail(t, "corrupt record in", 0);
	return 0;
}
