#include "clock.h"

#include <errno.h>
#include <poll.h>
#include <time.h>

unsigned long clock_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000 + (unsigned long)ts.tv_nsec / 1000000;
}

int clock_ready(int fd, short events, unsigned long deadline_ms)
{
	for (;;) {
		struct pollfd p = {.fd = fd, .events = events};
		unsigned long now = clock_now_ms();
		int r;
		if (now >= deadline_ms)
			return 0;
		r = poll(&p, 1, (int)(deadline_ms - now));
		if (r > 0)
			return 1;
		if (r == -1 && errno != EINTR)
			return -1;
	}
}
