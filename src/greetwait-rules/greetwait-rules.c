/* greetwait-rules: compile a patterns or whitelist source into the cdb
 * greetwait reads, replacing the old one atomically. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buffer.h"
#include "errmsg.h"
#include "fmt.h"
#include "scan.h"

#include "pattern.h"
#include "rules.h"
#include "table.h"
#include "table_make.h"

#define TEXT(x)   #x
#define NUMBER(x) TEXT(x)
#define CROWDED                                                                                    \
	"more than " NUMBER(TABLE_KEY_GLOBS_MAX) " patterns share every key this one could be "    \
						 "filed under: give it a longer literal part"
#define USAGE "greetwait-rules -p patterns.cdb | -w whitelist.cdb [ source ]"

/* The temporary file being written; "" when there is none to remove. */
static char tmp[4096];

/* Remove the temporary file, keeping errno for the message that follows. */
static void remove_tmp(void)
{
	int e = errno;
	if (*tmp)
		unlink(tmp);
	errno = e;
}

/* "greetwait-rules: fatal: ..." on stderr, the temporary file removed, exit code;
 * fatalsys adds ": " and errno's text. */
#define fatal(code, ...)                                                                           \
	do {                                                                                       \
		remove_tmp();                                                                      \
		die(code, "fatal: ", __VA_ARGS__);                                                 \
	} while (0)
#define fatalsys(code, ...)                                                                        \
	do {                                                                                       \
		remove_tmp();                                                                      \
		diesys(code, "fatal: ", __VA_ARGS__);                                              \
	} while (0)

/* SIGTERM, SIGINT, SIGHUP: a failure like any other, so remove the temporary
 * file and exit 111; only async-signal-safe calls here. */
static void stop(int sig)
{
	static const char said[] = "greetwait-rules: fatal: stopped by a signal\n";
	(void)sig;
	if (*tmp)
		unlink(tmp);
	if (write(2, said, sizeof said - 1) < 0) {
		/* nothing more to say */
	}
	_exit(111);
}

/* The signals stop() handles, in set. */
static void stop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGHUP);
}

/* Let stop() handle SIGTERM, SIGINT and SIGHUP, except those ignored from
 * the start (nohup, a shell's background job), which stay ignored. */
static void catch_signals(void)
{
	static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
	struct sigaction sa, old;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = stop;
	stop_signals(&sa.sa_mask);
	for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
		if (sigaction(sigs[k], 0, &old) == 0 && old.sa_handler != SIG_IGN)
			sigaction(sigs[k], &sa, 0);
}

/* Hold SIGTERM, SIGINT and SIGHUP from the rename on: past it, the build
 * has succeeded and there is nothing to undo. */
static void hold_signals(void)
{
	sigset_t set;
	stop_signals(&set);
	sigprocmask(SIG_BLOCK, &set, 0);
}

/* Whether a temporary file's pid belongs to no running build: the process
 * is gone (ESRCH), or it is our own pid, which has written nothing yet. A
 * process of another user (EPERM) is running, and its file stays. */
static int pid_dead(unsigned long pid)
{
	if (pid == (unsigned long)getpid())
		return 1;
	return kill((pid_t)pid, 0) == -1 && errno == ESRCH;
}

/* Remove target.tmp.PID files that builds killed by SIGKILL (or a crash)
 * left behind in dir; dir is target's directory, base its last component. */
static void remove_stale(const char *dir, const char *target, const char *base)
{
	size_t blen = strlen(base), dirlen = (size_t)(base - target);
	char path[sizeof tmp + 256];
	struct dirent *e;
	DIR *d = opendir(dir);
	if (!d)
		return; /* creating the temporary file says why */
	while ((e = readdir(d))) {
		const char *digits = e->d_name + blen + 5;
		unsigned long pid;
		size_t n;
		if (strncmp(e->d_name, base, blen) || strncmp(e->d_name + blen, ".tmp.", 5))
			continue;
		n = scan_ulong(digits, &pid);
		if (!n || digits[n] || *digits == '0' || pid > INT_MAX || !pid_dead(pid))
			continue;
		if (dirlen + strlen(e->d_name) >= sizeof path)
			continue;
		memcpy(path, target, dirlen);
		strcpy(path + dirlen, e->d_name);
		if (unlink(path) == -1 && errno != ENOENT)
			carpsys("warning: unable to remove stale ", path);
	}
	closedir(d);
}

/* Write target's directory into dir ("." if it names none); return its last component. */
static const char *split_dir(const char *target, char *dir)
{
	const char *slash = strrchr(target, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == target)
		strcpy(dir, "/");
	else {
		memcpy(dir, target, (size_t)(slash - target));
		dir[slash - target] = 0;
	}
	return slash ? slash + 1 : target;
}

/* Sync dir, so that the rename into it survives a crash. */
static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), r;
	if (fd == -1)
		return -1;
	r = fsync(fd);
	/* EINVAL: this file system cannot sync a directory; nothing more to do */
	if (r == -1 && errno == EINVAL)
		r = 0;
	if (close(fd) == -1)
		r = -1;
	return r;
}

/* The next line of in, without its newline, in *text, its length in *len:
 * inside in's buffer when it is there whole (valid until the next call),
 * else copied into line (RULES_LINE_MAX bytes). 1 for a line (also a last
 * one without its newline), 0 at end of input, -1 on a read error, -2 for
 * a line too long. NUL bytes are kept, and counted in the length. */
