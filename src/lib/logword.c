#include "logword.h"

#include <string.h>

static const char *const results[RESULT_COUNT] = {"pass",     "pregreet",    "hangup", "reject",
						  "tempfail", "exec-failed", "toomany"};

const char *logword_result(int result)
{
	return result >= 0 && result < RESULT_COUNT ? results[result] : "?";
}

int logword_result_parse(const char *s, size_t len)
{
	for (int r = 0; r < RESULT_COUNT; r++)
		if (strlen(results[r]) == len && !memcmp(s, results[r], len))
			return r;
	return -1;
}
