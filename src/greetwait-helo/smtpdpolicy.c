#include "smtpdpolicy.h"

#include <string.h>

#include "fmt.h"

void smtpdpolicy_start(struct smtpdpolicy_reader *r) { memset(r, 0, sizeof *r); }

/* Keep value under name if it is one of ours and fits. */
static void attribute(struct smtpdpolicy_request *q, const char *line, size_t len)
{
	const char *eq = memchr(line, '=', len);
	size_t n, v;
	if (!eq || eq == line) {
		q->malformed++;
		return;
	}
	n = (size_t)(eq - line);
	v = len - n - 1;
	if (v >= SMTPDPOLICY_VALUE_MAX) {
		if ((n == 9 && !memcmp(line, "helo_name", 9)) ||
		    (n == 14 && !memcmp(line, "client_address", 14)))
			q->malformed++;
		return;
	}
	if (n == 9 && !memcmp(line, "helo_name", 9)) {
		memcpy(q->helo, eq + 1, v);
		q->helo[v] = 0;
		q->helolen = v;
		q->has_helo = 1;
	} else if (n == 14 && !memcmp(line, "client_address", 14)) {
		memcpy(q->client, eq + 1, v);
		q->client[v] = 0;
		q->has_client = 1;
	}
}

size_t smtpdpolicy_feed(struct smtpdpolicy_reader *r, const char *buf, size_t len, int *done)
{
	size_t i = 0;
	*done = 0;
	if (!r->started && !r->len && !r->overlong)
		memset(&r->req, 0, sizeof r->req);
	while (i < len) {
		char c = buf[i++];
		if (c != '\n') {
			if (r->len < sizeof r->line)
				r->line[r->len++] = c;
			else
				r->overlong = 1;
			continue;
		}
		if (r->overlong) {
			r->req.malformed++;
			r->started = 1;
		} else if (r->len) {
			attribute(&r->req, r->line, r->len);
			r->started = 1;
		} else if (r->started) {
			r->started = 0;
			r->len = 0;
			*done = 1;
			return i;
		}
		r->len = 0;
		r->overlong = 0;
	}
	return i;
}

size_t smtpdpolicy_answer(char *out, size_t size, const char *action)
{
	size_t n;
	if (size < 10)
		return 0;
	n = fmt_str(out, "action=");
	n += fmt_strn(out + n, action, size - 10);
	for (size_t i = 7; i < n; i++)
		if (out[i] == '\n' || out[i] == '\r')
			out[i] = ' ';
	return n + fmt_str(out + n, "\n\n");
}
