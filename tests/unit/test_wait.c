/* wait over socket pairs, pipes and /dev/null: the early bytes are peeked
 * at, never consumed; a DNS socket under way interrupts the wait. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "wait.h"

static void test_pass(void **state)
{
	int sv[2];
	struct wait_outcome o;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	wait_for_greeting(sv[0], clock_now_ms(), 50, &o);
	assert_int_equal(o.result, WAIT_PASS);
	assert_true(o.waited_ms >= 50 && o.waited_ms < 1000);
	close(sv[0]);
	close(sv[1]);
}

/* A DNS socket under way: ready, or its deadline, comes back as WAIT_OTHER;
 * the client still wins when both have something. */
static void test_other(void **state)
{
	int sv[2], dns[2];
	struct wait_outcome o;
	struct pollfd other;
	unsigned long start = clock_now_ms();
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, dns), 0);
	other.fd = dns[0];
	other.events = POLLIN;
	wait_for_greeting_or(sv[0], start, 5000, &other, 1, start + 30, &o);
	assert_int_equal(o.result, WAIT_OTHER);
	assert_int_equal(other.revents, 0);
	assert_true(clock_now_ms() - start >= 30 && clock_now_ms() - start < 1000);
	assert_int_equal(write(dns[1], "answer", 6), 6);
	wait_for_greeting_or(sv[0], start, 5000, &other, 1, start + 5000, &o);
	assert_int_equal(o.result, WAIT_OTHER);
	assert_true(other.revents & POLLIN);
	/* the delay ends first: a pass, whatever DNS is doing */
	wait_for_greeting_or(sv[0], clock_now_ms() - 10, 5, &other, 1, start + 5000, &o);
	assert_int_equal(o.result, WAIT_PASS);
	assert_int_equal(write(sv[1], "EHLO x\r\n", 8), 8);
	wait_for_greeting_or(sv[0], start, 5000, &other, 1, start + 5000, &o);
	assert_int_equal(o.result, WAIT_PREGREET);
	close(sv[0]);
	close(sv[1]);
	close(dns[0]);
	close(dns[1]);
}

/* kind=: each kind of early data, by its first line as logged. */
static void test_kind(void **state)
{
	(void)state;
	assert_string_equal(wait_kind("HELO 1.2.3.4", 12), "smtp");
	assert_string_equal(wait_kind("ehlo", 4), "smtp");
	assert_string_equal(wait_kind("MAIL FROM:<a@b>", 15), "smtp");
	assert_string_equal(wait_kind("STARTTLS", 8), "smtp");
	assert_string_equal(wait_kind("QUIT", 4), "quit");
	assert_string_equal(wait_kind("quit now", 8), "quit");
	assert_string_equal(wait_kind("QUITE", 5), "other");
	assert_string_equal(wait_kind("GET / HTTP/1.1", 14), "http");
	assert_string_equal(wait_kind("CONNECT example.org:25 HTTP/1.0", 31), "http");
	assert_string_equal(wait_kind("\x16\x03\x01\x02\x00\x01", 6), "tls");
	assert_string_equal(wait_kind("HELO \x01", 6), "binary");
	assert_string_equal(wait_kind("\xff\xfb\x1f", 3), "binary");
	assert_string_equal(wait_kind("hello there", 11), "other");
	assert_null(wait_kind("", 0));
	assert_string_equal(wait_kind("HELOX", 5), "other");
}

/* Several DNS sockets (-r's and -d's zones): an fd of -1 is left alone,
 * the one that is ready says so in its own revents. */
