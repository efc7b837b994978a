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
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errmsg.h"
#include "fmt.h"

#include "cache_dir.h"
#include "duration.h"

#define USAGE "greetwait-expire [ -t ttl ] [ -v ] cachedir"

static int trouble;

static void dieusage(void) { die(100, "usage: ", USAGE); }

/* "warning: unable to WHAT DIR[/BUCKET[/NAME]]: reason", and remember to
 * exit 111. */
static void warn(const char *what, const char *dir, const char *bucket, const char *name)
{
	carpsys("warning: unable to ", what, " ", dir, bucket ? "/" : "", bucket ? bucket : "",
		name ? "/" : "", name ? name : "");
	trouble = 1;
}

/* Open bucket in dirfd for reading; -1 if it is skipped or failed, said so. */
static int bucket_open(int dirfd, const char *dir, const char *bucket)
{
	struct stat st;
	int fd = openat(dirfd, bucket, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), e;
	if (fd != -1)
		return fd;
	e = errno;
	if ((e == ENOTDIR || e == ELOOP) && fstatat(dirfd, bucket, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISDIR(st.st_mode)) {
		/* greetwait makes none and uses none: not ours to follow or to fail on */
		carp("warning: skipped ", dir, "/", bucket, ": ",
		     S_ISLNK(st.st_mode) ? "is a symbolic link" : "is not a directory");
		return -1;
	}
	errno = e;
	warn("open", dir, bucket, 0);
	return -1;
}

/* Remove the stale records of one bucket; count kept and removed ones. */
static void expire_bucket(int dirfd, const char *dir, const char *bucket, time_t cutoff,
			  unsigned long *kept, unsigned long *removed)
{
	struct dirent *e;
	struct stat st;
	DIR *d;
	int fd = bucket_open(dirfd, dir, bucket);
	if (fd == -1)
		return;
	if (!(d = fdopendir(fd))) {
		warn("open", dir, bucket, 0);
		close(fd);
		return;
	}
	while ((errno = 0, e = readdir(d))) {
		if (!cache_dir_is_key(e->d_name))
			continue;
		if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
			if (errno != ENOENT)
				warn("stat", dir, bucket, e->d_name);
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue; /* greetwait makes only regular files */
		if (st.st_mtime >= cutoff) {
			++*kept;
			continue;
		}
		if (unlinkat(fd, e->d_name, 0) == -1 && errno != ENOENT)
			warn("remove", dir, bucket, e->d_name);
		else
			++*removed;
	}
	if (errno)
		warn("read", dir, bucket, 0);
	closedir(d);
}

/* "greetwait-expire: N records kept, M removed" on stdout. */
static void report(unsigned long kept, unsigned long removed)
{
	char k[FMT_ULONG], r[FMT_ULONG];
	k[fmt_ulong(k, kept)] = 0;
	r[fmt_ulong(r, removed)] = 0;
	msg(k, " records kept, ", r, " removed");
}

int main(int argc, char **argv)
{
	unsigned long ttl = CACHE_TTL_DEFAULT, kept = 0, removed = 0;
	struct dirent *e;
	DIR *d;
	int opt, verbose = 0, fd;
	time_t cutoff;

	errmsg_iam("greetwait-expire");
	while ((opt = getopt(argc, argv, "t:v")) != -1) {
		switch (opt) {
		case 't':
			if (!duration_parse_ttl(optarg, &ttl))
				dieusage();
			break;
		case 'v': verbose = 1; break;
		default: dieusage();
		}
	}
	argv += optind;
	if (!argv[0] || argv[1] || !*argv[0])
		dieusage();
	if (!strncmp(argv[0], "memcache:", 9))
		die(100, "fatal: memcached expires records itself");
	cutoff = time(0) - (time_t)ttl;
	fd = open(argv[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1 || !(d = fdopendir(fd)))
		diesys(111, "fatal: unable to open ", argv[0]);
	while ((errno = 0, e = readdir(d)))
		if (cache_dir_is_bucket(e->d_name))
			expire_bucket(fd, argv[0], e->d_name, cutoff, &kept, &removed);
	if (errno)
		warn("read", argv[0], 0, 0);
	closedir(d);
	if (verbose)
		report(kept, removed);
	return trouble ? 111 : 0;
}
