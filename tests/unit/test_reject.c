/* reject over socket pairs: the RFC 5321 dialogue answers line by line
 * until QUIT, end of file or the time limit; no write waits past its
 * deadline on a client that does not read; input is read with a bound. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "clock.h"
#include "reject.h"

static void test_quit(void **state)
{
	(void)state;
	assert_true(reject_is_quit("QUIT", 4));
	assert_true(reject_is_quit("quit  ", 6));
	assert_true(reject_is_quit("QuIt", 4));
	assert_true(reject_is_quit("QUIT now please", 15));
	assert_true(reject_is_quit("QUIT\tnow", 8));
	assert_false(reject_is_quit("QUITX", 5));
	assert_false(reject_is_quit("QUI", 3));
	assert_false(reject_is_quit("QUIT", 3)); /* only len bytes count */
	assert_false(reject_is_quit("HELO", 4));
	assert_false(reject_is_quit(" QUIT", 5));
}

static void test_helo(void **state)
{
	(void)state;
	assert_true(reject_is_helo("HELO x", 6));
	assert_true(reject_is_helo("ehlo", 4));
	assert_true(reject_is_helo("EhLo\tx", 6));
	assert_false(reject_is_helo("HELOX", 5));
	assert_false(reject_is_helo("MAIL FROM:<>", 12));
	assert_false(reject_is_helo("HEL", 3));
}

/* A refusal for now, rblsmtpd's way: 220, 250 to HELO/EHLO, the 451 to
 * the rest, 221 to QUIT. */
static void test_dialogue_as(void **state)
{
	int sv[2];
	char buf[1024];
	ssize_t n;
	const char *no = "451 4.7.1 listed\r\n";
	const char *want = "220 x\r\n"
			   "250 x\r\n"
			   "451 4.7.1 listed\r\n"
			   "451 4.7.1 listed\r\n"
			   "250 x\r\n" REPLY_QUIT;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(
	    write(sv[1], "EHLO a\r\nMAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nhelo b\r\nQUIT\r\n", 54),
	    54);
	reject_dialogue_as(sv[0], sv[0], "220 x\r\n", "250 x\r\n", no, clock_now_ms() + 5000, 0);
	n = read(sv[1], buf, sizeof buf);
	assert_int_equal(n, (ssize_t)strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	close(sv[0]);
	close(sv[1]);
}

/* The envelope a refused client gives away: first HELO, first MAIL FROM
 * without its parameters, the first three RCPT TOs; any bytes, cut. */
static void test_envelope(void **state)
{
	struct reject_envelope e = {0};
	char longname[300];
	(void)state;
	reject_envelope_take(&e, "EHLO  bot.example  ", 19);
	reject_envelope_take(&e, "HELO second", 11);
	reject_envelope_take(&e, "MAIL FROM:<a@b.example> SIZE=100", 32);
	reject_envelope_take(&e, "mail from: <other@x>", 20);
	reject_envelope_take(&e, "RCPT TO:<c@d.example>", 21);
	reject_envelope_take(&e, "rcpt to:<e@f> NOTIFY=NEVER", 26);
	reject_envelope_take(&e, "DATA", 4);
	reject_envelope_take(&e, "RCPT TO:<g\x01@h>", 14);
	reject_envelope_take(&e, "RCPT TO:<fourth@x>", 18);
	assert_int_equal(e.helolen, 11);
	assert_memory_equal(e.helo, "bot.example", 11);
	assert_int_equal(e.fromlen, 13);
	assert_memory_equal(e.from, "<a@b.example>", 13);
	assert_int_equal(e.nrcpt, 3);
	assert_int_equal(e.rcptlen, strlen("<c@d.example>,<e@f>,<g\x01@h>"));
	assert_memory_equal(e.rcpt, "<c@d.example>,<e@f>,<g\x01@h>", e.rcptlen);
	memset(longname, 'x', sizeof longname);
	memcpy(longname, "HELO ", 5);
	memset(&e, 0, sizeof e);
	reject_envelope_take(&e, longname, sizeof longname);
	assert_int_equal(e.helolen, REJECT_HELO_MAX);
	/* MAIL FROM:<> is a path too */
	reject_envelope_take(&e, "MAIL FROM:<>", 12);
	assert_int_equal(e.fromlen, 2);
	assert_true(e.said_from);
}

/* The dialogue fills the envelope from what the client pipelined. */
static void test_dialogue_envelope(void **state)
{
	int sv[2];
	char buf[1024];
	struct reject_envelope e;
	const char *bot =
	    "HELO 1.2.3.4\r\nMAIL FROM:<x@y.example>\r\nRCPT TO:<victim@example.org>\r\n"
	    "DATA\r\nSubject: hi\r\n\r\nbuy\r\n.\r\nQUIT\r\n";
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], bot, strlen(bot)), (ssize_t)strlen(bot));
	reject_dialogue(sv[0], sv[0], REPLY_PREGREET, clock_now_ms() + 2000, &e);
	assert_true(read(sv[1], buf, sizeof buf) > 0);
	assert_int_equal(e.helolen, 7);
	assert_memory_equal(e.helo, "1.2.3.4", 7);
	assert_int_equal(e.fromlen, 13);
	assert_memory_equal(e.from, "<x@y.example>", 13);
	assert_int_equal(e.nrcpt, 1);
	assert_memory_equal(e.rcpt, "<victim@example.org>", e.rcptlen);
	close(sv[0]);
	close(sv[1]);
}

