/* Priority-inheritance futexes: PTHREAD_PRIO_INHERIT mutexes lock and
 * unlock under contention (the kernel hands the lock to a waiter), trylock
 * says EBUSY, an error-checking one says EDEADLK to its owner, and a
 * robust PI mutex whose owner died gives EOWNERDEAD. The raw calls answer
 * as Linux: FUTEX_UNLOCK_PI by a non-owner is EPERM, FUTEX_LOCK_PI of a
 * word naming no thread is ESRCH, a timed FUTEX_LOCK_PI is ETIMEDOUT, and
 * FUTEX_TRYLOCK_PI of a held word is EAGAIN. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

static pthread_mutex_t m;
static long counter;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < 2000; i++) {
		if (pthread_mutex_lock(&m) != 0)
			fail("worker: lock failed");
		long v = counter;
		if ((i & 63) == 0)
			sched_yield(); /* let the other one find it locked */
		counter = v + 1;
		if (pthread_mutex_unlock(&m) != 0)
			fail("worker: unlock failed");
	}
	return NULL;
}

static void *try_it(void *arg)
{
	return (void *)(intptr_t)pthread_mutex_trylock(arg);
}

static void *hold_and_exit(void *arg)
{
	pthread_mutex_lock(arg);
	return NULL;
}

static long futex(uint32_t *w, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, w, op, val, ts, NULL, 0);
}

int main(void)
{
	watchdog(60);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	CHECK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) == 0, "setprotocol");
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	CHECK(pthread_mutex_init(&m, &a) == 0, "pthread_mutex_init");

	pthread_t th[3];
	for (int i = 0; i < 3; i++)
		CHECK(pthread_create(&th[i], NULL, worker, NULL) == 0, "pthread_create");
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	CHECK(counter == 6000, "counter %ld, expected 6000: the PI mutex did not exclude", counter);

	CHECK(pthread_mutex_lock(&m) == 0, "lock");
	CHECK(pthread_mutex_lock(&m) == EDEADLK, "relock of an error-checking PI mutex: not EDEADLK");
	pthread_t t2;
	CHECK(pthread_create(&t2, NULL, try_it, &m) == 0, "create");
	void *res;
	pthread_join(t2, &res);
	CHECK((intptr_t)res == EBUSY, "trylock of a held PI mutex returned %d", (int)(intptr_t)res);
	CHECK(pthread_mutex_unlock(&m) == 0, "unlock");

	/* Robust and PI: the owner dies. */
	pthread_mutex_t r;
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	CHECK(pthread_mutex_init(&r, &a) == 0, "pthread_mutex_init robust");
	CHECK(pthread_create(&t2, NULL, hold_and_exit, &r) == 0, "create");
	pthread_join(t2, NULL);
	int e = pthread_mutex_lock(&r);
	CHECK(e == EOWNERDEAD, "robust PI mutex after its owner died: %d (%s)", e, strerror(e));

	/* Raw calls. */
	uint32_t w = (uint32_t)syscall(SYS_gettid) + 1; /* held by someone else (no such thread) */
	errno = 0;
	CHECK(futex(&w, FUTEX_UNLOCK_PI, 0, NULL) == -1 && errno == EPERM, "UNLOCK_PI by a non-owner: %s",
	      strerror(errno));
	w = 0x3ffffff0; /* a tid nobody has */
	errno = 0;
	CHECK(futex(&w, FUTEX_LOCK_PI, 0, NULL) == -1 && errno == ESRCH, "LOCK_PI of a dead tid: %s",
	      strerror(errno));
	w = 0;
	CHECK(futex(&w, FUTEX_LOCK_PI, 0, NULL) == 0, "LOCK_PI of a free word: %s", strerror(errno));
	CHECK((w & FUTEX_TID_MASK) == (uint32_t)syscall(SYS_gettid), "LOCK_PI left word %#x", w);
	errno = 0;
	CHECK(futex(&w, FUTEX_LOCK_PI, 0, NULL) == -1 && errno == EDEADLK, "LOCK_PI by the owner: %s",
	      strerror(errno));
	CHECK(futex(&w, FUTEX_UNLOCK_PI, 0, NULL) == 0 && w == 0, "UNLOCK_PI left %#x", w);

	/* Held by another thread (a child's, which waits meanwhile): timed lock
	   and trylock. */
	pid_t child = fork_or_fail();
	if (child == 0) {
		for (;;)
			pause();
	}
	struct timespec at;
	clock_gettime(CLOCK_REALTIME, &at);
	at.tv_nsec += 50000000;
	if (at.tv_nsec >= 1000000000)
		at.tv_sec++, at.tv_nsec -= 1000000000;
	uint32_t busy = (uint32_t)child;
	errno = 0;
	CHECK(futex(&busy, FUTEX_LOCK_PI, 0, &at) == -1 && errno == ETIMEDOUT,
	      "timed LOCK_PI of a held word: %s", strerror(errno));
	CHECK(busy == ((uint32_t)child | FUTEX_WAITERS), "a waiter did not set FUTEX_WAITERS: %#x", busy);
	busy = (uint32_t)child;
	errno = 0;
	CHECK(futex(&busy, FUTEX_TRYLOCK_PI, 0, NULL) == -1 && errno == EAGAIN,
	      "TRYLOCK_PI of a held word: %s", strerror(errno));
	kill(child, SIGKILL);
	wait_for(child);
	return 0;
}
