/* FUTEX_WAKE wakes at most the number asked for and returns how many it woke;
 * exactly that many waiters go on; with no waiters it returns 0. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#define WAITERS 4

static int word;       /* stays 0: waiters only leave when woken */
static int ready, woken;

static void *waiter(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	long r;
	do
		r = syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	while (r == -1 && errno == EINTR);
	if (r != 0)
		fail("FUTEX_WAIT returned %ld (%s), expected 0 after a wake", r, strerror(errno));
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void pause_ms(long ms)
{
	struct timespec t = { 0, ms * 1000000L };
	nanosleep(&t, NULL);
}

int main(void)
{
	watchdog(30);
	long r = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 10, NULL, NULL, 0);
	CHECK(r == 0, "FUTEX_WAKE with no waiters returned %ld, expected 0", r);
	pthread_t t[WAITERS];
	for (int i = 0; i < WAITERS; i++)
		CHECK(pthread_create(&t[i], NULL, waiter, NULL) == 0, "pthread_create");
	while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < WAITERS)
		pause_ms(1);
	/* A waiter may still be between its count and its FUTEX_WAIT; then a wake
	 * finds fewer. So the verdict checks each wake against what it returned. */
	pause_ms(100);
	int total = 0, calls = 0, full_wake_seen = 0;
	while (total < WAITERS) {
		r = syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 2, NULL, NULL, 0);
		CHECK(r >= 0 && r <= 2, "FUTEX_WAKE(2) returned %ld", r);
		if (r == 2)
			full_wake_seen = 1;
		total += (int)r;
		while (__atomic_load_n(&woken, __ATOMIC_SEQ_CST) < total)
			pause_ms(1);
		pause_ms(20);
		int w = __atomic_load_n(&woken, __ATOMIC_SEQ_CST);
		CHECK(w == total, "%d waiters woke, but the wakes returned %d in all", w, total);
		CHECK(++calls < 1000, "waiters never all woke (%d of %d)", total, WAITERS);
		if (r < 2)
			pause_ms(10);
	}
	CHECK(full_wake_seen, "FUTEX_WAKE(2) never woke 2 of %d waiters", WAITERS);
	for (int i = 0; i < WAITERS; i++)
		pthread_join(t[i], NULL);
	return 0;
}
