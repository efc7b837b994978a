/* lookup: what a patterns lookup costs, table by table, on the PTR
 * corpus: each name of ptr.tsv looked up in each table with {ip} built
 * from its address (table_lookup_pattern, as greetwait does), the tables
 * taking turns for ROUNDS rounds; print per table the globs tried per
 * name (mean and most) and the nanoseconds per lookup (the median round).
 * Usage: lookup ROUNDS ptr.tsv table.cdb ...; exit 111 if a table or the
 * corpus cannot be read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ip.h"
#include "pattern.h"
#include "table.h"

#define NAMES_MAX  4096
#define TABLES_MAX 8
#define ROUNDS_MAX 100

static char names[NAMES_MAX][PATTERN_NAME_MAX + 1];
static struct ipforms forms[NAMES_MAX];
static double ns[TABLES_MAX][ROUNDS_MAX];

/* Order doubles for qsort. */
static int cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* Read the corpus' names and addresses; their number, or -1. */
static int load(const char *path)
{
	char line[2048];
	int n = 0;
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof line, f) && n < NAMES_MAX) {
		char *ip = strchr(line, '\t'), *name;
		struct ip addr;
		if (!strncmp(line, "label\t", 6) || !ip || !(ip = strchr(ip + 1, '\t')))
			continue;
		*ip++ = 0;
		if (!(name = strchr(ip, '\t')))
			continue;
		*name++ = 0;
		name[strcspn(name, "\t\n")] = 0;
		if (strlen(name) > PATTERN_NAME_MAX)
			continue;
		strcpy(names[n], name);
		forms[n].n = 0;
		forms[n].v4 = 0;
		if (ip_parse(&addr, ip))
			ipforms_build(&forms[n], &addr);
		n++;
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	static struct table t[TABLES_MAX];
	unsigned long tried[TABLES_MAX] = {0}, most[TABLES_MAX] = {0};
	int rounds = argc > 1 ? atoi(argv[1]) : 0, ntables = argc - 3, n;
	if (rounds < 1 || rounds > ROUNDS_MAX || ntables < 1 || ntables > TABLES_MAX) {
		fprintf(stderr, "usage: lookup ROUNDS ptr.tsv table.cdb ...\n");
		return 100;
	}
	if ((n = load(argv[2])) <= 0) {
		fprintf(stderr, "lookup: fatal: unable to read %s\n", argv[2]);
		return 111;
	}
	for (int k = 0; k < ntables; k++)
		if (!table_open(&t[k], argv[3 + k], "patterns")) {
			fprintf(stderr, "lookup: fatal: %s\n", t[k].error);
			return 111;
		}
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < ntables; k++) {
			struct timespec a, b;
			clock_gettime(CLOCK_MONOTONIC, &a);
			for (int i = 0; i < n; i++) {
				struct pattern_hit hit;
				table_lookup_pattern(&t[k], names[i], strlen(names[i]), &forms[i],
						     &hit);
				if (r == 0) {
					tried[k] += hit.tested;
					if (hit.tested > most[k])
						most[k] = hit.tested;
				}
			}
			clock_gettime(CLOCK_MONOTONIC, &b);
			ns[k][r] = ((double)(b.tv_sec - a.tv_sec) * 1e9 +
				    (double)(b.tv_nsec - a.tv_nsec)) /
				   n;
		}
	for (int k = 0; k < ntables; k++) {
		qsort(ns[k], (size_t)rounds, sizeof ns[k][0], cmp);
		printf("%s: %d names, globs tried per name %.1f (most %lu), %.0f ns per lookup\n",
		       argv[3 + k], n, (double)tried[k] / n, most[k], ns[k][rounds / 2]);
	}
	return 0;
}
