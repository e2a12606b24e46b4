/* __thread variables are per thread: each thread starts from the initial
 * value, and writes in one thread are invisible to the others. */
#include "ptest.h"
#include <pthread.h>
#include <stdint.h>

#define THREADS 8

static __thread long tls_value = 1000;
static __thread char tls_zero[256];
static pthread_barrier_t barrier;

static void *worker(void *arg)
{
	long id = (long)arg;
	if (tls_value != 1000)
		return (void *)1;
	for (unsigned i = 0; i < sizeof tls_zero; i++)
		if (tls_zero[i])
			return (void *)2;
	tls_value = id;
	memset(tls_zero, (int)id, sizeof tls_zero);
	pthread_barrier_wait(&barrier); /* everyone has written before anyone checks */
	if (tls_value != id || tls_zero[255] != (char)id)
		return (void *)3;
	return (void *)(uintptr_t)&tls_value;
}

int main(void)
{
	watchdog(20);
	pthread_barrier_init(&barrier, NULL, THREADS);
	tls_value = -1;
	pthread_t t[THREADS];
	uintptr_t addr[THREADS];
	for (long i = 0; i < THREADS; i++)
		CHECK(pthread_create(&t[i], NULL, worker, (void *)(i + 1)) == 0, "pthread_create");
	for (int i = 0; i < THREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		CHECK((uintptr_t)r > 3, "thread %d saw a wrong TLS value (code %d)", i, (int)(uintptr_t)r);
		addr[i] = (uintptr_t)r;
		CHECK(addr[i] != (uintptr_t)&tls_value, "thread %d's tls_value has the main thread's address", i);
		for (int j = 0; j < i; j++)
			CHECK(addr[i] != addr[j], "threads %d and %d share a tls_value address", i, j);
	}
	CHECK(tls_value == -1, "the main thread's tls_value changed to %ld", tls_value);
	return 0;
}
