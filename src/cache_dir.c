#include "cache_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "message.h"
#include "cdb.h"
#include "ip.h"

/* Set error to "what dir: reason". */
static void fail(char *error, size_t size, const char *what, const char *dir, int e)
{
	const char *parts[] = {what, " ", dir, ": ", e == ENOENT ? "file does not exist" : strerror(e)};
	message_join(error, size, parts, sizeof parts / sizeof parts[0]);
}

size_t cache_dir_path(char *out, const char *dir, const char *key)
{
	static const char hex[] = "0123456789abcdef";
	size_t d = strlen(dir), k = strlen(key);
	uint32 h = cdb_hash((const unsigned char *)key, k);
	memcpy(out, dir, d);
	out[d] = '/';
	out[d + 1] = hex[h >> 4 & 15];
	out[d + 2] = hex[h & 15];
	out[d + 3] = '/';
	memcpy(out + d + 4, key, k + 1);
	return d + 4 + k;
}

int cache_dir_lookup(const char *dir, const char *key, time_t *when, char *error, size_t errsize)
{
	char path[CACHE_DIR_PATH_MAX];
	struct stat st;
	cache_dir_path(path, dir, key);
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return 0;
		*when = st.st_mtime;
		return 1;
	}
	if (errno == ENOENT) {
		/* a miss: say so if the directory itself is the trouble */
		if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS) == 0)
			return 0;
	}
	fail(error, errsize, "unable to use cache", dir, errno);
	return -1;
}

int cache_dir_record(const char *dir, const char *key, char *error, size_t errsize)
{
	char path[CACHE_DIR_PATH_MAX];
	size_t d = strlen(dir);
	int fd, e;
	cache_dir_path(path, dir, key);
	for (int attempt = 0;; attempt++) {
		fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0666);
		if (fd != -1 || errno != ENOENT || attempt)
			break;
		/* first record in this bucket: another process may make it too */
		path[d + 3] = 0;
		e = mkdir(path, 0777) == -1 && errno != EEXIST ? errno : 0;
		path[d + 3] = '/';
		if (e) {
			errno = e;
			break;
		}
	}
	if (fd == -1) {
		fail(error, errsize, "unable to record pass in cache", dir, errno);
		return -1;
	}
	/* an old record is renewed: its time is the time of the last pass */
	if (futimens(fd, 0) == -1) {
		e = errno;
		close(fd);
		fail(error, errsize, "unable to record pass in cache", dir, e);
		return -1;
	}
	close(fd);
	return 0;
}

int cache_dir_is_key(const char *name)
{
	char addr[IP_FMT + 1], canon[IP_FMT];
	struct ip ip;
	size_t n = 0;
	unsigned int bits = 0;
	const char *p = name;
	while (*p && *p != '_' && n < IP_FMT)
		addr[n++] = *p++;
	addr[n] = 0;
	if (!ip_parse(&ip, addr) || ip_format(canon, &ip) != n || memcmp(canon, addr, n))
		return 0;
	if (!*p)
		return 1;
	if (*p++ != '_' || !*p || *p == '0')
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || bits > 128)
			return 0;
		bits = bits * 10 + (unsigned int)(*p - '0');
	}
	if (bits >= ip.len * 8 || bits < (ip.len == 4 ? 16u : 32u))
		return 0;
	/* the address must be the network itself */
	{
		struct ip net = ip;
		ip_mask(&net, bits);
		return !memcmp(net.b, ip.b, ip.len);
	}
}
