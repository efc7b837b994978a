/* floor: the least a connection held under tcpserver can cost: a static
 * program that polls its stdin (the client's socket) until the client
 * closes it, then exits 0.  make bench measures greetwait's memory per
 * held connection beside this floor's (tests/bench/core.sh). */
#include <errno.h>
#include <poll.h>
#include <unistd.h>

int main(void)
{
	struct pollfd fd = {.fd = 0, .events = POLLIN};
	char buf[512];
	for (;;) {
		if (poll(&fd, 1, -1) == -1) {
			if (errno == EINTR)
				continue;
			return 111;
		}
		if (read(0, buf, sizeof buf) <= 0)
			return 0;
	}
}
