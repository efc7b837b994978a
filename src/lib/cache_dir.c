#include "cache_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cdb.h"
#include "fmt.h"
#include "scan.h"
#include "uint32.h"

#include "ip.h"
#include "message.h"

/* A bucket is opened only for the *at calls: Linux's O_PATH does just that,
 * and costs less than opening the directory for reading. */
#ifdef O_PATH
#define BUCKET_MODE O_PATH
#else
#define BUCKET_MODE O_RDONLY
#endif
/* A record is never followed if it is a symbolic link, nor waited for if a FIFO. */
#define RECORD_MODE (O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

/* Set error to "what dir: reason". */
static void fail(char *error, size_t size, const char *what, const char *dir, int e)
{
	const char *parts[] = {what, " ", dir, ": ", message_error(e)};
	message_join(error, size, parts, sizeof parts / sizeof parts[0]);
}

size_t cache_dir_path(char *out, const char *dir, const char *key)
{
	size_t d = strlen(dir), k = strlen(key);
	uint32 h = cdb_hash((const unsigned char *)key, k);
	memcpy(out, dir, d);
	out[d] = '/';
	out[d + 1] = fmt_tohex((char)(h >> 4 & 15));
	out[d + 2] = fmt_tohex((char)(h & 15));
	out[d + 3] = '/';
	memcpy(out + d + 4, key, k + 1);
	return d + 4 + k;
}

/* Open the bucket path names (cut after HH); on failure -1 with errno set.
 * O_NOFOLLOW guards HH itself and every later step is relative to the fd,
 * so a bucket planted as a symbolic link leads nowhere; dir, which the
 * administrator chose, is followed. */
static int bucket_open(const char *bucket)
{
	return open(bucket, BUCKET_MODE | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Set error for a bucket that would not open with e: "what bucket DIR/HH:
 * is a symbolic link" (or not a directory), else as fail() says. */
static void bucket_fail(char *error, size_t size, const char *what, const char *dir,
			const char *bucket, int e)
{
	struct stat st;
	const char *why = 0;
	if (e == ENOTDIR || e == ELOOP) {
		if (lstat(bucket, &st) == -1)
			e = errno; /* dir itself, say, is no directory */
		else if (S_ISLNK(st.st_mode))
			why = "is a symbolic link";
		else if (!S_ISDIR(st.st_mode))
			why = "is not a directory";
	}
	if (why) {
		const char *parts[] = {what, " bucket ", bucket, ": ", why};
		message_join(error, size, parts, sizeof parts / sizeof parts[0]);
	} else
		fail(error, size, what, dir, e);
}

int cache_dir_lookup(const char *dir, const char *key, time_t *when, char *error, size_t errsize)
{
	char path[CACHE_DIR_PATH_MAX];
	struct stat st;
	size_t d = strlen(dir);
	int b, e;
	cache_dir_path(path, dir, key);
	path[d + 3] = 0;
	b = bucket_open(path);
	if (b == -1) {
		/* no bucket yet is a miss: say so if the directory itself is the trouble */
		if (errno == ENOENT && faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0)
			return 0;
		bucket_fail(error, errsize, "unable to use cache", dir, path, errno);
		return -1;
	}
	if (fstatat(b, path + d + 4, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		close(b);
		if (!S_ISREG(st.st_mode))
			return 0;
		*when = st.st_mtime;
		return 1;
	}
	e = errno;
	close(b);
	if (e == ENOENT)
		return 0;
	fail(error, errsize, "unable to use cache", dir, e);
	return -1;
}

int cache_dir_record(const char *dir, const char *key, char *error, size_t errsize)
{
	char path[CACHE_DIR_PATH_MAX];
	const char *name;
	size_t d = strlen(dir);
	int b, fd, e = 0;
	cache_dir_path(path, dir, key);
	name = path + d + 4;
	path[d + 3] = 0;
	b = bucket_open(path);
	if (b == -1 && errno == ENOENT) {
		/* first record in this bucket: another process may make it too */
		if (mkdir(path, 0777) == 0 || errno == EEXIST)
			b = bucket_open(path);
	}
	if (b == -1) {
		bucket_fail(error, errsize, "unable to record pass in cache", dir, path, errno);
		return -1;
	}
	fd = openat(b, name, RECORD_MODE, 0666);
	/* an old record is renewed: its time is the time of the last pass */
	if (fd == -1 || futimens(fd, 0) == -1)
		e = errno;
	if (fd != -1)
		close(fd);
	close(b);
	if (e) {
		fail(error, errsize, "unable to record pass in cache", dir, e);
		return -1;
	}
	return 0;
}

int cache_dir_is_bucket(const char *name)
{
	for (int k = 0; k < 2; k++)
		if (scan_fromhex((unsigned char)name[k]) < 0 || (name[k] >= 'A' && name[k] <= 'F'))
			return 0;
	return !name[2];
}

int cache_dir_is_key(const char *name)
{
	char addr[IP_FMT + 1], canon[IP_FMT];
	struct ip ip, net;
	size_t n = 0;
	unsigned long bits;
	const char *p = name;
	while (*p && *p != '_' && n < IP_FMT)
		addr[n++] = *p++;
	addr[n] = 0;
	if (!ip_parse(&ip, addr) || ip_format(canon, &ip) != n || memcmp(canon, addr, n))
		return 0;
	if (!*p)
		return 1;
	if (*p++ != '_' || *p == '0' || !(n = scan_ulong(p, &bits)) || p[n])
		return 0;
	if (bits >= ip.len * 8 || bits < (ip.len == 4 ? 16u : 32u))
		return 0;
	/* the address must be the network itself */
	net = ip;
	ip_mask(&net, (unsigned int)bits);
	return !memcmp(net.b, ip.b, ip.len);
}
