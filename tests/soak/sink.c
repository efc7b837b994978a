/* soak-sink: the server behind greetwait in the soak (tests/soak/run.sh).
 * It greets, reads every byte until end of file, and answers with their
 * count and CRC-32 in hex: "250 count crc", so that the client can tell
 * that every byte it sent arrived, in order, and nothing else did. */
#include <errno.h>
#include <unistd.h>
#include <zlib.h>

#include "fmt.h"

static const char greeting[] = "220 soak ready\r\n";

/* Write all of buf to fd 1; 0 on failure. */
static int say(const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(1, buf, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return 0;
		buf += w;
		len -= (size_t)w;
	}
	return 1;
}

int main(void)
{
	static char buf[65536];
	char reply[4 + FMT_ULONG + 1 + FMT_XLONG + 2];
	unsigned long count = 0, crc = crc32(0, Z_NULL, 0);
	size_t n;
	ssize_t r;

	if (!say(greeting, sizeof greeting - 1))
		return 111;
	for (;;) {
		r = read(0, buf, sizeof buf);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			return 111;
		if (r == 0)
			break;
		crc = crc32(crc, (const unsigned char *)buf, (unsigned)r);
		count += (unsigned long)r;
	}
	n = fmt_str(reply, "250 ");
	n += fmt_ulong(reply + n, count);
	reply[n++] = ' ';
	n += fmt_xlong(reply + n, crc);
	n += fmt_str(reply + n, "\r\n");
	return say(reply, n) ? 0 : 111;
}
