/* libFuzzer target for the DNS replies greetwait reads: resolve.c's own
 * reading of a PTR answer (take_name) and of an A or AAAA answer
 * (take_addresses), both over libowfat's dns_*_packet, the PTR name then
 * put back into wire form for the forward question (resolve_forward_start,
 * with no servers, so nothing is sent), the check for a server failure on
 * the socket (server_failed), and nsquery_parse for greetwait-helo's NS
 * questions.  resolve.c's readers are static, so this file includes it.
 * First byte % 5 picks the reader; the rest is the reply. */
#include <stdint.h>
#include <sys/socket.h>

#include "../../src/lib/resolve.c"

#include "fuzz.h"
#include "nsquery.h"

static const char *const questions[] = {"\7example\3com", "\3com", "", "\1a\1b\7example\3com"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct resolve r;
	static char packet[65536];
	unsigned int len;
	if (size < 1 || size - 1 > sizeof packet)
		return 0;
	len = (unsigned int)(size - 1);
	memcpy(packet, data + 1, len);
	memset(&r, 0, sizeof r); /* no servers: a question started goes nowhere */
	r.tx.packet = packet;
	r.tx.packetlen = len;
	switch (data[0] % 5) {
	case 0: /* a PTR answer */
		if (take_name(&r)) {
			FUZZ_CHECK(r.namelen <= RESOLVE_NAME_MAX && r.name[r.namelen] == 0,
				   "a PTR name fits");
			FUZZ_CHECK(r.cut || !r.namelen || r.name[r.namelen - 1] != '.',
				   "a PTR name has no final dot (a cut one is never used)");
			for (size_t i = 0; i < r.namelen; i++)
				FUZZ_CHECK(r.name[i] < 'A' || r.name[i] > 'Z',
					   "a PTR name is lower case");
			ip_parse(&r.client, data[0] & 8 ? "2001:db8::7" : "192.0.2.7");
			r.tx.packet = 0; /* dns_transmit_start frees the last reply */
			FUZZ_CHECK(!resolve_forward_start(&r),
				   "with no servers no question goes out");
			FUZZ_CHECK(r.error[0], "a question that did not start says why");
		} else
			FUZZ_CHECK(r.error[0], "an unreadable answer says why");
		break;
	case 1: /* an A or AAAA answer for the client */
		r.forward = 1;
		ip_parse(&r.client, data[0] & 8 ? "2001:db8::7" : "192.0.2.7");
		if (!take_addresses(&r))
			FUZZ_CHECK(r.error[0], "an unreadable answer says why");
		else
			FUZZ_CHECK(r.confirmed == 0 || r.confirmed == 1, "confirmed is a flag");
		break;
	case 2: { /* the first bytes waiting on the socket: a server failure? */
		static char query[] = "\0\0\x12\x34"; /* TCP length, then the id */
		int sv[2], want;
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == -1)
			return 0;
		if (len)
			send(sv[1], packet, len, 0);
		r.tx.query = query;
		r.tx.tcpstate = 0;
		want = len >= 4 && !memcmp(packet, "\x12\x34", 2) && (packet[2] & 0x80) &&
		       (packet[3] & 15) != 0 && (packet[3] & 15) != 3;
		FUZZ_CHECK(
		    server_failed(&r, sv[0]) == want,
		    "a server failure is a reply to our id with an rcode other than 0 and 3");
		r.tx.query = 0;
		close(sv[0]);
		close(sv[1]);
		break;
	}
	default: { /* a reply to an NS question */
		const char *q = questions[(data[0] / 5) % 4];
		enum nsquery_answer a = nsquery_parse(packet, len, q);
		FUZZ_CHECK(a >= NSQUERY_FAILED && a <= NSQUERY_FOUND,
			   "an NS answer is one of four");
		if (len >= 12 && (packet[3] & 15) == 3)
			FUZZ_CHECK(a == NSQUERY_NXDOMAIN, "rcode 3 is NXDOMAIN");
		break;
	}
	}
	r.tx.packet = 0;
	return 0;
}