static void test_dialogue(void **state)
{
	int sv[2];
	char buf[1024];
	ssize_t n;
	const char *want = REPLY_PREGREET REPLY_NO_SERVICE REPLY_NO_SERVICE REPLY_QUIT;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], "HELO x\r\nMAIL FROM:<a@b>\nquit\r\nRCPT TO:<c@d>\r\n", 45),
			 45);
	reject_dialogue(sv[0], sv[0], REPLY_PREGREET, clock_now_ms() + 2000, 0);
	n = read(sv[1], buf, sizeof buf);
	assert_int_equal(n, (ssize_t)strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	assert_int_equal(read(sv[1], buf, sizeof buf), 0); /* we stopped sending */
	close(sv[0]);
	close(sv[1]);
}

/* A client that hangs up after its commands: each one answered, no more. */
static void test_dialogue_eof(void **state)
{
	int sv[2];
	char buf[1024];
	const char *want = REPLY_NOPTR REPLY_NO_SERVICE;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], "EHLO x\r\nMAIL FROM:<a@b>", 23), 23);
	shutdown(sv[1], SHUT_WR);
	reject_dialogue(sv[0], sv[0], REPLY_NOPTR, clock_now_ms() + 2000, 0);
	assert_int_equal(read(sv[1], buf, sizeof buf), (ssize_t)strlen(want));
	assert_memory_equal(buf, want, strlen(want));
	close(sv[0]);
	close(sv[1]);
}

static void test_dialogue_timeout(void **state)
{
	int sv[2];
	char buf[1024];
	unsigned long t0 = clock_now_ms();
	ssize_t n;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	reject_dialogue(sv[0], sv[0], REPLY_NOPTR, t0 + 200, 0);
	assert_true(clock_now_ms() - t0 >= 200 && clock_now_ms() - t0 < 1500);
	n = read(sv[1], buf, sizeof buf);
	assert_int_equal(n, (ssize_t)(sizeof REPLY_NOPTR - 1 + sizeof REPLY_TIMEOUT - 1));
	assert_memory_equal(buf, REPLY_NOPTR REPLY_TIMEOUT, (size_t)n);
	close(sv[0]);
	close(sv[1]);
}

/* A client that sends without end and no newline: read up to the limit,
 * never answered beyond the greeting, and let go long before -T. */