static void test_others(void **state)
{
	int sv[2], a[2], b[2];
	struct wait_outcome o;
	struct pollfd other[3] = {{.fd = -1, .events = POLLIN}};
	unsigned long start = clock_now_ms();
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, a), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, b), 0);
	other[1].fd = a[0];
	other[1].events = POLLIN;
	other[2].fd = b[0];
	other[2].events = POLLIN;
	assert_int_equal(write(b[1], "answer", 6), 6);
	wait_for_greeting_or(sv[0], start, 5000, other, 3, start + 5000, &o);
	assert_int_equal(o.result, WAIT_OTHER);
	assert_int_equal(other[0].revents, 0);
	assert_int_equal(other[1].revents, 0);
	assert_true(other[2].revents & POLLIN);
	assert_true(clock_now_ms() - start < 1000);
	/* none ready: the delay's pass */
	other[2].fd = -1;
	wait_for_greeting_or(sv[0], clock_now_ms(), 30, other, 3, start + 5000, &o);
	assert_int_equal(o.result, WAIT_PASS);
	assert_true(o.waited_ms >= 30);
	close(sv[0]);
	close(sv[1]);
	close(a[0]);
	close(a[1]);
	close(b[0]);
	close(b[1]);
}

static void test_pregreet_is_peeked(void **state)
{
	int sv[2];
	struct wait_outcome o;
	char buf[64];
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], "HELO 1.2.3.4\r\nMAIL FROM:<a@b>\r\n", 31), 31);
	wait_for_greeting(sv[0], clock_now_ms(), 5000, &o);
	assert_int_equal(o.result, WAIT_PREGREET);
	assert_int_equal(o.datalen, 12);
	assert_memory_equal(o.data, "HELO 1.2.3.4", 12);
	/* every byte is still there for the server */
	assert_int_equal(read(sv[0], buf, sizeof buf), 31);
	close(sv[0]);
	close(sv[1]);
}

static void test_hangup(void **state)
{
	int sv[2];
	struct wait_outcome o;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	wait_for_greeting(sv[0], clock_now_ms(), 5000, &o);
	assert_int_equal(o.result, WAIT_HANGUP);
	assert_true(o.waited_ms < 1000);
	close(sv[0]);
}

/* Held up past the delay before the first look (a slow table open, a busy
 * machine): what the client sent meanwhile still counts, not a pass. */
static void test_late_pregreet(void **state)
{
	int sv[2], dns[2];
	struct wait_outcome o;
	struct pollfd other;
	char buf[16];
	unsigned long start = clock_now_ms() - 500;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, dns), 0);
	assert_int_equal(write(sv[1], "EHLO early\r\n", 12), 12);
	wait_for_greeting(sv[0], start, 200, &o);
	assert_int_equal(o.result, WAIT_PREGREET);
	assert_int_equal(o.datalen, 10);
	assert_memory_equal(o.data, "EHLO early", 10);
	assert_true(o.waited_ms >= 500);
	/* -r's re-entries: the delay over, the DNS answer there and its
	 * deadline past too; the client still comes first */
	other.fd = dns[0];
	other.events = POLLIN;
	assert_int_equal(write(dns[1], "answer", 6), 6);
	wait_for_greeting_or(sv[0], start, 200, &other, 1, start, &o);
	assert_int_equal(o.result, WAIT_PREGREET);
	close(sv[1]);
	/* a client that left meanwhile is a hangup */
	assert_int_equal(read(sv[0], buf, sizeof buf), 12);
	wait_for_greeting(sv[0], start, 200, &o);
	assert_int_equal(o.result, WAIT_HANGUP);
	close(sv[0]);
	close(dns[0]);
	close(dns[1]);
}

/* A delay of 0 (GREETWAIT="0", a whitelist entry) is no wait at all. */
static void test_no_delay(void **state)
{
	int sv[2];
	struct wait_outcome o;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], "EHLO x\r\n", 8), 8);
	wait_for_greeting(sv[0], clock_now_ms(), 0, &o);
	assert_int_equal(o.result, WAIT_PASS);
	close(sv[0]);
	close(sv[1]);
}

