/* duration: delays written as seconds with up to millisecond precision
 * ("90", "0.25", "1.5"), kept as milliseconds. */
#ifndef DURATION_H
#define DURATION_H

#include <stddef.h>

#define DURATION_MAX_MS (86400UL * 1000) /* one day: a greeting delay never needs more */
#define DURATION_FMT    16

/* Parse all of s; 1 on success with *ms set, 0 on anything malformed. */
int duration_parse(const char *s, unsigned long *ms);
/* Parse the first len bytes of s. */
int duration_parseb(const char *s, size_t len, unsigned long *ms);
/* Parse a TTL of the pass cache: seconds, or a number followed by s, m,
 * h, d or w; at most ten years; 0 if malformed or 0. */
int duration_parse_ttl(const char *s, unsigned long *seconds);
/* Write ms as seconds with three decimals ("90.000"); returns the length. */
size_t duration_format(char *out, unsigned long ms);

#endif
