#include "ip.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#include "fmt.h"
#include "scan.h"

static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

size_t ip_scan4(const char *s, size_t len, unsigned char *out)
{
	size_t i = 0;
	for (int k = 0; k < 4; k++) {
		unsigned long v;
		size_t digits;
		if (k && (i == len || s[i++] != '.'))
			return 0;
		digits = scan_ulongn(s + i, len - i, &v);
		if (!digits || digits > 3 || v > 255)
			return 0;
		out[k] = (unsigned char)v;
		i += digits;
	}
	return i;
}

/* Fold an IPv4-mapped IPv6 address into plain IPv4. */
static void unmap(struct ip *ip)
{
	if (ip->len == 16 && !memcmp(ip->b, v4mapped, 12)) {
		memmove(ip->b, ip->b + 12, 4);
		memset(ip->b + 4, 0, 12);
		ip->len = 4;
	}
}

int ip_parse(struct ip *ip, const char *s)
{
	size_t n;
	memset(ip, 0, sizeof *ip);
	if (strchr(s, ':')) {
		/* inet_pton, not scan_ip6: that one takes "12345::1" */
		if (inet_pton(AF_INET6, s, ip->b) != 1)
			return 0;
		ip->len = 16;
		unmap(ip);
		return 1;
	}
	n = ip_scan4(s, strlen(s), ip->b);
	if (!n || s[n])
		return 0;
	ip->len = 4;
	return 1;
}

int ip_parse_prefix(struct ip *ip, unsigned int *bits, const char *s)
{
	char buf[IP_FMT + 8];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	int mapped;
	if (n >= sizeof buf)
		return 0;
	memcpy(buf, s, n);
	buf[n] = 0;
	if (!ip_parse(ip, buf))
		return 0;
	mapped = ip->len == 4 && strchr(buf, ':');
	*bits = ip->len * 8;
	if (slash) {
		unsigned long v;
		size_t d = scan_ulong(slash + 1, &v);
		if (!d || d > 3 || slash[1 + d])
			return 0;
		if (mapped) {
			/* ::ffff:a.b.c.d/120 is a.b.c.d/24 */
			if (v < 96)
				return 0;
			v -= 96;
		}
		if (v > ip->len * 8)
			return 0;
		*bits = (unsigned int)v;
	}
	return 1;
}

/* RFC 5952: lower-case hex, no leading zeros, the first longest run of
 * two or more zero groups as "::".  (libowfat's fmt_ip6 drops a lone
 * trailing zero group: 2001:db8:1:2:3:4:5:0 came out as "::".) */
static size_t format6(char *out, const unsigned char *b)
{
	unsigned int g[8];
	int best = -1, bestlen = 1, k;
	size_t n = 0;
	for (k = 0; k < 8; k++)
		g[k] = (unsigned int)b[2 * k] << 8 | b[2 * k + 1];
	for (k = 0; k < 8;) {
		int run = 0;
		while (k + run < 8 && !g[k + run])
			run++;
		if (run > bestlen) {
			best = k;
			bestlen = run;
		}
		k += run ? run : 1;
	}
	for (k = 0; k < 8; k++) {
		if (k == best) {
			n += fmt_str(out + n, "::");
			k += bestlen - 1;
			continue;
		}
		if (k && k != best + bestlen)
			out[n++] = ':';
		n += fmt_xlong(out + n, g[k]);
	}
	return n;
}

size_t ip_format(char *out, const struct ip *ip)
{
	size_t n = 0;
	if (ip->len == 4) {
		for (int k = 0; k < 4; k++) {
			if (k)
				out[n++] = '.';
			n += fmt_ulong(out + n, ip->b[k]);
		}
	} else if (ip->len == 16)
		n = format6(out, ip->b);
	out[n] = 0;
	return n;
}

void ip_mask(struct ip *ip, unsigned int bits)
{
	for (unsigned int k = 0; k < ip->len; k++) {
		if (bits >= 8)
			bits -= 8;
		else {
			ip->b[k] &= (unsigned char)(0xff00 >> bits);
			bits = 0;
		}
	}
}

int ip_in_prefix(const struct ip *addr, const struct ip *net, unsigned int bits)
{
	struct ip a = *addr;
	if (addr->len != net->len || bits > addr->len * 8)
		return 0;
	ip_mask(&a, bits);
	return !memcmp(a.b, net->b, a.len);
}

int ip_from_sockaddr(struct ip *ip, const void *sa, size_t salen)
{
	const struct sockaddr *s = sa;
	memset(ip, 0, sizeof *ip);
	if (s->sa_family == AF_INET && salen >= sizeof(struct sockaddr_in)) {
		memcpy(ip->b, &((const struct sockaddr_in *)sa)->sin_addr, 4);
		ip->len = 4;
		return 1;
	}
	if (s->sa_family == AF_INET6 && salen >= sizeof(struct sockaddr_in6)) {
		memcpy(ip->b, &((const struct sockaddr_in6 *)sa)->sin6_addr, 16);
		ip->len = 16;
		unmap(ip);
		return 1;
	}
	return 0;
}