/* Not a socket: end of file is a hangup, data is reported unconsumed. */
static void test_not_a_socket(void **state)
{
	int pp[2], null = open("/dev/null", O_RDONLY);
	struct wait_outcome o;
	char buf[16];
	(void)state;
	assert_true(null >= 0);
	wait_for_greeting(null, clock_now_ms(), 5000, &o);
	assert_int_equal(o.result, WAIT_HANGUP);
	assert_true(o.waited_ms < 1000);
	close(null);
	assert_int_equal(pipe(pp), 0);
	assert_int_equal(write(pp[1], "HELO x\r\n", 8), 8);
	wait_for_greeting(pp[0], clock_now_ms(), 5000, &o);
	assert_int_equal(o.result, WAIT_PREGREET);
	close(pp[1]);
	assert_int_equal(read(pp[0], buf, sizeof buf), 8);
	wait_for_greeting(pp[0], clock_now_ms(), 5000, &o);
	assert_int_equal(o.result, WAIT_HANGUP);
	close(pp[0]);
}

static void test_first_line(void **state)
{
	char big[300];
	(void)state;
	assert_int_equal(wait_first_line("EHLO x\nQUIT", 11), 6);
	assert_int_equal(wait_first_line("\r\n", 2), 0);
	memset(big, 'A', sizeof big);
	assert_int_equal(wait_first_line(big, sizeof big), WAIT_DATA_MAX);
}

/* wait_look, as greetwait's poll and the holder's epoll call it: what
 * the revents given mean, the early bytes peeked at and left in place. */
static void test_look(void **state)
{
	int sv[2], p[2];
	char buf[16];
	struct wait_outcome o;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	/* a look at nothing: nothing after all */
	assert_int_equal(wait_look(sv[0], POLLIN, &o), 0);
	assert_int_equal(o.result, WAIT_PASS);
	assert_int_equal(write(sv[1], "EHLO x\r\nQUIT\r\n", 14), 14);
	assert_int_equal(wait_look(sv[0], EPOLLIN, &o), 1);
	assert_int_equal(o.result, WAIT_PREGREET);
	assert_int_equal(o.datalen, 6);
	assert_memory_equal(o.data, "EHLO x", 6);
	/* data then the end of file: the data is what counts; it is all still there */
	shutdown(sv[1], SHUT_WR);
	assert_int_equal(wait_look(sv[0], EPOLLIN | EPOLLRDHUP, &o), 1);
	assert_int_equal(o.result, WAIT_PREGREET);
	assert_int_equal(read(sv[0], buf, sizeof buf), 14);
	/* the end of file alone is a hangup; so is POLLHUP or POLLERR without POLLIN */
	assert_int_equal(wait_look(sv[0], EPOLLIN | EPOLLRDHUP, &o), 1);
	assert_int_equal(o.result, WAIT_HANGUP);
	assert_int_equal(o.datalen, 0);
	assert_int_equal(wait_look(sv[0], EPOLLHUP, &o), 1);
	assert_int_equal(o.result, WAIT_HANGUP);
	assert_int_equal(wait_look(sv[0], POLLERR, &o), 1);
	assert_int_equal(o.result, WAIT_HANGUP);
	close(sv[0]);
	close(sv[1]);
	/* a pipe: what waits, without peeking */
	assert_int_equal(pipe(p), 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(wait_look(p[0], POLLIN, &o), 1);
	assert_int_equal(o.result, WAIT_PREGREET);
	assert_int_equal(read(p[0], buf, 1), 1);
	close(p[1]);
	assert_int_equal(wait_look(p[0], POLLIN | POLLHUP, &o), 1);
	assert_int_equal(o.result, WAIT_HANGUP);
	close(p[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pass),          cmocka_unit_test(test_pregreet_is_peeked),
	    cmocka_unit_test(test_other),         cmocka_unit_test(test_others),
	    cmocka_unit_test(test_kind),          cmocka_unit_test(test_hangup),
	    cmocka_unit_test(test_late_pregreet), cmocka_unit_test(test_no_delay),
	    cmocka_unit_test(test_not_a_socket),  cmocka_unit_test(test_first_line),
	    cmocka_unit_test(test_look),
	};
	return cmocka_run_group_tests_name("wait", tests, 0, 0);
}
