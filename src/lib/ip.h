/* ip: client addresses, IPv4 and IPv6: parsed strictly, compared by
 * prefix, written in one canonical form for logs and table keys.
 * An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 address. */
#ifndef IP_H
#define IP_H

#include <stddef.h>

#define IP_FMT 46 /* longest canonical form, with its NUL */

struct ip {
	unsigned char b[16];
	unsigned int len; /* 4 or 16; 0 for no address */
};

/* Parse a whole string as an address; 1 on success, 0 if it is not one. */
int ip_parse(struct ip *ip, const char *s);
/* Parse a strict dotted quad (four octets of one to three digits) at the
 * start of s, len bytes, into out[4]; the bytes it took, 0 if none. */
size_t ip_scan4(const char *s, size_t len, unsigned char *out);
/* Parse "address" or "address/bits"; bits defaults to the full length. */
int ip_parse_prefix(struct ip *ip, unsigned int *bits, const char *s);
/* Write the canonical form with a NUL; returns its length. */
size_t ip_format(char *out, const struct ip *ip);
/* Clear every bit after the first bits. */
void ip_mask(struct ip *ip, unsigned int bits);
/* 1 if addr lies in net/bits (same family), else 0. */
int ip_in_prefix(const struct ip *addr, const struct ip *net, unsigned int bits);
/* Take the address of a connected socket's peer; 1 on success. */
int ip_from_sockaddr(struct ip *ip, const void *sa, size_t salen);

#endif
