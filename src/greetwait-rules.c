/* greetwait-rules: compile a patterns or whitelist source into the cdb
 * greetwait reads, replacing the old one atomically. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "table.h"

#define USAGE "greetwait-rules: usage: greetwait-rules -p patterns.cdb | -w whitelist.cdb [ source ]\n"

static char tmp[4096];

/* Say why on stderr, remove the temporary file, exit with code. */
static void die(int code, const char *fmt, ...)
{
	va_list ap;
	if (*tmp)
		unlink(tmp);
	fputs("greetwait-rules: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static struct kept_rule {
	struct rule_pattern rule;
	unsigned long lineno;
} *rules;
static size_t kept, room;
static unsigned int counts[PATTERN_KEY_BUCKETS];

/* Keep a pattern until all are read. */
static void keep(const struct rule_pattern *r, unsigned long lineno)
{
	if (kept == room) {
		struct kept_rule *more;
		room = room ? room * 2 : 256;
		if (!(more = realloc(rules, room * sizeof *rules)))
			die(111, "out of memory");
		rules = more;
	}
	rules[kept].rule = *r;
	rules[kept++].lineno = lineno;
}

/* Sync the directory of target, so that the rename into it survives a crash. */
static int sync_dir(const char *target)
{
	char dir[sizeof tmp];
	const char *slash = strrchr(target, '/');
	int fd, r;
	if (!slash)
		strcpy(dir, ".");
	else if (slash == target)
		strcpy(dir, "/");
	else {
		memcpy(dir, target, (size_t)(slash - target));
		dir[slash - target] = 0;
	}
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	r = fsync(fd);
	/* EINVAL: this file system cannot sync a directory; nothing more to do */
	if (r == -1 && errno == EINVAL)
		r = 0;
	if (close(fd) == -1)
		r = -1;
	return r;
}

static void dieusage(void)
{
	fputs(USAGE, stderr);
	exit(100);
}

int main(int argc, char **argv)
{
	struct cdb_make maker;
	struct table_bits bits;
	const char *target = 0, *kind = 0, *source = "stdin";
	char line[RULES_LINE_MAX + 2];
	unsigned long lineno = 0;
	FILE *in = stdin;
	int opt, fd;

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
		if (!(in = fopen(source, "r")))
			die(111, "unable to read %s: %s", source, strerror(errno));
	}
	if (strlen(target) > sizeof tmp - 32)
		die(100, "name too long: %s", target);
	snprintf(tmp, sizeof tmp, "%s.tmp.%lu", target, (unsigned long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		int e = errno;
		*tmp = 0;
		die(111, "unable to create temporary file for %s: %s", target, strerror(e));
	}
	memset(&bits, 0, sizeof bits);
	if (table_make_start(&maker, fd, kind) == -1)
		die(111, "unable to write %s: %s", tmp, strerror(errno));

	while (fgets(line, sizeof line, in)) {
		size_t len = strlen(line);
		const char *why = 0;
		int r;
		lineno++;
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		else if (!feof(in))
			die(100, "%s:%lu: line longer than 1024 characters", source, lineno);
		if (memchr(line, 0, len))
			die(100, "%s:%lu: NUL byte in line", source, lineno);
		if (*kind == 'p') {
			struct rule_pattern p;
			r = rules_parse_pattern(line, len, &p, &why);
			if (r == 1)
				keep(&p, lineno);
		} else {
			struct rule_whitelist w;
			r = rules_parse_whitelist(line, len, &w, &why);
			if (r == 1 && table_make_whitelist(&maker, &bits, &w) == -1)
				die(111, "unable to write %s: %s", tmp, strerror(errno));
		}
		if (r == -1)
			die(100, "%s:%lu: %s", source, lineno, why);
	}
	if (ferror(in))
		die(111, "unable to read %s: %s", source, strerror(errno));
	/* patterns: file each glob under its rarest key, seen over all of them */
	for (size_t k = 0; k < kept; k++)
		pattern_count_keys(rules[k].rule.glob, strlen(rules[k].rule.glob), counts);
	for (size_t k = 0; k < kept; k++)
		if (table_make_pattern(&maker, rules[k].lineno, &rules[k].rule, counts) == -1)
			die(111, "unable to write %s: %s", tmp, strerror(errno));
	if (table_make_finish(&maker, *kind == 'w' ? &bits : 0) == -1)
		die(111, "unable to write %s: %s", tmp, strerror(errno));
	if (fsync(fd) == -1)
		die(111, "unable to sync %s: %s", tmp, strerror(errno));
	if (close(fd) == -1)
		die(111, "unable to close %s: %s", tmp, strerror(errno));
	if (rename(tmp, target) == -1)
		die(111, "unable to move %s to %s: %s", tmp, target, strerror(errno));
	*tmp = 0;
	if (sync_dir(target) == -1)
		die(111, "unable to sync the directory of %s: %s", target, strerror(errno));
	return 0;
}
