/* helo: the HELO/EHLO name rules, pure functions of the name.
 * One definition per rule, shared by greetwait-stats (which counts how
 * often early talkers break them) and greetwait-helo (which enforces
 * them). The rules come from Tony Finch's "more HELO statistics" (2004). */
#ifndef HELO_H
#define HELO_H

#include <stddef.h>

struct ip;

/* A name this long or longer is bogus (fanf's 55-character rule). */
#define HELO_LONG 55

unsigned int helo_dots(const char *name, size_t len);
int helo_is_dotted_quad(const char *name, size_t len);
int helo_has_double_dot(const char *name, size_t len);
int helo_is_long(const char *name, size_t len);
int helo_name_from_command(const char *line, size_t len, const char **name, size_t *namelen);

/* com/net/org labels count as glued names from this length on. */
#define HELO_CONCATENATED_MIN 30

/* The rules greetwait-helo adds, each one function of its inputs. */
int helo_is_long_at(const char *name, size_t len, size_t limit);
int helo_is_bare_ip(const char *name, size_t len);
int helo_literal(const char *name, size_t len, struct ip *ip);
int helo_literal_mismatch(const char *name, size_t len, const struct ip *client);
int helo_is_concatenated(const char *name, size_t len);
int helo_sld(const char *name, size_t len, size_t *sld, size_t *tld, size_t *end);
int helo_sld_is_bogus(int tld_has_ns, int sld_exists);

#endif
