/* clock: milliseconds on the monotonic clock, and waiting for one fd until
 * a deadline on it: the time base of every wait and time limit. */
#ifndef CLOCK_H
#define CLOCK_H

/* Milliseconds on the monotonic clock. */
unsigned long clock_now_ms(void);
/* Wait until fd is ready for events or deadline_ms passes: 1 ready, 0 the
 * deadline passed, -1 poll failed (errno set). */
int clock_ready(int fd, short events, unsigned long deadline_ms);

#endif
