/* helo: the HELO/EHLO name rules, pure functions of the name. */
#include <string.h>
#include "helo.h"

/* Count the dots in a HELO name. */
unsigned int helo_dots(const char *name, size_t len)
{
  unsigned int n = 0;
  size_t i;
  for (i = 0; i < len; ++i)
    if (name[i] == '.') ++n;
  return n;
}

/* Whether the name is a bare IPv4 dotted quad (each part 0-255), the
 * form blind spamware sends instead of a name. */
int helo_is_dotted_quad(const char *name, size_t len)
{
  unsigned int parts = 0, value = 0, digits = 0;
  size_t i;
  for (i = 0; i <= len; ++i) {
    if (i == len || name[i] == '.') {
      if (!digits || value > 255) return 0;
      ++parts;
      value = digits = 0;
      continue;
    }
    if (name[i] < '0' || name[i] > '9') return 0;
    if (++digits > 3) return 0;
    value = value * 10 + (unsigned int)(name[i] - '0');
  }
  return parts == 4;
}

/* Whether the name holds an empty label between two dots. */
int helo_has_double_dot(const char *name, size_t len)
{
  size_t i;
  for (i = 1; i < len; ++i)
    if (name[i] == '.' && name[i - 1] == '.') return 1;
  return 0;
}

/* Whether the name is HELO_LONG characters or longer. */
int helo_is_long(const char *name, size_t len)
{
  (void)name;
  return len >= HELO_LONG;
}

/* Find the name in a "HELO name" or "EHLO name" command line (any case,
 * trailing CR or spaces ignored); 1 if the line is such a command. */
int helo_name_from_command(const char *line, size_t len,
                           const char **name, size_t *namelen)
{
  char verb[4];
  size_t i, end;
  if (len < 5) return 0;
  for (i = 0; i < 4; ++i)
    verb[i] = (line[i] >= 'a' && line[i] <= 'z') ? (char)(line[i] - 32) : line[i];
  if (memcmp(verb, "HELO", 4) && memcmp(verb, "EHLO", 4)) return 0;
  if (line[4] != ' ' && line[4] != '\t') return 0;
  for (i = 5; i < len && (line[i] == ' ' || line[i] == '\t'); ++i) ;
  for (end = i; end < len && line[end] != ' ' && line[end] != '\t'
       && line[end] != '\r' && line[end] != '\n'; ++end) ;
  if (end == i) return 0;
  *name = line + i;
  *namelen = end - i;
  return 1;
}
