/* clock: the time base of every wait: milliseconds that only go forward,
 * and a wait for one descriptor that ends when it is ready or at the
 * deadline, not sooner for a signal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"

static void test_now_goes_forward(void **state)
{
	struct timespec pause = {.tv_nsec = 50 * 1000000};
	unsigned long t0 = clock_now_ms(), t1;
	(void)state;
	nanosleep(&pause, 0);
	t1 = clock_now_ms();
	assert_true(t1 - t0 >= 50);
	assert_true(t1 - t0 < 2000);
}

static void test_ready(void **state)
{
	int p[2];
	unsigned long t0;
	(void)state;
	assert_int_equal(pipe(p), 0);
	/* nothing to read: waits out the deadline */
	t0 = clock_now_ms();
	assert_int_equal(clock_ready(p[0], POLLIN, t0 + 60), 0);
	assert_true(clock_now_ms() - t0 >= 60);
	assert_true(clock_now_ms() - t0 < 2000);
	/* a deadline already past: no wait at all, even on a ready descriptor */
	assert_int_equal(clock_ready(p[1], POLLOUT, clock_now_ms() - 1), 0);
	/* ready: at once */
	assert_int_equal(write(p[1], "x", 1), 1);
	t0 = clock_now_ms();
	assert_int_equal(clock_ready(p[0], POLLIN, t0 + 5000), 1);
	assert_int_equal(clock_ready(p[1], POLLOUT, t0 + 5000), 1);
	assert_true(clock_now_ms() - t0 < 1000);
	close(p[0]);
	close(p[1]);
}

static void on_alarm(int sig) { (void)sig; }

static void test_signal_does_not_end_the_wait(void **state)
{
	struct sigaction sa;
	struct itimerval every = {{0, 10000}, {0, 10000}}, off;
	int p[2];
	unsigned long t0;
	(void)state;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm; /* no SA_RESTART: poll fails with EINTR */
	assert_int_equal(sigaction(SIGALRM, &sa, 0), 0);
	assert_int_equal(pipe(p), 0);
	assert_int_equal(setitimer(ITIMER_REAL, &every, 0), 0);
	t0 = clock_now_ms();
	assert_int_equal(clock_ready(p[0], POLLIN, t0 + 100), 0);
	assert_true(clock_now_ms() - t0 >= 100);
	memset(&off, 0, sizeof off);
	setitimer(ITIMER_REAL, &off, 0);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_now_goes_forward),
	    cmocka_unit_test(test_ready),
	    cmocka_unit_test(test_signal_does_not_end_the_wait),
	};
	return cmocka_run_group_tests_name("clock", tests, 0, 0);
}
