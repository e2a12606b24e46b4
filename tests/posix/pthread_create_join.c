/* Many threads are created and joined; each receives its own argument and
 * its return value reaches pthread_join; thread ids are distinct. */
#include "ptest.h"
#include <pthread.h>
#include <stdint.h>

#define THREADS 64

static pid_t tids[THREADS];

static void *worker(void *arg)
{
	uintptr_t i = (uintptr_t)arg;
	tids[i] = gettid();
	return (void *)(i * 3 + 1);
}

int main(void)
{
	watchdog(30);
	pthread_t t[THREADS];
	for (int round = 0; round < 4; round++) {
		for (uintptr_t i = 0; i < THREADS; i++) {
			int err = pthread_create(&t[i], NULL, worker, (void *)i);
			CHECK(err == 0, "round %d: pthread_create %d: %s", round, (int)i, strerror(err));
		}
		for (uintptr_t i = 0; i < THREADS; i++) {
			void *ret;
			int err = pthread_join(t[i], &ret);
			CHECK(err == 0, "pthread_join %d: %s", (int)i, strerror(err));
			CHECK((uintptr_t)ret == i * 3 + 1, "thread %d returned %lu, expected %lu", (int)i,
			      (unsigned long)(uintptr_t)ret, (unsigned long)(i * 3 + 1));
		}
		for (int i = 0; i < THREADS; i++) {
			CHECK(tids[i] > 0 && tids[i] != getpid(), "thread %d tid %d", i, (int)tids[i]);
			for (int j = 0; j < i; j++)
				CHECK(tids[i] != tids[j], "threads %d and %d share tid %d", i, j, (int)tids[i]);
		}
	}
	return 0;
}
