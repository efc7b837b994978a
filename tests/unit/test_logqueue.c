/* logqueue with fd 2 a pipe this test reads: straight out while the pipe
 * takes lines; queued while it is full, the lines over -L lost and
 * counted; once it reads, the queue written in order and one line for
 * the lost ones; a child's line through the holder's socket. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "logqueue.h"

static int p[2], saved = -1;

/* Read what waits in the pipe into buf (size bytes at most); its length. */
static size_t drain(char *buf, size_t size)
{
	size_t n = 0;
	ssize_t r;
	while (n < size && (r = read(p[0], buf + n, size - n)) > 0)
		n += (size_t)r;
	return n;
}

static void test_queue(void **state)
{
	static char buf[1 << 17];
	char line[100], filler[512];
	size_t n, lines = 0;
	(void)state;
	memset(line, 'x', 99);
	line[99] = '\n';
	memset(filler, 'f', sizeof filler - 1);
	filler[sizeof filler - 1] = '\n';
	assert_int_equal(logqueue_open(LOGQUEUE_MIN), 1);
	logqueue_line("first\n", 6);
	assert_int_equal(logqueue_waiting(), 0);
	assert_int_equal(drain(buf, sizeof buf), 6);
	/* the pipe full: lines queue up to 4096 bytes, 40 of them; 10 are lost */
	while (write(p[1], filler, sizeof filler) == (ssize_t)sizeof filler)
		;
	for (int k = 0; k < 50; k++)
		logqueue_line(line, 100);
	assert_int_equal(logqueue_waiting(), 4000);
	assert_int_equal(logqueue_lost(), 10);
	assert_true(logqueue_flush() != -1); /* room is to be watched for */
	/* the pipe read (the filler): all that waited, whole, then the report */
	drain(buf, sizeof buf);
	assert_int_equal(logqueue_flush(), -1);
	n = drain(buf, sizeof buf - 1);
	assert_int_equal(n, 4000 + 58);
	for (size_t k = 0; k < 4000; k += 100)
		lines += !memcmp(buf + k, line, 100);
	assert_int_equal(lines, 40);
	buf[n] = 0;
	assert_string_equal(buf + 4000,
			    "greetwait-hold: warning: the log was full, lines lost: 10\n");
	assert_int_equal(logqueue_waiting(), 0);
	assert_int_equal(logqueue_lost(), 10);
}

/* A child's line reaches fd 2 through the holder, which reads it in. */
static void test_child(void **state)
{
	char buf[64];
	int status;
	pid_t pid;
	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		logqueue_child();
		logqueue_line("from a child\n", 13);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(drain(buf, sizeof buf), 0); /* not written by the child */
	logqueue_receive();
	assert_int_equal(drain(buf, sizeof buf), 13);
	assert_memory_equal(buf, "from a child\n", 13);
}

/* fd 2 becomes the pipe's write end for the tests, and is given back. */
static int setup(void **state)
{
	(void)state;
	if (pipe(p) == -1 || (saved = dup(2)) == -1 || dup2(p[1], 2) == -1)
		return -1;
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	dup2(saved, 2);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_queue),
	    cmocka_unit_test(test_child),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
