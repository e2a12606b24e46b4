/* sched_yield returns 0, also many times in a row and with another thread
 * runnable, and both threads make progress. */
#include "ptest.h"
#include <pthread.h>

static volatile int stop;
static volatile long other_progress;

static void *other(void *arg)
{
	(void)arg;
	while (!stop) {
		other_progress++;
		sched_yield();
	}
	return NULL;
}

int main(void)
{
	watchdog(30);
	for (int i = 0; i < 1000; i++)
		CHECK(sched_yield() == 0, "sched_yield: %s", strerror(errno));
	pthread_t t;
	CHECK(pthread_create(&t, NULL, other, NULL) == 0, "pthread_create");
	while (other_progress < 100)
		CHECK(sched_yield() == 0, "sched_yield with another thread: %s", strerror(errno));
	stop = 1;
	pthread_join(t, NULL);
	return 0;
}
