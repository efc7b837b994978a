/* peers: counts per address survive growth and removals in any order
 * (the gap a removal leaves is closed without losing a later entry). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <cmocka.h>

#include "peers.h"

#define N 3000

static void address(struct ip *ip, unsigned int k)
{
	*ip = (struct ip){
	    .len = 4,
	    .b = {10, (unsigned char)(k >> 16), (unsigned char)(k >> 8), (unsigned char)k}};
}

static void test_counts(void **state)
{
	struct peers p = {0};
	struct ip ip, v6 = {.len = 16, .b = {0x20, 0x01, 0x0d, 0xb8}};
	(void)state;
	for (unsigned int k = 0; k < N; k++)
		for (unsigned int j = 0; j <= k % 3; j++) {
			address(&ip, k);
			assert_true(peers_add(&p, &ip));
		}
	assert_true(peers_add(&p, &v6));
	assert_int_equal(peers_count(&p, &v6), 1);
	v6.len = 4; /* 32.1.13.184 is another address */
	assert_int_equal(peers_count(&p, &v6), 0);
	for (unsigned int k = 0; k < N; k += 2) {
		address(&ip, k);
		for (unsigned int j = 0; j <= k % 3; j++)
			peers_remove(&p, &ip);
	}
	for (unsigned int k = 0; k < N; k++) {
		address(&ip, k);
		assert_int_equal(peers_count(&p, &ip), k % 2 ? k % 3 + 1 : 0);
	}
	address(&ip, N + 1);
	peers_remove(&p, &ip); /* never counted: nothing */
	assert_int_equal(p.n, N / 2 + 1);
	free(p.t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(test_counts)};
	return cmocka_run_group_tests(tests, 0, 0);
}
