/* helo: the HELO/EHLO name rules, pure functions of the name. */
#include "helo.h"

#include <string.h>

#include "case.h"
#include "scan.h"

#include "ip.h"

/* Count the dots in a HELO name. */
unsigned int helo_dots(const char *name, size_t len)
{
	unsigned int n = 0;
	size_t i;
	for (i = 0; i < len; ++i)
		if (name[i] == '.')
			++n;
	return n;
}

/* Whether the name is a bare IPv4 dotted quad (each part 0-255), the
 * form blind spamware sends instead of a name. */
int helo_is_dotted_quad(const char *name, size_t len)
{
	unsigned char b[4];
	size_t n = ip_scan4(name, len, b);
	return n && n == len;
}

/* Whether the name holds an empty label between two dots. */
int helo_has_double_dot(const char *name, size_t len)
{
	size_t i;
	for (i = 1; i < len; ++i)
		if (name[i] == '.' && name[i - 1] == '.')
			return 1;
	return 0;
}

/* Whether the name is HELO_LONG characters or longer. */
int helo_is_long(const char *name, size_t len) { return helo_is_long_at(name, len, HELO_LONG); }

/* Find the name in a "HELO name" or "EHLO name" command line (any case,
 * trailing CR or spaces ignored); 1 if the line is such a command. */
int helo_name_from_command(const char *line, size_t len, const char **name, size_t *namelen)
{
	size_t i, end;
	if (len < 5 || !(case_equalb(line, 4, "HELO") || case_equalb(line, 4, "EHLO")))
		return 0;
	if (line[4] != ' ' && line[4] != '\t')
		return 0;
	for (i = 5; i < len && (line[i] == ' ' || line[i] == '\t'); ++i)
		;
	for (end = i; end < len && line[end] != ' ' && line[end] != '\t' && line[end] != '\r' &&
		      line[end] != '\n';
	     ++end)
		;
	if (end == i)
		return 0;
	*name = line + i;
	*namelen = end - i;
	return 1;
}

/* Whether the name is limit characters or longer: the too-long rule with
 * its limit as an option (helo_is_long is this at HELO_LONG). */
int helo_is_long_at(const char *name, size_t len, size_t limit)
{
	(void)name;
	return len >= limit;
}

/* Whether the name is an address without the brackets of an address
 * literal: a dotted quad, or an IPv6 address. */
int helo_is_bare_ip(const char *name, size_t len)
{
	char buf[IP_FMT];
	struct ip ip;
	if (helo_is_dotted_quad(name, len))
		return 1;
	if (len >= sizeof buf || !memchr(name, ':', len))
		return 0;
	memcpy(buf, name, len);
	buf[len] = 0;
	return ip_parse(&ip, buf);
}

/* Whether the name is an address literal, "[192.0.2.7]" or
 * "[IPv6:2001:db8::7]" (RFC 5321 4.1.3); its address into *ip. */
int helo_literal(const char *name, size_t len, struct ip *ip)
{
	char buf[IP_FMT + 8];
	if (len < 3 || name[0] != '[' || name[len - 1] != ']')
		return 0;
	name += 1;
	len -= 2;
	if (len > 5 && case_equalb(name, 5, "IPv6:")) {
		name += 5;
		len -= 5;
		if (!memchr(name, ':', len))
			return 0;
	} else if (memchr(name, ':', len))
		return 0;
	if (len >= sizeof buf)
		return 0;
	memcpy(buf, name, len);
	buf[len] = 0;
	return ip_parse(ip, buf);
}

/* Whether the name is an address literal of another address than the
 * client's (a client behind NAT may honestly send its inside address:
 * this rule is off unless asked for). */
int helo_literal_mismatch(const char *name, size_t len, const struct ip *client)
{
	struct ip ip;
	if (!client || !client->len || !helo_literal(name, len, &ip))
		return 0;
	return ip.len != client->len || memcmp(ip.b, client->b, ip.len);
}

/* Whether bytes [i, j) of name are digits making a number 0-255. */
static int octet(const char *name, size_t i, size_t j)
{
	unsigned long v;
	return j > i && j - i <= 3 && scan_ulongn(name + i, j - i, &v) == j - i && v <= 255;
}

/* Whether c is an ASCII letter, either case. */
static int letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Whether an IPv4 address is glued to a word at either end of the name:
 * "...comtw60.186.213.104" or "60.186.213.104comtw...". */
