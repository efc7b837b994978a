/* fuzz: what the libFuzzer targets share.  A broken invariant aborts with
 * what broke, so libFuzzer saves the input as a crash. */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "pattern.h"

#define FUZZ_CHECK(cond, what)                                                                     \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "fuzz: invariant broken at %s:%d: %s\n", __FILE__,         \
				__LINE__, what);                                                   \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* An in-memory file holding len bytes of data, its offset 0, reachable by
 * the path written into path (at least 32 bytes); its descriptor, or -1.
 * One per process, rewritten on each call, so no input leaves a file behind. */
static inline int fuzz_file(const void *data, size_t len, char *path)
{
	static int fd = -1;
	if (fd == -1 && (fd = memfd_create("greetwait-fuzz", 0)) == -1)
		return -1;
	if (ftruncate(fd, 0) == -1 || (len && pwrite(fd, data, len, 0) != (ssize_t)len) ||
	    lseek(fd, 0, SEEK_SET) == -1)
		return -1;
	snprintf(path, 32, "/proc/self/fd/%d", fd);
	return fd;
}

/* The fuzz input read as a stream of choices: bytes, then 0 when used up. */
struct fuzz_bytes {
	const unsigned char *p;
	size_t len;
};

static inline unsigned int fuzz_byte(struct fuzz_bytes *b)
{
	if (!b->len)
		return 0;
	b->len--;
	return *b->p++;
}

/* Write into name (PATTERN_NAME_MAX + 1 bytes) a name the glob matches,
 * choosing runs, digits and spellings of {ip} with the bytes of b; its
 * length, or 0 if none can be made ({ip} without forms, or too long). */
static inline size_t fuzz_glob_name(char *name, const char *g, size_t gl, const struct ipforms *f,
				    struct fuzz_bytes *b)
{
	static const char alphabet[] = "a0.-_z9x";
	size_t n = 0;
	for (size_t i = 0; i < gl; i++) {
		unsigned int c = fuzz_byte(b), k;
		if (n + IPFORM_LEN + 8 > PATTERN_NAME_MAX)
			return 0;
		switch (g[i]) {
		case '*':
			for (k = c % 4; k; k--) {
				unsigned int x = fuzz_byte(b);
				name[n++] = x & 0x80 ? (char)x : alphabet[x % 8];
			}
			break;
		case '?': name[n++] = c & 0x80 ? (char)c : alphabet[c % 8]; break;
		case '#':
			for (k = c % 3 + 1; k; k--)
				name[n++] = (char)('0' + fuzz_byte(b) % 10);
			break;
		case '{': /* a fixed spelling, or for IPv4 the dotted quad */
			if (!f || (!f->n && !f->v4))
				return 0;
			k = c % (f->n + f->v4);
			if (k == f->n) {
				for (int o = 0; o < 4; o++) {
					if (o)
						name[n++] = '.';
					n += (size_t)snprintf(name + n, 4, "%u", f->octets[o]);
				}
			} else {
				memcpy(name + n, f->s[k], f->len[k]);
				n += f->len[k];
			}
			i += 3;
			break;
		case '<':
		case '>': break; /* they match no character */
		default: name[n++] = g[i];
		}
	}
	return n;
}

#endif