static void test_input_limit(void **state)
{
	int sv[2];
	char junk[REJECT_INPUT_MAX + 4096], buf[1024];
	size_t sent = 0;
	unsigned long t0;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	memset(junk, 'x', sizeof junk);
	fcntl(sv[1], F_SETFL, O_NONBLOCK);
	while (sent < sizeof junk) {
		ssize_t n = write(sv[1], junk + sent, sizeof junk - sent);
		if (n <= 0)
			break;
		sent += (size_t)n;
	}
	assert_int_equal(sent, sizeof junk);
	t0 = clock_now_ms();
	reject_dialogue(sv[0], sv[0], REPLY_PREGREET, t0 + 10000, 0);
	assert_true(clock_now_ms() - t0 < 5000);
	assert_int_equal(read(sv[1], buf, sizeof buf), (ssize_t)(sizeof REPLY_PREGREET - 1));
	assert_int_equal(read(sv[1], buf, sizeof buf), 0);
	close(sv[0]);
	close(sv[1]);
}

/* reject_say: everything, to a socket or to a pipe (not a socket). */
static void test_say(void **state)
{
	int sv[2], pp[2];
	char buf[64];
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_true(reject_say(sv[0], REPLY_QUIT, sizeof REPLY_QUIT - 1, clock_now_ms() + 1000));
	assert_int_equal(read(sv[1], buf, sizeof buf), (ssize_t)(sizeof REPLY_QUIT - 1));
	assert_memory_equal(buf, REPLY_QUIT, sizeof REPLY_QUIT - 1);
	close(sv[0]);
	assert_int_equal(pipe(pp), 0);
	assert_true(reject_say(pp[1], REPLY_QUIT, sizeof REPLY_QUIT - 1, clock_now_ms() + 1000));
	assert_int_equal(read(pp[0], buf, sizeof buf), (ssize_t)(sizeof REPLY_QUIT - 1));
	close(pp[0]);
	/* a reader gone: a failure (greetwait ignores SIGPIPE, as here) */
	signal(SIGPIPE, SIG_IGN);
	assert_false(reject_say(pp[1], REPLY_QUIT, sizeof REPLY_QUIT - 1, clock_now_ms() + 1000));
	assert_false(reject_say(sv[1], REPLY_QUIT, sizeof REPLY_QUIT - 1, clock_now_ms() + 1000));
	close(pp[1]);
	close(sv[1]);
}

/* A client that does not read: reject_say gives up at its deadline. */
static void test_say_deadline(void **state)
{
	int sv[2], size = 4096;
	static char big[1 << 20];
	unsigned long t0 = clock_now_ms();
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
	assert_false(reject_say(sv[0], big, sizeof big, t0 + 100));
	assert_true(clock_now_ms() - t0 >= 100 && clock_now_ms() - t0 < 1000);
	close(sv[0]);
	close(sv[1]);
}

/* reject_linger: our side is shut, what the client still sends is read. */
static void test_linger(void **state)
{
	int sv[2];
	char buf[64];
	unsigned long t0 = clock_now_ms();
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(write(sv[1], "RSET\r\n", 6), 6);
	shutdown(sv[1], SHUT_WR);
	reject_linger(sv[0], sv[0], t0 + 5000);
	assert_true(clock_now_ms() - t0 < 1000);
	assert_int_equal(read(sv[1], buf, sizeof buf), 0);
	assert_int_equal(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT), 0); /* all was read */
	close(sv[0]);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_quit),
	    cmocka_unit_test(test_helo),
	    cmocka_unit_test(test_dialogue_as),
	    cmocka_unit_test(test_envelope),
	    cmocka_unit_test(test_dialogue_envelope),
	    cmocka_unit_test(test_dialogue),
	    cmocka_unit_test(test_dialogue_eof),
	    cmocka_unit_test(test_dialogue_timeout),
	    cmocka_unit_test(test_input_limit),
	    cmocka_unit_test(test_say),
	    cmocka_unit_test(test_say_deadline),
	    cmocka_unit_test(test_linger),
	};
	return cmocka_run_group_tests_name("reject", tests, 0, 0);
}
