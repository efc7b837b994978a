/* logline: the stable key order and the escaping of network bytes, the
 * line builder greetwait-helo uses, and where a line goes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "logline.h"

static void test_design_lines(void **state)
{
	char out[LOGLINE_MAX + 2];
	struct logline l = {.pid = 812,
			    .ip = "192.0.2.7",
			    .host = "dsl-192-0-2-7.example.net",
			    .hostlen = 25,
			    .why = "pattern:dynamic",
			    .delay_ms = 90000,
			    .result = "hangup",
			    .waited_ms = 25113};
	(void)state;
	logline_format(out, &l);
	assert_string_equal(out,
			    "greetwait: pid=812 ip=192.0.2.7 host=\"dsl-192-0-2-7.example.net\" "
			    "why=pattern:dynamic delay=90.000 result=hangup waited=25.113\n");
	l.pid = 813;
	l.ip = "192.0.2.8";
	l.host = "mail.example.org";
	l.hostlen = 16;
	l.why = "default";
	l.delay_ms = 1000;
	l.result = "pregreet";
	l.waited_ms = 4;
	l.data = "HELO 192.0.2.8";
	l.datalen = 14;
	logline_format(out, &l);
	assert_string_equal(out,
			    "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=default "
			    "delay=1.000 result=pregreet waited=0.004 data=\"HELO 192.0.2.8\"\n");
	l.result = 0;
	l.data = 0;
	l.error = "unable to open x: file does not exist";
	logline_format(out, &l);
	assert_string_equal(
	    out, "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=default "
		 "delay=1.000 status=waiting error=\"unable to open x: file does not exist\"\n");
	/* -d: the lists and the score, after waited=, an empty list included */
	l.result = "reject";
	l.why = "dnsbl";
	l.delay_ms = 0;
	l.waited_ms = 120;
	l.error = 0;
	l.dnsbl = "zen.example:127.0.0.2,bl.example:127.0.0.4";
	l.score = 5;
	logline_format(out, &l);
	assert_string_equal(out,
			    "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=dnsbl "
			    "delay=0.000 result=reject waited=0.120 "
			    "dnsbl=\"zen.example:127.0.0.2,bl.example:127.0.0.4\" score=5\n");
	l.dnsbl = "";
	l.score = -2;
	l.why = "dnswl";
	l.result = "pass";
	logline_format(out, &l);
	assert_string_equal(out,
			    "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=dnswl "
			    "delay=0.000 result=pass waited=0.120 dnsbl=\"\" score=-2\n");
	/* -e ignore's would=, kind= with data, the envelope of a refused client */
	l.dnsbl = 0;
	l.why = "default";
	l.result = "pass";
	l.would = "pregreet";
	l.data = "EHLO x";
	l.datalen = 6;
	l.kind = "smtp";
	logline_format(out, &l);
	assert_string_equal(out,
			    "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=default "
			    "delay=0.000 result=pass would=pregreet waited=0.120 "
			    "data=\"EHLO x\" kind=smtp\n");
	l.would = 0;
	l.result = "pregreet";
	l.helo = "x";
	l.helolen = 1;
	l.from = "<a@b\"c>";
	l.fromlen = 7;
	l.rcpt = "<d@e>,<f@g>";
	l.rcptlen = 11;
	logline_format(out, &l);
	assert_string_equal(out,
			    "greetwait: pid=813 ip=192.0.2.8 host=\"mail.example.org\" why=default "
			    "delay=0.000 result=pregreet waited=0.120 data=\"EHLO x\" kind=smtp "
			    "helo=\"x\" from=\"<a@b\\\"c>\" rcpt=\"<d@e>,<f@g>\"\n");
}

static void test_escaping(void **state)
{
	char out[64];
	(void)state;
	logline_quote(out, sizeof out, "a\"b\\c\r\n\x01\x7f\xff\xc3\xa9 ", 13);
	assert_string_equal(out, "\"a\\\"b\\\\c\\x0d\\x0a\\x01\\x7f\\xff\\xc3\\xa9 \"");
	/* cut, never overflowed, still quoted */
	memset(out, 'Z', sizeof out);
	logline_quote(out, 10, "\xff\xff\xff\xff", 4);
	assert_string_equal(out, "\"\\xff\"");
	assert_int_equal(out[7], 'Z');
}

