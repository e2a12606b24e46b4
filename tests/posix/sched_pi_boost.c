/* Priority inheritance (PTHREAD_PRIO_INHERIT, FUTEX_LOCK_PI): the classic
 * inversion on one CPU. L (SCHED_FIFO 10) holds the mutex; H (FIFO 30)
 * blocks on it; M (FIFO 20) spins, never blocking, until H has had the
 * mutex. Without inheritance M keeps L off the CPU and H never gets it
 * (the watchdog fails the test); with it L runs at H's priority, unlocks,
 * and H goes on while M still spins. The main thread (FIFO 40) sets the
 * scene and only blocks when all is set. Runs as root, pinned to CPU 0. */
#include "ptest.h"
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

static pthread_mutex_t mu;
static sem_t locked, go_unlock;
static atomic_int h_done;

static void *low(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	sem_post(&locked);
	sem_wait(&go_unlock); /* until main has started M and H */
	/* Here only if inheritance lifted L above the spinning M. */
	pthread_mutex_unlock(&mu);
	return NULL;
}

static void *mid(void *arg)
{
	(void)arg;
	while (!h_done)
		; /* spin: no system call */
	return NULL;
}

static void *high(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&mu);
	h_done = 1;
	pthread_mutex_unlock(&mu);
	return NULL;
}

static pthread_t start(void *(*fn)(void *), int prio)
{
	pthread_attr_t a;
	struct sched_param sp = { .sched_priority = prio };
	pthread_attr_init(&a);
	pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
	pthread_attr_setschedpolicy(&a, SCHED_FIFO);
	pthread_attr_setschedparam(&a, &sp);
	pthread_t t;
	int e = pthread_create(&t, &a, fn, NULL);
	if (e)
		fail("pthread_create at FIFO %d: %s", prio, strerror(e));
	pthread_attr_destroy(&a);
	return t;
}

int main(void)
{
	watchdog(20);
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	CHECK(sched_setaffinity(0, sizeof one, &one) == 0, "sched_setaffinity: %s", strerror(errno));
	struct sched_param sp = { .sched_priority = 40 };
	int e = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (e)
		fail("SCHED_FIFO 40 for the main thread: %s", strerror(e));
	pthread_mutexattr_t ma;
	pthread_mutexattr_init(&ma);
	CHECK(pthread_mutexattr_setprotocol(&ma, PTHREAD_PRIO_INHERIT) == 0, "PTHREAD_PRIO_INHERIT");
	CHECK(pthread_mutex_init(&mu, &ma) == 0, "pthread_mutex_init");
	sem_init(&locked, 0, 0);
	sem_init(&go_unlock, 0, 0);

	pthread_t l = start(low, 10);
	sem_wait(&locked); /* L has the mutex */
	sem_post(&go_unlock); /* L may unlock once it runs again: not before main blocks */
	pthread_t m = start(mid, 20);
	pthread_t h = start(high, 30); /* blocks on the mutex at once: main is above it */
	pthread_join(h, NULL); /* main blocks: M spins, L must outrank it */
	CHECK(h_done, "H never had the mutex");
	pthread_join(m, NULL);
	pthread_join(l, NULL);
	return 0;
}
