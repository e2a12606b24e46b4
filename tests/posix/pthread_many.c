/* A process may have 200 threads alive at once, as on Linux (whose limit
 * is threads-max, in the thousands): each is created, runs and is joined;
 * they all wait at a barrier first, so all are alive together. */
#include "ptest.h"
#include <pthread.h>

#define N 200

static pthread_barrier_t all_here;

static void *worker(void *arg)
{
	pthread_barrier_wait(&all_here);
	return arg;
}

int main(void)
{
	watchdog(60);
	static pthread_t th[N];
	CHECK(pthread_barrier_init(&all_here, NULL, N + 1) == 0, "pthread_barrier_init");
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 64 * 1024);
	for (long i = 0; i < N; i++) {
		int r = pthread_create(&th[i], &a, worker, (void *)i);
		CHECK(r == 0, "thread %ld: %s", i, strerror(r));
	}
	pthread_barrier_wait(&all_here);
	for (long i = 0; i < N; i++) {
		void *v;
		CHECK(pthread_join(th[i], &v) == 0 && v == (void *)i, "join %ld", i);
	}
	return 0;
}