static void test_hostile_host_bounded(void **state)
{
	char host[4096], out[LOGLINE_MAX + 2];
	struct logline l = {.pid = 1,
			    .ip = "::1",
			    .host = host,
			    .hostlen = sizeof host,
			    .why = "default",
			    .result = "pass",
			    .data = host,
			    .datalen = 100,
			    .error = host};
	size_t n;
	(void)state;
	memset(host, '\n', sizeof host);
	host[sizeof host - 1] = 0;
	n = logline_format(out, &l);
	assert_true(n <= LOGLINE_MAX + 1);
	assert_int_equal(out[n - 1], '\n');
	assert_null(memchr(out, '\n', n - 1));
}

/* greetwait-helo's line, built a field at a time. */
static void test_builder(void **state)
{
	char out[LOGLINE_MAX + 2], big[LOGLINE_MAX];
	size_t n;
	(void)state;
	n = logline_start(out, "greetwait-helo", 812);
	n = logline_put(out, n, "ip", "192.0.2.7");
	n = logline_put_quoted(out, n, "helo", "a..b\r", 5);
	n = logline_put(out, n, "why", "double-dot");
	n = logline_put(out, n, "result", "reject");
	n = logline_end(out, n);
	assert_int_equal(n, strlen(out));
	assert_string_equal(out, "greetwait-helo: pid=812 ip=192.0.2.7 helo=\"a..b\\x0d\" "
				 "why=double-dot result=reject\n");
	/* a field that would pass LOGLINE_MAX is cut, and the line still ends */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	n = logline_start(out, "greetwait", 1);
	n = logline_put(out, n, "why", big);
	assert_int_equal(n, LOGLINE_MAX);
	n = logline_put(out, n, "result", "pass");
	assert_int_equal(n, LOGLINE_MAX);
	assert_int_equal(logline_end(out, n), LOGLINE_MAX + 1);
	assert_int_equal(out[LOGLINE_MAX], '\n');
}

/* With fd 2 a pipe or a file, as under tcpserver and multilog: stderr. */
static void test_write_stderr(void **state)
{
	int p[2], saved = dup(2);
	char got[64];
	(void)state;
	assert_int_equal(pipe(p), 0);
	assert_int_equal(dup2(p[1], 2), 2);
	logline_open("greetwait");
	logline_write("greetwait: pid=1 ip=::1\n", 24);
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	assert_int_equal(read(p[0], got, sizeof got), 24);
	assert_memory_equal(got, "greetwait: pid=1 ip=::1\n", 24);
	close(p[0]);
}

/* With fd 2 the client's own socket (inetd, xinetd, Postfix's spawn), the
 * line goes to syslog: not one byte of it reaches the client. */
static void test_write_not_to_client(void **state)
{
	int sv[2], status;
	char got[64];
	struct pollfd p;
	pid_t pid;
	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(sv[0], 0);
		dup2(sv[0], 1);
		dup2(sv[0], 2);
		logline_open("greetwait-test");
		logline_write("greetwait-test: pid=1 ip=::1\n", 29);
		write(1, "done", 4);
		_exit(0);
	}
	close(sv[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
	assert_int_equal(read(sv[1], got, sizeof got), 4);
	assert_memory_equal(got, "done", 4);
	p.fd = sv[1];
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 0), 1); /* end of stream, nothing more */
	assert_int_equal(read(sv[1], got, sizeof got), 0);
	close(sv[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_design_lines),         cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_hostile_host_bounded), cmocka_unit_test(test_builder),
	    cmocka_unit_test(test_write_stderr),         cmocka_unit_test(test_write_not_to_client),
	};
	return cmocka_run_group_tests_name("logline", tests, 0, 0);
}
