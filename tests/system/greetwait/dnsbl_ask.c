/* dnsbl_ask [-t limit_ms] ip spec...: ask the -d lists (dnsbl_query)
 * about ip as greetwait's wait will, polling them all until each has
 * answered or limit_ms (default DNSBL_LIMIT_MS) has passed, and print
 * one line per zone, then the score, the log values and the time taken:
 *
 *   bl.test listed 127.0.0.2,127.0.0.10
 *   wl.test not-listed
 *   fail.test failed unable to look up fail.test: server failure
 *   score=1
 *   dnsbl="bl.test:127.0.0.2,bl.test:127.0.0.10"
 *   error="unable to look up fail.test: server failure"
 *   took=12
 *
 * For tests/system/greetwait/t_dnsbl_query.sh.  Exit 100 on bad usage or
 * a bad spec, 111 if poll fails. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "dnsbl.h"
#include "dnsbl_query.h"
#include "ip.h"

static struct dnsbl_config config;
static struct dnsbl_query query;

static const char *const states[] = {"pending", "listed", "not-listed", "failed"};

/* Print zone z's outcome. */
static void show(unsigned int z)
{
	const struct dnsbl_answer *a = &query.answer[z];
	printf("%s %s", config.site[config.zone_site[z]].zone, states[a->state]);
	if (a->state == DNSBL_FAILED)
		printf(" %s", a->error);
	for (unsigned int k = 0; k < a->naddr; k++) {
		struct ip ip = {{0}, 4};
		char text[IP_FMT];
		memcpy(ip.b, a->addr[k], 4);
		ip_format(text, &ip);
		printf("%s%s", k ? "," : " ", text);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	struct pollfd p[DNSBL_ZONES_MAX];
	char value[DNSBL_LOG_MAX + 1], errors[1000];
	unsigned long limit_ms = DNSBL_LIMIT_MS, start, limit;
	const char *reason;
	struct ip ip;
	int i = 1;
	if (argc > 2 && !strcmp(argv[1], "-t")) {
		limit_ms = strtoul(argv[2], 0, 10);
		i = 3;
	}
	if (argc - i < 2 || !ip_parse(&ip, argv[i])) {
		fprintf(stderr, "usage: dnsbl_ask [-t limit_ms] ip spec...\n");
		return 100;
	}
	for (i++; i < argc; i++)
		if (!dnsbl_add(&config, argv[i], &reason)) {
			fprintf(stderr, "dnsbl_ask: bad -d %s: %s\n", argv[i], reason);
			return 100;
		}
	start = clock_now_ms();
	limit = start + limit_ms;
	dnsbl_query_start(&query, &config, &ip);
	while (query.pending) {
		unsigned long now = clock_now_ms(), deadline = limit;
		unsigned int n;
		if (now >= limit)
			break;
		n = dnsbl_query_io(&query, p, &deadline);
		if (deadline > limit)
			deadline = limit;
		if (poll(p, n, deadline > now ? (int)(deadline - now) : 0) == -1 &&
		    errno != EINTR) {
			perror("dnsbl_ask: poll");
			return 111;
		}
		dnsbl_query_step(&query, p);
	}
	dnsbl_query_stop(&query);
	for (unsigned int z = 0; z < config.nzones; z++)
		show(z);
	printf("score=%d\n", dnsbl_score(&config, query.answer));
	dnsbl_format(value, &config, query.answer);
	printf("dnsbl=\"%s\"\n", value);
	dnsbl_format_errors(errors, sizeof errors, &config, query.answer);
	printf("error=\"%s\"\n", errors);
	printf("took=%lu\n", clock_now_ms() - start);
	return 0;
}
