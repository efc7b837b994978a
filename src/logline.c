#include "logline.h"

#include <string.h>

#include "fmt.h"
#include "duration.h"

static const char hex[] = "0123456789abcdef";

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
			e[k++] = hex[c >> 4];
			e[k++] = hex[c & 15];
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

/* Append " key=" and then the text. */
static size_t put(char *out, size_t n, const char *key, const char *text)
{
	size_t k = strlen(key), t = strlen(text);
	if (n + k + 2 >= LOGLINE_MAX)
		return n; /* cannot happen with the bounded fields above; never overflow */
	if (n + k + 2 + t > LOGLINE_MAX)
		t = LOGLINE_MAX - n - k - 2;
	out[n++] = ' ';
	memcpy(out + n, key, k);
	n += k;
	out[n++] = '=';
	memcpy(out + n, text, t);
	return n + t;
}

size_t logline_format(char *out, const struct logline *l)
{
	char num[32], quoted[LOGLINE_QUOTE_MAX];
	size_t n;
	memcpy(out, "greetwait: pid", 14);
	n = 14;
	out[n++] = '=';
	n += fmt_ulong(out + n, l->pid);
	n = put(out, n, "ip", l->ip);
	logline_quote(quoted, sizeof quoted, l->host, l->hostlen);
	n = put(out, n, "host", quoted);
	n = put(out, n, "why", l->why);
	duration_format(num, l->delay_ms);
	n = put(out, n, "delay", num);
	if (l->result) {
		n = put(out, n, "result", l->result);
		duration_format(num, l->waited_ms);
		n = put(out, n, "waited", num);
	} else
		n = put(out, n, "status", "waiting");
	if (l->data) {
		logline_quote(quoted, sizeof quoted, l->data, l->datalen);
		n = put(out, n, "data", quoted);
	}
	if (l->error) {
		logline_quote(quoted, sizeof quoted, l->error, strlen(l->error));
		n = put(out, n, "error", quoted);
	}
	out[n++] = '\n';
	out[n] = 0;
	return n;
}
