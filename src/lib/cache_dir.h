/* cache_dir: the pass cache as a directory.  A record is an empty file,
 * DIR/HH/KEY, whose modification time is the time of the last pass; HH is
 * the low byte of the key's cdb hash in hex, so that a million records
 * spread over 256 small directories.  Recording is openat(O_CREAT) and
 * futimens(): atomic, no lock, no content that could be half written.  A
 * bucket is opened with O_NOFOLLOW and the record is reached from its
 * descriptor, so a bucket that is a symbolic link (whoever can write DIR
 * can plant one) is refused, never followed. */
#ifndef CACHE_DIR_H
#define CACHE_DIR_H

#include <stddef.h>
#include <time.h>

/* The pass cache's TTL, for greetwait and greetwait-expire alike. */
#define CACHE_TTL_DEFAULT  (30UL * 86400)
#define CACHE_DIR_PATH_MAX (512 + 4 + 64)

/* Write DIR/HH/KEY into out (CACHE_DIR_PATH_MAX bytes); its length.  The
 * bucket part ends at out[dirlen + 3]. */
size_t cache_dir_path(char *out, const char *dir, const char *key);
/* 1 and *when set if key is recorded, 0 if not, -1 (error set) on trouble. */
int cache_dir_lookup(const char *dir, const char *key, time_t *when, char *error, size_t errsize);
/* Record key now; 0, or -1 with error set. */
int cache_dir_record(const char *dir, const char *key, char *error, size_t errsize);
/* 1 if name is a bucket's: two lower-case hex digits, as cache_dir_path
 * writes them. */
int cache_dir_is_bucket(const char *name);
/* 1 if name is a record's file name: a canonical address, maybe _BITS. */
int cache_dir_is_key(const char *name);

#endif
