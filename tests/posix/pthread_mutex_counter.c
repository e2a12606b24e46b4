/* A mutex makes increments from several threads exact; trylock on a held
 * mutex answers EBUSY; an error-checking mutex refuses a relock (EDEADLK). */
#include "ptest.h"
#include <pthread.h>

#define THREADS 8
#define INCREMENTS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

static void *worker(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&lock);
		long v = counter;
		if ((i & 255) == 0)
			sched_yield(); /* invite a race if the lock were broken */
		counter = v + 1;
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

static void *try_held(void *arg)
{
	(void)arg;
	return (void *)(long)pthread_mutex_trylock(&lock);
}

int main(void)
{
	watchdog(50);
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, NULL) == 0, "pthread_create failed");
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK(counter == (long)THREADS * INCREMENTS, "counter %ld, expected %ld", counter, (long)THREADS * INCREMENTS);

	pthread_mutex_lock(&lock);
	pthread_t other;
	void *r;
	pthread_create(&other, NULL, try_held, NULL);
	pthread_join(other, &r);
	CHECK((long)r == EBUSY, "trylock of a held mutex returned %ld, expected EBUSY", (long)r);
	pthread_mutex_unlock(&lock);

	pthread_mutexattr_t attr;
	pthread_mutex_t checked;
	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&checked, &attr);
	CHECK(pthread_mutex_lock(&checked) == 0, "errorcheck lock failed");
	int err = pthread_mutex_lock(&checked);
	CHECK(err == EDEADLK, "relock of an errorcheck mutex returned %d, expected EDEADLK", err);
	pthread_mutex_unlock(&checked);
	return 0;
}
