/* message: error texts joined from parts into the fixed buffers that
 * carry them to the log, cut to fit and always NUL-terminated. */
#ifndef MESSAGE_H
#define MESSAGE_H

#include <stddef.h>

/* Join the n strings of parts into out (size bytes); returns the length. */
size_t message_join(char *out, size_t size, const char *const *parts, size_t n);
/* The reason for errno e: strerror's, but "file does not exist" for
 * ENOENT, as djb's programs say it and greetwait's logs always have. */
const char *message_error(int e);

#endif
