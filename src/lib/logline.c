#include "logline.h"

#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "fmt.h"
#include "duration.h"

size_t logline_quote(char *out, size_t size, const char *s, size_t len)
{
	size_t n = 0;
	if (size < 3)
		return 0;
	out[n++] = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[4];
		size_t k = 0;
		if (c == '"' || c == '\\') {
			e[k++] = '\\';
			e[k++] = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			e[k++] = '\\';
			e[k++] = 'x';
			e[k++] = fmt_tohex((char)(c >> 4));
			e[k++] = fmt_tohex((char)(c & 15));
		} else
			e[k++] = (char)c;
		if (n + k + 2 > size)
			break;
		memcpy(out + n, e, k);
		n += k;
	}
	out[n++] = '"';
	out[n] = 0;
	return n;
}

static int use_syslog;

void logline_open(const char *program)
{
	struct stat err, other;
	if (fstat(2, &err) || !S_ISSOCK(err.st_mode))
		return;
	for (int fd = 0; fd < 2; fd++)
		if (!fstat(fd, &other) && other.st_dev == err.st_dev && other.st_ino == err.st_ino)
			use_syslog = 1;
	if (use_syslog)
		openlog(program, LOG_PID, LOG_MAIL);
}

void logline_write(const char *line, size_t len)
{
	const char *text = memchr(line, ' ', len);
	if (!use_syslog) {
		write(2, line, len);
		return;
	}
	/* syslog names the program and pid itself */
	text = text ? text + 1 : line;
	syslog(LOG_INFO, "%.*s", (int)(len - 1 - (size_t)(text - line)), text);
}

size_t logline_start(char *out, const char *program, unsigned long pid)
{
	size_t n = fmt_str(out, program);
	n += fmt_str(out + n, ": pid=");
	return n + fmt_ulong(out + n, pid);
}

size_t logline_put(char *out, size_t n, const char *key, const char *text)
{
	size_t k = strlen(key), t = strlen(text);
	if (n + k + 2 >= LOGLINE_MAX)
		return n; /* cannot happen with the bounded fields callers pass; never overflow */
	if (n + k + 2 + t > LOGLINE_MAX)
		t = LOGLINE_MAX - n - k - 2;
	out[n++] = ' ';
	n += fmt_str(out + n, key);
	out[n++] = '=';
	memcpy(out + n, text, t);
	return n + t;
}

size_t logline_put_quoted(char *out, size_t n, const char *key, const char *s, size_t len)
{
	char quoted[LOGLINE_QUOTE_MAX];
	logline_quote(quoted, sizeof quoted, s, len);
	return logline_put(out, n, key, quoted);
}

size_t logline_end(char *out, size_t n)
{
	out[n++] = '\n';
	out[n] = 0;
	return n;
}

size_t logline_format(char *out, const struct logline *l)
{
	char num[DURATION_FMT];
	size_t n = logline_start(out, "greetwait", l->pid);
	n = logline_put(out, n, "ip", l->ip);
	n = logline_put_quoted(out, n, "host", l->host, l->hostlen);
	n = logline_put(out, n, "why", l->why);
	duration_format(num, l->delay_ms);
	n = logline_put(out, n, "delay", num);
	if (l->result) {
		n = logline_put(out, n, "result", l->result);
		if (l->would)
			n = logline_put(out, n, "would", l->would);
		duration_format(num, l->waited_ms);
		n = logline_put(out, n, "waited", num);
	} else
		n = logline_put(out, n, "status", "waiting");
	if (l->dnsbl) {
		n = logline_put_quoted(out, n, "dnsbl", l->dnsbl, strlen(l->dnsbl));
		num[fmt_long(num, l->score)] = 0;
		n = logline_put(out, n, "score", num);
	}
	if (l->data)
		n = logline_put_quoted(out, n, "data", l->data, l->datalen);
	if (l->data && l->kind)
		n = logline_put(out, n, "kind", l->kind);
	if (l->helo)
		n = logline_put_quoted(out, n, "helo", l->helo, l->helolen);
	if (l->from)
		n = logline_put_quoted(out, n, "from", l->from, l->fromlen);
	if (l->rcpt)
		n = logline_put_quoted(out, n, "rcpt", l->rcpt, l->rcptlen);
	if (l->error)
		n = logline_put_quoted(out, n, "error", l->error, strlen(l->error));
	return logline_end(out, n);
}
