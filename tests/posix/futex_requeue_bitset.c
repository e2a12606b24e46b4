/* FUTEX_CMP_REQUEUE moves waiters from one futex to another: a wake of the
 * first then finds nobody, a wake of the second wakes them all; a wrong
 * expected value is EAGAIN. FUTEX_WAKE_BITSET wakes only waiters whose
 * FUTEX_WAIT_BITSET mask meets its own. */
#include "ptest.h"
#include "futex_ops.h"
#include <limits.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#define FUTEX_CMP_REQUEUE_PRIVATE (4 | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAIT_BITSET_PRIVATE (9 | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_BITSET_PRIVATE (10 | FUTEX_PRIVATE_FLAG)
#define MOVED 3

static int word1, word2, word3; /* stay 0: waiters leave only when woken */
static int woken;
static int woke_mask;           /* bit i: the bitset waiter with mask 1 << i woke */

static long futex(int *addr, int op, int val, long val2, int *addr2, int val3)
{
	return syscall(SYS_futex, addr, op, val, val2, addr2, val3);
}

static void *waiter(void *arg)
{
	(void)arg;
	long r;
	do
		r = futex(&word1, FUTEX_WAIT_PRIVATE, 0, 0, NULL, 0);
	while (r == -1 && errno == EINTR);
	if (r != 0)
		fail("FUTEX_WAIT returned %ld (%s), expected 0 after a wake", r, strerror(errno));
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void *bitset_waiter(void *arg)
{
	int mask = (int)(long)arg;
	long r;
	do
		r = futex(&word3, FUTEX_WAIT_BITSET_PRIVATE, 0, 0, NULL, mask);
	while (r == -1 && errno == EINTR);
	if (r != 0)
		fail("FUTEX_WAIT_BITSET returned %ld (%s)", r, strerror(errno));
	__atomic_or_fetch(&woke_mask, mask, __ATOMIC_SEQ_CST);
	return NULL;
}

static void pause_ms(long ms)
{
	struct timespec t = { 0, ms * 1000000L };
	nanosleep(&t, NULL);
}

/* Wakes one waiter of word3 whose mask meets mask, retrying while the
   waiter may not be waiting yet. */
static void wake_one_bitset(int mask)
{
	for (int tries = 0; tries < 2000; tries++) {
		long r = futex(&word3, FUTEX_WAKE_BITSET_PRIVATE, 1, 0, NULL, mask);
		CHECK(r == 0 || r == 1, "FUTEX_WAKE_BITSET returned %ld", r);
		if (r == 1)
			return;
		pause_ms(5);
	}
	fail("no waiter with mask %#x was ever woken", mask);
}

int main(void)
{
	watchdog(60);
	pthread_t t[MOVED];
	for (int i = 0; i < MOVED; i++)
		CHECK(pthread_create(&t[i], NULL, waiter, NULL) == 0, "pthread_create");

	errno = 0;
	CHECK(futex(&word1, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &word2, 1) == -1 && errno == EAGAIN,
	      "CMP_REQUEUE with a wrong expected value: not EAGAIN (%s)", strerror(errno));

	/* Move every waiter of word1 to word2, waking none; a waiter not yet
	   waiting is moved by a later call. */
	int moved = 0;
	for (int tries = 0; moved < MOVED && tries < 2000; tries++) {
		long r = futex(&word1, FUTEX_CMP_REQUEUE_PRIVATE, 0, INT_MAX, &word2, 0);
		CHECK(r >= 0 && r <= MOVED - moved, "CMP_REQUEUE returned %ld", r);
		moved += (int)r;
		if (moved < MOVED)
			pause_ms(5);
	}
	CHECK(moved == MOVED, "only %d of %d waiters were requeued", moved, MOVED);
	CHECK(futex(&word1, FUTEX_WAKE_PRIVATE, INT_MAX, 0, NULL, 0) == 0,
	      "a wake of the first futex found a requeued waiter");
	pause_ms(50);
	CHECK(__atomic_load_n(&woken, __ATOMIC_SEQ_CST) == 0, "a requeued waiter woke by itself");
	long r = futex(&word2, FUTEX_WAKE_PRIVATE, INT_MAX, 0, NULL, 0);
	CHECK(r == MOVED, "the wake of the second futex woke %ld, not %d", r, MOVED);
	for (int i = 0; i < MOVED; i++)
		pthread_join(t[i], NULL);
	CHECK(woken == MOVED, "%d waiters woke", woken);

	/* Bit sets: the wake for mask 2 takes the second waiter only. */
	pthread_t b1, b2;
	CHECK(pthread_create(&b1, NULL, bitset_waiter, (void *)1L) == 0, "pthread_create");
	CHECK(pthread_create(&b2, NULL, bitset_waiter, (void *)2L) == 0, "pthread_create");
	wake_one_bitset(2);
	pthread_join(b2, NULL);
	CHECK(__atomic_load_n(&woke_mask, __ATOMIC_SEQ_CST) == 2, "woke mask %#x after waking mask 2",
	      woke_mask);
	wake_one_bitset(1);
	pthread_join(b1, NULL);
	CHECK(woke_mask == 3, "woke mask %#x at the end", woke_mask);
	return 0;
}