static int next_line(buffer *in, char *line, const char **text, size_t *len)
{
	size_t n = 0;
	*text = line;
	for (;;) {
		ssize_t got = buffer_feed(in);
		const char *at, *nl;
		size_t take;
		if (got < 0)
			return -1;
		if (got == 0) {
			*len = n;
			return n > 0;
		}
		at = buffer_peek(in);
		nl = memchr(at, '\n', (size_t)got);
		take = nl ? (size_t)(nl - at) : (size_t)got;
		if (n + take > RULES_LINE_MAX)
			return -2;
		if (nl && n == 0) {
			*text = at;
			*len = take;
			buffer_seek(in, take + 1);
			return 1;
		}
		memcpy(line + n, at, take);
		n += take;
		buffer_seek(in, take + (nl != 0));
		if (nl) {
			*len = n;
			return 1;
		}
	}
}

/* Stop at a bad line: "SOURCE:LINE: why", exit 100. */
static void bad_line(const char *source, unsigned long lineno, const char *why)
{
	char num[FMT_ULONG];
	num[fmt_ulong(num, lineno)] = 0;
	fatal(100, source, ":", num, ": ", why);
}

static void dieusage(void) { die(100, "usage: ", USAGE); }

/* Patterns parsed and not yet filed, with their line numbers: filed a
 * batch at a time (table_make_patterns), and always before a later line
 * can stop the build, so that the first bad line is the one reported. */
struct batch {
	size_t n;
	unsigned long lineno[TABLE_MAKE_BATCH];
	struct rule_pattern p[TABLE_MAKE_BATCH];
};

/* File the batch's patterns into maker; stop at a crowded one. */
static void file_batch(struct table_make *maker, struct batch *b, const char *source)
{
	size_t done;
	int r = b->n ? table_make_patterns(maker, b->lineno, b->p, b->n, &done) : 0;
	if (r == -1)
		fatalsys(111, "unable to write ", tmp);
	if (r == TABLE_MAKE_CROWDED)
		bad_line(source, b->lineno[done], CROWDED);
	b->n = 0;
}

int main(int argc, char **argv)
{
	static struct table_make maker;
	static struct batch batch;
	const char *target = 0, *kind = 0, *source = "stdin", *base;
	/* reads of 64 kB: a million lines in 500 reads, not 4,000 */
	static char inspace[65536];
	char line[RULES_LINE_MAX], dir[sizeof tmp];
	const char *text;
	unsigned long lineno = 0;
	buffer in;
	size_t len;
	int opt, fd, infd = 0, got;

	errmsg_iam("greetwait-rules");
	opterr = 0;
	while ((opt = getopt(argc, argv, "p:w:")) != -1) {
		if (opt != 'p' && opt != 'w')
			dieusage();
		if (target)
			dieusage();
		target = optarg;
		kind = opt == 'p' ? "patterns" : "whitelist";
	}
	if (!target || argc - optind > 1)
		dieusage();
	if (argc - optind == 1) {
		source = argv[optind];
		if ((infd = open(source, O_RDONLY | O_CLOEXEC)) == -1)
			fatalsys(111, "unable to read ", source);
	}
	if (strlen(target) > sizeof tmp - 32)
		fatal(100, "name too long: ", target);
	base = split_dir(target, dir);
	len = fmt_str(tmp, target);
	len += fmt_str(tmp + len, ".tmp.");
	tmp[len + fmt_ulong(tmp + len, (unsigned long)getpid())] = 0;
	/* only now: stop() must never see a name half written */
	catch_signals();
	remove_stale(dir, target, base);

	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		*tmp = 0;
		fatalsys(111, "unable to create temporary file for ", target);
	}
	if (table_make_start(&maker, fd, kind) == -1)
		fatalsys(111, "unable to write ", tmp);

	buffer_init(&in, (ssize_t(*)())read, infd, inspace, sizeof inspace);
	while ((got = next_line(&in, line, &text, &len)) == 1) {
		const char *why = 0;
		int r;
		lineno++;
		if (memchr(text, 0, len)) {
			file_batch(&maker, &batch, source);
			bad_line(source, lineno, "NUL byte");
		}
		if (*kind == 'p') {
			r = rules_parse_pattern(text, len, &batch.p[batch.n], &why);
			if (r == 1) {
				batch.lineno[batch.n++] = lineno;
				if (batch.n == TABLE_MAKE_BATCH)
					file_batch(&maker, &batch, source);
			}
		} else {
			struct rule_whitelist w;
			r = rules_parse_whitelist(text, len, &w, &why);
			if (r == 1 && table_make_whitelist(&maker, &w) == -1)
				fatalsys(111, "unable to write ", tmp);
		}
		if (r == -1) {
			file_batch(&maker, &batch, source);
			bad_line(source, lineno, why);
		}
	}
	file_batch(&maker, &batch, source);
	if (got == -2)
		bad_line(source, lineno + 1, "line longer than 1024 characters");
	if (got == -1)
		fatalsys(111, "unable to read ", source);
	if (table_make_finish(&maker) == -1)
		fatalsys(111, "unable to write ", tmp);
	if (fsync(fd) == -1)
		fatalsys(111, "unable to sync ", tmp);
	if (close(fd) == -1)
		fatalsys(111, "unable to close ", tmp);
	hold_signals();
	if (rename(tmp, target) == -1)
		fatalsys(111, "unable to move ", tmp, " to ", target);
	*tmp = 0;
	if (sync_dir(dir) == -1)
		fatalsys(111, "unable to sync directory ", dir);
	return 0;
}
