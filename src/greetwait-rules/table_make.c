#include "table_make.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "fmt.h"

#include "pattern.h"
#include "rules.h"
#include "table.h"

/* libowfat 0.32's buffer_flush declares buffer_stubborn as returning ssize_t
 * where it returns int, so a failed write(2) reads as success: cdb_make_add
 * and cdb_make_finish return 0 on a full disk. cdb_make therefore writes
 * through write_kept, which keeps the first error for table_make_* to return.
 * One table is made at a time; table_make_start clears it. */
static int write_errno;

/* write(2), remembering the first failure in write_errno. */
static ssize_t write_kept(int fd, const char *buf, size_t len)
{
	ssize_t w = write(fd, buf, len);
	if (w == -1 && errno != EINTR && !write_errno)
		write_errno = errno;
	return w;
}

/* r, or -1 with errno set when a write has failed since table_make_start. */
static int made(int r)
{
	if (r != -1 && write_errno) {
		errno = write_errno;
		return -1;
	}
	return r;
}

/* cdb_make_add, as made() sees it. */
static int add(struct cdb_make *m, const char *key, size_t klen, const char *value, size_t vlen)
{
	const unsigned char *k = (const unsigned char *)key, *v = (const unsigned char *)value;
	return made(cdb_make_add(m, k, klen, v, vlen));
}

int table_make_start(struct cdb_make *m, int fd, const char *kind)
{
	char value[32];
	size_t n = fmt_str(value, kind);
	n += fmt_str(value + n, " 1");
	write_errno = 0;
	if (cdb_make_start(m, fd) == -1)
		return -1;
	buffer_init(&m->b, (ssize_t(*)())write_kept, fd, m->bspace, sizeof m->bspace);
	return add(m, TABLE_KIND_KEY, sizeof TABLE_KIND_KEY - 1, value, n);
}

int table_make_pattern(struct cdb_make *m, unsigned long order, const struct rule_pattern *r,
		       const unsigned int *counts)
{
	char key[PATTERN_GLOB_MAX + 2], value[TABLE_VALUE_MAX + 1];
	size_t klen = pattern_key(key, r->glob, strlen(r->glob), counts), n = 0;
	n += fmt_ulong(value + n, order);
	value[n++] = ' ';
	if (r->delay_ms == RULES_DELAY_LONG)
		value[n++] = '-';
	else if (r->delay_ms == RULES_DELAY_SHORT)
		value[n++] = 's';
	else
		n += fmt_ulong(value + n, r->delay_ms);
	value[n++] = ' ';
	n += fmt_str(value + n, r->class);
	value[n++] = ' ';
	n += fmt_str(value + n, r->glob);
	return add(m, key, klen, value, n);
}

int table_make_whitelist(struct cdb_make *m, struct table_bits *bits,
			 const struct rule_whitelist *r)
{
	char key[PATTERN_NAME_MAX + 2], value[TABLE_VALUE_MAX + 1];
	size_t klen, n = 0;
	if (r->kind == WHITELIST_ADDRESS) {
		klen = table_address_key(key, &r->net, r->bits);
		if (r->net.len == 4)
			bits->v4[r->bits] = 1;
		else
			bits->v6[r->bits] = 1;
	} else {
		key[0] = r->kind == WHITELIST_NAME ? 'n' : 'd';
		klen = 1 + fmt_str(key + 1, r->name);
	}
	n += fmt_ulong(value + n, r->delay_ms);
	value[n++] = ' ';
	n += rules_whitelist_entry(value + n, r);
	return add(m, key, klen, value, n);
}

/* File the prefix lengths present, longest first, one byte each. */
static int add_bits(struct cdb_make *m, const char *key, const unsigned char *present, int max)
{
	char value[130];
	size_t n = 0;
	for (int b = max; b >= 0; b--)
		if (present[b])
			value[n++] = (char)b;
	if (!n)
		return 0;
	return add(m, key, 6, value, n);
}

int table_make_finish(struct cdb_make *m, const struct table_bits *bits)
{
	if (bits && (add_bits(m, "!bits4", bits->v4, 32) == -1 ||
		     add_bits(m, "!bits6", bits->v6, 128) == -1))
		return -1;
	return made(cdb_make_finish(m));
}
