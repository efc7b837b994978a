/* spawn: run several commands N times each, in turn (so that a busy
 * machine slows them all alike), each with a fresh socket pair on fd 0
 * and 1 as under tcpserver and its stderr to /dev/null; print, per
 * command, the median wall-clock and CPU (user + system) microseconds of
 * a run.  Usage: spawn N prog [arg ...] [ -- prog [arg ...] ] ... */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define COMMANDS_MAX 32
#define RUNS_MAX     20000

static double wall[COMMANDS_MAX][RUNS_MAX], cpu[COMMANDS_MAX][RUNS_MAX];

/* Order doubles for qsort. */
static int cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* Run argv once on a socket pair; its wall and CPU microseconds. */
static int run(char **argv, int null, double *w, double *c)
{
	struct timespec a, b;
	struct rusage ru;
	int sv[2], status;
	pid_t pid;
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == -1)
		return -1;
	if (!pid) {
		dup2(sv[1], 0);
		dup2(sv[1], 1);
		dup2(null, 2);
		close(sv[0]);
		close(sv[1]);
		execv(argv[0], argv);
		_exit(111);
	}
	close(sv[1]);
	wait4(pid, &status, 0, &ru);
	clock_gettime(CLOCK_MONOTONIC, &b);
	close(sv[0]);
	*w = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
	*c = ru.ru_utime.tv_sec * 1e6 + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1e6 +
	     ru.ru_stime.tv_usec;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -1;
}

int main(int argc, char **argv)
{
	char **cmd[COMMANDS_MAX];
	int ncmd = 0, null = open("/dev/null", O_WRONLY);
	long n;
	if (argc < 3 || (n = atol(argv[1])) <= 0 || n > RUNS_MAX) {
		fprintf(stderr, "spawn: usage: spawn N prog [arg ...] [ -- prog [arg ...] ] ...\n");
		return 100;
	}
	cmd[ncmd++] = argv + 2;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--") && ncmd < COMMANDS_MAX) {
			argv[i] = 0;
			cmd[ncmd++] = argv + i + 1;
		}
	for (long i = 0; i < n; i++)
		for (int k = 0; k < ncmd; k++)
			if (run(cmd[k], null, &wall[k][i], &cpu[k][i]) == -1) {
				fprintf(stderr, "spawn: %s failed\n", cmd[k][0]);
				return 111;
			}
	for (int k = 0; k < ncmd; k++) {
		qsort(wall[k], (size_t)n, sizeof wall[k][0], cmp);
		qsort(cpu[k], (size_t)n, sizeof cpu[k][0], cmp);
		printf("%.1f %.1f\n", wall[k][n / 2], cpu[k][n / 2]);
	}
	return 0;
}