static int glued_address(const char *name, size_t len)
{
	size_t dot[3], k = 0, i, d;
	for (i = len; i > 0 && k < 3; --i)
		if (name[i - 1] == '.')
			dot[k++] = i - 1;
	if (k == 3 && octet(name, dot[0] + 1, len) && octet(name, dot[1] + 1, dot[0]) &&
	    octet(name, dot[2] + 1, dot[1])) {
		for (d = dot[2];
		     d > 0 && dot[2] - d < 3 && name[d - 1] >= '0' && name[d - 1] <= '9'; --d)
			;
		if (d < dot[2] && d > 0 && letter(name[d - 1]) && octet(name, d, dot[2]))
			return 1;
	}
	for (k = 0, i = 0; i < len && k < 3; ++i)
		if (name[i] == '.')
			dot[k++] = i;
	if (k == 3 && octet(name, 0, dot[0]) && octet(name, dot[0] + 1, dot[1]) &&
	    octet(name, dot[1] + 1, dot[2])) {
		for (d = dot[2] + 1; d < len && d - dot[2] <= 3 && name[d] >= '0' && name[d] <= '9';
		     ++d)
			;
		if (d > dot[2] + 1 && d < len && letter(name[d]) && octet(name, dot[2] + 1, d))
			return 1;
	}
	return 0;
}

/* How a label before the last holds a generic top-level domain: 2 if it
 * is one, in the middle of the name ("com" before "twsouthparkmail"; not
 * "com" in "example.com.au", a registry's level); 1 if it starts with one
 * glued to more letters ("comnetlane", but also "compute", "network");
 * else 0. */
static int glued_tld(const char *name, size_t len, size_t start, size_t end)
{
	static const char *const tlds[] = {"com", "net", "org", 0};
	size_t k, n = end - start;
	for (k = 0; tlds[k]; ++k) {
		if (n < 3 || !case_equalb(name + start, 3, tlds[k]))
			continue;
		if (n > 3)
			return letter(name[start + 3]);
		return len - end == 3 && letter(name[end + 1]) && letter(name[end + 2]) ? 0 : 2;
	}
	return 0;
}

/* Whether the name is several domain names or an address glued into one
 * run of labels, as spamware builds them (fanf's two examples): an IPv4
 * address glued to a word at either end; or, in a name of 30 characters
 * or more, a com, net or org label in the middle and at least one more
 * label that begins with one, or three labels that begin with one.
 * Honest names have words that begin so (compute-1.amazonaws.com,
 * comcast.net, a department's comp.netlab), but seldom three, and seldom
 * a bare com in the middle. */
int helo_is_concatenated(const char *name, size_t len)
{
	size_t start = 0, i, bare = 0, prefix = 0;
	if (len && name[len - 1] == '.')
		--len;
	if (glued_address(name, len))
		return 1;
	if (len < HELO_CONCATENATED_MIN)
		return 0;
	/* every label but the last */
	for (i = 0; i < len; ++i) {
		int g;
		if (name[i] != '.')
			continue;
		g = glued_tld(name, len, start, i);
		bare += g == 2;
		prefix += g == 1;
		start = i + 1;
	}
	return (bare && bare + prefix >= 2) || prefix >= 3;
}

/* Where the last two labels begin (sld: "example.com", tld: "com") and
 * where they end (a trailing dot left out); 0 unless both are labels DNS
 * can hold (letters, digits, '-', '_', at most 63) and the last one has a
 * letter (not an address). */
int helo_sld(const char *name, size_t len, size_t *sld, size_t *tld, size_t *end)
{
	size_t i, dots = 0;
	int letters = 0;
	if (len && name[len - 1] == '.')
		--len;
	if (!len || name[0] == '[')
		return 0;
	for (i = len; i > 0; --i) {
		char c = name[i - 1];
		if (c != '.') {
			if (!letter(c) && c != '-' && c != '_' && (c < '0' || c > '9'))
				return 0;
			if (!dots && letter(c))
				letters = 1;
			continue;
		}
		if (i == len)
			return 0;
		if (++dots == 1)
			*tld = i;
		else
			break;
	}
	if (!dots || !letters || *tld < 2 || name[*tld - 2] == '.')
		return 0;
	if (len - *tld > 63 || *tld - 1 - i > 63)
		return 0;
	*sld = i;
	*end = len;
	return 1;
}

/* fanf's DNS rule over what DNS said (1 yes, 0 no, -1 no answer): bogus
 * when the top-level label has name servers and the second-level domain
 * does not exist.  A TLD without name servers is incompetence, not
 * malice; an SLD that exists without NS records of its own (an empty
 * level of a registry's tree) passes, fanf's less strict check; a DNS
 * failure is never bogus. */
int helo_sld_is_bogus(int tld_has_ns, int sld_exists) { return tld_has_ns == 1 && sld_exists == 0; }
