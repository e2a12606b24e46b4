/* FUTEX_WAKE_OP changes a second word atomically (SET, ADD, OR with a
 * 12-bit signed argument, or a shift), wakes waiters on the first word,
 * and wakes waiters on the second one when the old value compares; the
 * result counts both. A bad second address is EFAULT. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>

static uint32_t w1, w2;

static long futex6(uint32_t *a, int op, long val, long val2, uint32_t *b, long val3)
{
	return syscall(SYS_futex, a, op, val, val2, b, val3);
}

static void *wait_on(void *arg)
{
	uint32_t *w = arg;
	futex6(w, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
	return NULL;
}

int main(void)
{
	watchdog(20);
	/* No waiters: only the change. */
	w2 = 5;
	CHECK(futex6(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &w2,
		     FUTEX_OP(FUTEX_OP_ADD, -2, FUTEX_OP_CMP_EQ, 5)) == 0, "WAKE_OP: %s", strerror(errno));
	CHECK(w2 == 3, "ADD -2 left %u", w2);
	CHECK(futex6(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &w2,
		     FUTEX_OP(FUTEX_OP_OR | 8, 4, FUTEX_OP_CMP_GT, 0)) == 0, "WAKE_OP shift");
	CHECK(w2 == (3 | 16), "OR 1<<4 left %u", w2);
	CHECK(futex6(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &w2,
		     FUTEX_OP(FUTEX_OP_SET, 7, FUTEX_OP_CMP_EQ, 0)) == 0, "WAKE_OP set");
	CHECK(w2 == 7, "SET 7 left %u", w2);

	/* One waiter on each word; both woken when the old value compares. */
	w1 = w2 = 0;
	pthread_t a, b;
	pthread_create(&a, NULL, wait_on, &w1);
	pthread_create(&b, NULL, wait_on, &w2);
	usleep(100000);
	long n = 0;
	for (int tries = 0; n < 2 && tries < 100; tries++) {
		long r = futex6(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, &w2,
				FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0));
		CHECK(r >= 0, "WAKE_OP: %s", strerror(errno));
		n += r;
		if (n < 2)
			usleep(10000);
	}
	CHECK(n == 2, "woke %ld, expected 2", n);
	pthread_join(a, NULL);
	pthread_join(b, NULL);

	/* The comparison fails: the second word's waiter stays. */
	w2 = 1;
	errno = 0;
	CHECK(futex6(&w1, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, (uint32_t *)8,
		     FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_EQ, 0)) == -1 && errno == EFAULT,
	      "a bad second address: %s", strerror(errno));
	return 0;
}
