/* libFuzzer target for client addresses (src/lib/ip.c): $TCPREMOTEIP and the
 * tables' addresses and prefixes.  ip_parse must take exactly a strict
 * dotted quad (1 to 3 digits an octet) or what inet_pton takes for IPv6,
 * ::ffff:a.b.c.d being a.b.c.d; ip_format must write RFC 5952 text (as
 * inet_ntop does, where it does not use a dotted tail) that reads back as
 * the same address; a prefix must be masked, hold its address, and take
 * its length from 0 to the family's bits (96 more for a mapped address).
 * Input: 17 bytes of an address (family, bytes), then the text. */
#include <arpa/inet.h>
#include <stdint.h>

#include "fuzz.h"
#include "ip.h"

/* The reference: a strict dotted quad, or inet_pton's IPv6. */
static int ref_parse(const char *s, struct ip *ip)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	memset(ip, 0, sizeof *ip);
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, ip->b) != 1)
			return 0;
		ip->len = 16;
		if (!memcmp(ip->b, mapped, 12)) {
			memmove(ip->b, ip->b + 12, 4);
			memset(ip->b + 4, 0, 12);
			ip->len = 4;
		}
		return 1;
	}
	for (int k = 0; k < 4; k++) {
		size_t n = strspn(s, "0123456789");
		unsigned int v = 0;
		if (n < 1 || n > 3)
			return 0;
		for (size_t i = 0; i < n; i++)
			v = v * 10 + (unsigned int)(s[i] - '0');
		if (v > 255 || s[n] != (k < 3 ? '.' : 0))
			return 0;
		ip->b[k] = (unsigned char)v;
		s += n + (k < 3);
	}
	ip->len = 4;
	return 1;
}

/* ip's text is canonical and reads back as ip. */
static void check_format(const struct ip *ip)
{
	char out[IP_FMT + 8], ref[INET6_ADDRSTRLEN + 8];
	struct ip again;
	size_t n = ip_format(out, ip);
	FUZZ_CHECK(n == strlen(out) && n < IP_FMT, "an address's text fits");
	FUZZ_CHECK(ip_parse(&again, out) && again.len == ip->len &&
		       !memcmp(again.b, ip->b, ip->len),
		   "an address's text reads back as the address");
	if (ip->len == 4)
		snprintf(ref, sizeof ref, "%u.%u.%u.%u", ip->b[0], ip->b[1], ip->b[2], ip->b[3]);
	else
		inet_ntop(AF_INET6, ip->b, ref, sizeof ref);
	if (!strchr(ref, '.') || ip->len == 4)
		FUZZ_CHECK(!strcmp(out, ref), "an address's text is the canonical one");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	char s[128];
	struct ip ip, want, net;
	unsigned int bits;
	int ok;
	if (size < 17 || size - 17 >= sizeof s || memchr(data + 17, 0, size - 17))
		return 0;
	memcpy(s, data + 17, size - 17);
	s[size - 17] = 0;

	/* the bytes as an address: its text reads back */
	ip.len = data[0] & 1 ? 16 : 4;
	memset(ip.b, 0, sizeof ip.b);
	memcpy(ip.b, data + 1, ip.len);
	if (ip.len == 16 && !memcmp(ip.b, mapped, 12))
		ip.b[0] = 0x20; /* a mapped address is written as IPv4 */
	check_format(&ip);

	/* the text as an address */
	ok = ip_parse(&ip, s);
	FUZZ_CHECK(ok == ref_parse(s, &want), "an address parses exactly when it is one");
	if (ok) {
		FUZZ_CHECK(ip.len == want.len && !memcmp(ip.b, want.b, 16),
			   "an address has the bytes it says");
		check_format(&ip);
	}

	/* the text as a prefix */
	if (ip_parse_prefix(&net, &bits, s)) {
		char addr[IP_FMT + 8];
		const char *slash = strchr(s, '/');
		size_t n = slash ? (size_t)(slash - s) : strlen(s);
		struct ip a;
		FUZZ_CHECK(n < sizeof addr, "a prefix's address is an address");
		memcpy(addr, s, n);
		addr[n] = 0;
		FUZZ_CHECK(ip_parse(&a, addr) && a.len == net.len && !memcmp(a.b, net.b, 16),
			   "a prefix's address is what its text says");
		FUZZ_CHECK(bits <= net.len * 8, "a prefix is no longer than its family");
		if (slash) {
			unsigned long v = strtoul(slash + 1, 0, 10);
			int m = net.len == 4 && strchr(addr, ':');
			FUZZ_CHECK(strspn(slash + 1, "0123456789") == strlen(slash + 1) &&
				       strlen(slash + 1) >= 1 && strlen(slash + 1) <= 3,
				   "a prefix length is 1 to 3 digits");
			FUZZ_CHECK(bits == (m ? v - 96 : v), "a prefix has the length it says");
		} else
			FUZZ_CHECK(bits == net.len * 8,
				   "an address is a prefix of its full length");
		a = net;
		ip_mask(&net, bits);
		FUZZ_CHECK(ip_in_prefix(&a, &net, bits), "an address lies in its own prefix");
		for (unsigned int k = bits; k < net.len * 8; k++)
			FUZZ_CHECK(!(net.b[k / 8] & (0x80 >> k % 8)),
				   "a masked prefix has no bits past its length");
	} else if (ok)
		FUZZ_CHECK(0, "every address is a prefix");
	return 0;
}
