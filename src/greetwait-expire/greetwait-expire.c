/* greetwait-expire: remove pass-cache records older than the TTL from a
 * greetwait cache directory; meant for cron.  Safe while greetwait runs:
 * a record renewed between the look and the removal is lost at worst,
 * which costs its client one more long delay.  A bucket that is a
 * symbolic link or no directory is skipped with a warning, not followed,
 * and does not make the exit code 111: else whoever planted it would make
 * the daily run fail for ever. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "duration.h"
#include "cache_dir.h"

#define USAGE "greetwait-expire: usage: greetwait-expire [ -t ttl ] [ -v ] cachedir\n"

static int trouble;

static void dieusage(void)
{
	write(2, USAGE, sizeof USAGE - 1);
	_exit(100);
}

/* Say what failed, and remember to exit 111. */
static void warn(const char *what, const char *path, const char *name)
{
	fprintf(stderr, "greetwait-expire: warning: unable to %s %s%s%s: %s\n", what, path,
		name ? "/" : "", name ? name : "", strerror(errno));
	trouble = 1;
}

/* 1 if name is a bucket: two lower-case hex digits. */
static int is_bucket(const char *name)
{
	for (int k = 0; k < 2; k++)
		if (!((name[k] >= '0' && name[k] <= '9') || (name[k] >= 'a' && name[k] <= 'f')))
			return 0;
	return !name[2];
}

/* Remove the stale records of one bucket; count kept and removed ones. */
static void expire_bucket(int dirfd, const char *dir, const char *bucket, time_t cutoff,
			  unsigned long *kept, unsigned long *removed)
{
	char path[CACHE_DIR_PATH_MAX];
	struct dirent *e;
	struct stat st;
	DIR *d;
	int err, fd;
	snprintf(path, sizeof path, "%s/%s", dir, bucket);
	fd = openat(dirfd, bucket, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd == -1) {
		err = errno;
		if ((err == ENOTDIR || err == ELOOP) && fstatat(dirfd, bucket, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    !S_ISDIR(st.st_mode)) {
			/* greetwait makes none and uses none: not ours to follow or to fail on */
			fprintf(stderr, "greetwait-expire: warning: skipped %s: %s\n", path,
				S_ISLNK(st.st_mode) ? "is a symbolic link" : "is not a directory");
			return;
		}
		errno = err;
		warn("open", path, 0);
		return;
	}
	if (!(d = fdopendir(fd))) {
		warn("open", path, 0);
		close(fd);
		return;
	}
	while ((errno = 0, e = readdir(d))) {
		if (!cache_dir_is_key(e->d_name))
			continue;
		if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			if (errno != ENOENT)
				warn("stat", path, e->d_name);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue; /* greetwait makes only regular files */
		if (st.st_mtime >= cutoff) {
			++*kept;
			continue;
		}
		if (unlinkat(fd, e->d_name, 0) == -1 && errno != ENOENT)
			warn("remove", path, e->d_name);
		else
			++*removed;
	}
	if (errno)
		warn("read", path, 0);
	closedir(d);
}

int main(int argc, char **argv)
{
	unsigned long ttl = CACHE_TTL_DEFAULT, kept = 0, removed = 0;
	struct dirent *e;
	DIR *d;
	int opt, verbose = 0, fd;
	time_t cutoff;

	while ((opt = getopt(argc, argv, "t:v")) != -1) {
		switch (opt) {
		case 't': if (!duration_parse_ttl(optarg, &ttl)) dieusage(); break;
		case 'v': verbose = 1; break;
		default: dieusage();
		}
	}
	argv += optind;
	if (!argv[0] || argv[1] || !*argv[0])
		dieusage();
	if (!strncmp(argv[0], "memcache:", 9)) {
		fprintf(stderr, "greetwait-expire: fatal: memcached expires records itself\n");
		return 100;
	}
	cutoff = time(0) - (time_t)ttl;
	fd = open(argv[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || !(d = fdopendir(fd))) {
		fprintf(stderr, "greetwait-expire: fatal: unable to open %s: %s\n", argv[0], strerror(errno));
		return 111;
	}
	while ((errno = 0, e = readdir(d)))
		if (is_bucket(e->d_name))
			expire_bucket(fd, argv[0], e->d_name, cutoff, &kept, &removed);
	if (errno)
		warn("read", argv[0], 0);
	closedir(d);
	if (verbose)
		printf("greetwait-expire: %lu records kept, %lu removed\n", kept, removed);
	return trouble ? 111 : 0;
}
