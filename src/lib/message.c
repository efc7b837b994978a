#include "message.h"

#include <errno.h>
#include <string.h>

size_t message_join(char *out, size_t size, const char *const *parts, size_t n)
{
	size_t len = 0;
	if (!size)
		return 0;
	for (size_t k = 0; k < n; k++)
		for (const char *p = parts[k]; *p && len + 1 < size; p++)
			out[len++] = *p;
	out[len] = 0;
	return len;
}

const char *message_error(int e) { return e == ENOENT ? "file does not exist" : strerror(e); }
