#include "table_make.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "fmt.h"
#include "duration.h"

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

int table_make_start(struct cdb_make *m, int fd, const char *kind)
{
	char value[32];
	size_t n = strlen(kind);
	write_errno = 0;
	if (cdb_make_start(m, fd) == -1)
		return -1;
	buffer_init(&m->b, (ssize_t (*)())write_kept, fd, m->bspace, sizeof m->bspace);
	memcpy(value, kind, n);
	memcpy(value + n, " 1", 2);
	return made(cdb_make_add(m, (const unsigned char *)TABLE_KIND_KEY, sizeof TABLE_KIND_KEY - 1,
				 (const unsigned char *)value, n + 2));
}

/* Append a decimal number to buf at *n. */
static void put_number(char *buf, size_t *n, unsigned long v)
{
	*n += fmt_ulong(buf + *n, v);
}

/* Append a string to buf at *n. */
static void put_string(char *buf, size_t *n, const char *s)
{
	size_t len = strlen(s);
	memcpy(buf + *n, s, len);
	*n += len;
}

int table_make_pattern(struct cdb_make *m, unsigned long order, const struct rule_pattern *r,
		       const unsigned int *counts)
{
	char key[PATTERN_GLOB_MAX + 2], value[TABLE_VALUE_MAX + 1];
	size_t klen = pattern_key(key, r->glob, strlen(r->glob), counts), n = 0;
	put_number(value, &n, order);
	value[n++] = ' ';
	if (r->delay_ms == RULES_DELAY_LONG)
		value[n++] = '-';
	else
		put_number(value, &n, r->delay_ms);
	value[n++] = ' ';
	put_string(value, &n, r->class);
	value[n++] = ' ';
	put_string(value, &n, r->glob);
	return made(cdb_make_add(m, (const unsigned char *)key, klen,
				 (const unsigned char *)value, n));
}

int table_make_whitelist(struct cdb_make *m, struct table_bits *bits, const struct rule_whitelist *r)
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
		klen = strlen(r->name) + 1;
		memcpy(key + 1, r->name, klen - 1);
	}
	put_number(value, &n, r->delay_ms);
	value[n++] = ' ';
	n += rules_whitelist_entry(value + n, r);
	return made(cdb_make_add(m, (const unsigned char *)key, klen,
				 (const unsigned char *)value, n));
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
	return cdb_make_add(m, (const unsigned char *)key, 6, (const unsigned char *)value, n);
}

int table_make_finish(struct cdb_make *m, const struct table_bits *bits)
{
	if (bits && (add_bits(m, "!bits4", bits->v4, 32) == -1 ||
		     add_bits(m, "!bits6", bits->v6, 128) == -1))
		return -1;
	return made(cdb_make_finish(m));
}
