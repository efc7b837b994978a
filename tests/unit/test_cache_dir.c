/* cache_dir: the pass cache as a directory: where a record lives, what
 * greetwait-expire takes for a bucket and a record, and recording and
 * looking up in a real directory, planted symbolic links refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "cache_dir.h"

static void test_path(void **state)
{
	char path[CACHE_DIR_PATH_MAX], again[CACHE_DIR_PATH_MAX];
	(void)state;
	assert_int_equal(cache_dir_path(path, "/var/lib/greetwait", "192.0.2.7"),
			 strlen("/var/lib/greetwait/xx/192.0.2.7"));
	assert_memory_equal(path, "/var/lib/greetwait/", 19);
	assert_string_equal(path + 21, "/192.0.2.7");
	path[21] = 0;
	assert_true(cache_dir_is_bucket(path + 19));
	/* the bucket depends on the key only */
	cache_dir_path(again, "/x", "192.0.2.7");
	assert_memory_equal(again + 3, path + 19, 2);
	/* and the keys spread over the buckets */
	{
		int seen[256] = {0}, buckets = 0;
		for (int k = 0; k < 256; k++) {
			char key[16];
			snprintf(key, sizeof key, "192.0.2.%d", k);
			cache_dir_path(path, "/x", key);
			path[5] = 0;
			assert_true(cache_dir_is_bucket(path + 3));
			buckets += !seen[strtol(path + 3, 0, 16)]++;
		}
		assert_true(buckets > 128);
	}
}

static void test_is_bucket(void **state)
{
	(void)state;
	assert_true(cache_dir_is_bucket("00"));
	assert_true(cache_dir_is_bucket("0a"));
	assert_true(cache_dir_is_bucket("ff"));
	assert_false(cache_dir_is_bucket("0A")); /* greetwait writes lower case only */
	assert_false(cache_dir_is_bucket("fg"));
	assert_false(cache_dir_is_bucket("f"));
	assert_false(cache_dir_is_bucket(""));
	assert_false(cache_dir_is_bucket("fff"));
	assert_false(cache_dir_is_bucket(".."));
	assert_false(cache_dir_is_bucket("lost+found"));
}

static void test_is_key(void **state)
{
	(void)state;
	assert_true(cache_dir_is_key("192.0.2.7"));
	assert_true(cache_dir_is_key("192.0.2.0_24"));
	assert_true(cache_dir_is_key("192.0.0.0_16"));
	assert_true(cache_dir_is_key("2001:db8::1"));
	assert_true(cache_dir_is_key("2001:db8:1:2::_64"));
	assert_false(cache_dir_is_key(""));
	assert_false(cache_dir_is_key("."));
	assert_false(cache_dir_is_key(".."));
	assert_false(cache_dir_is_key("192.0.2.07"));
	assert_false(cache_dir_is_key("2001:DB8::1"));
	assert_false(cache_dir_is_key("192.0.2.7_24")); /* not the network */
	assert_false(cache_dir_is_key("192.0.2.0_32"));
	assert_false(cache_dir_is_key("192.0.2.0_024"));
	assert_false(cache_dir_is_key("192.0.2.0_"));
	assert_false(cache_dir_is_key("192.0.2.0_24x"));
	assert_false(cache_dir_is_key("192.0.2.0_18446744073709551640"));
	assert_false(cache_dir_is_key("10.0.0.0_8"));
	assert_false(cache_dir_is_key("2001:db8::_16"));
	assert_false(cache_dir_is_key("192.0.2.7.tmp"));
	assert_false(cache_dir_is_key("notes.txt"));
}

/* A fresh cache directory under /tmp, into dir. */
static void make_dir(char *dir)
{
	strcpy(dir, "/tmp/greetwait-cache-dir-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

/* The bucket directory of key in dir, into out. */
static void bucket_of(char *out, const char *dir, const char *key)
{
	cache_dir_path(out, dir, key);
	out[strlen(dir) + 3] = 0;
}

static void test_record_lookup(void **state)
{
	char dir[64], path[CACHE_DIR_PATH_MAX], error[200] = "";
	struct stat st;
	time_t when = 0, before = time(0);
	(void)state;
	make_dir(dir);
	/* nothing recorded: a miss, not trouble */
	assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, sizeof error), 0);
	assert_int_equal(cache_dir_record(dir, "192.0.2.7", error, sizeof error), 0);
	assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, sizeof error), 1);
	assert_true(when >= before && when <= time(0));
	/* the record is an empty file at cache_dir_path */
	cache_dir_path(path, dir, "192.0.2.7");
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_size, 0);
	/* another key of the same bucket is still a miss */
	assert_int_equal(cache_dir_lookup(dir, "192.0.2.8", &when, error, sizeof error), 0);
	/* recording again renews the time of the last pass */
	{
		struct timespec old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
		assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
		assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, sizeof error), 1);
		assert_int_equal(when, 1000000000);
		assert_int_equal(cache_dir_record(dir, "192.0.2.7", error, sizeof error), 0);
		assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, sizeof error), 1);
		assert_true(when >= before);
	}
	assert_string_equal(error, "");
	unlink(path);
	bucket_of(path, dir, "192.0.2.7");
	rmdir(path);
	rmdir(dir);
}

static void test_trouble(void **state)
{
	char dir[64], bucket[CACHE_DIR_PATH_MAX], want[CACHE_DIR_PATH_MAX + 100], error[200];
	time_t when;
	(void)state;
	make_dir(dir);
	bucket_of(bucket, dir, "192.0.2.7");
	/* a bucket planted as a symbolic link is never followed */
	assert_int_equal(symlink("/tmp", bucket), 0);
	assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, sizeof error), -1);
	snprintf(want, sizeof want, "unable to use cache bucket %s: is a symbolic link", bucket);
	assert_string_equal(error, want);
	assert_int_equal(cache_dir_record(dir, "192.0.2.7", error, sizeof error), -1);
	snprintf(want, sizeof want, "unable to record pass in cache bucket %s: is a symbolic link",
		 bucket);
	assert_string_equal(error, want);
	assert_int_equal(access("/tmp/192.0.2.7", F_OK), -1);
	unlink(bucket);
	/* nor is a bucket that is a file */
	fclose(fopen(bucket, "w"));
	assert_int_equal(cache_dir_record(dir, "192.0.2.7", error, sizeof error), -1);
	snprintf(want, sizeof want, "unable to record pass in cache bucket %s: is not a directory",
		 bucket);
	assert_string_equal(error, want);
	unlink(bucket);
	rmdir(dir);
	/* no cache directory at all */
	assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, sizeof error), -1);
	snprintf(want, sizeof want, "unable to use cache %s: file does not exist", dir);
	assert_string_equal(error, want);
	assert_int_equal(cache_dir_record(dir, "192.0.2.7", error, sizeof error), -1);
	snprintf(want, sizeof want, "unable to record pass in cache %s: file does not exist", dir);
	assert_string_equal(error, want);
	/* the message is cut to fit, never overflows */
	memset(error, 'Z', sizeof error);
	assert_int_equal(cache_dir_lookup(dir, "192.0.2.7", &when, error, 20), -1);
	assert_int_equal(strlen(error), 19);
	assert_int_equal(error[20], 'Z');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_path),    cmocka_unit_test(test_is_bucket),
	    cmocka_unit_test(test_is_key),  cmocka_unit_test(test_record_lookup),
	    cmocka_unit_test(test_trouble),
	};
	return cmocka_run_group_tests_name("cache_dir", tests, 0, 0);
}
