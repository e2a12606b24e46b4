/* A PI mutex passes to its waiters in priority order, as Linux's rt_mutex:
 * three threads wait while the main thread holds it (an ordinary one, a
 * SCHED_FIFO 10 and a SCHED_FIFO 50, arriving in that order), and take it
 * highest first when it is released. Root (real-time priorities). */
#define _GNU_SOURCE
#include "ptest.h"
#include <pthread.h>
#include <sched.h>

static pthread_mutex_t m;
static pthread_mutex_t order_lock = PTHREAD_MUTEX_INITIALIZER;
static int order[3], n_order;

static void *waiter(void *arg)
{
	int prio = (int)(long)arg;
	if (prio) {
		struct sched_param sp = { .sched_priority = prio };
		int r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
		if (r)
			fail("pthread_setschedparam: %s", strerror(r));
	}
	if (pthread_mutex_lock(&m) != 0)
		fail("lock");
	pthread_mutex_lock(&order_lock);
	order[n_order++] = prio;
	pthread_mutex_unlock(&order_lock);
	pthread_mutex_unlock(&m);
	return NULL;
}

int main(void)
{
	watchdog(30);
	if (getuid() != 0)
		fail("must run as root (SCHED_FIFO)");
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof one, &one); /* one CPU, as on Calyx */
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	CHECK(pthread_mutex_init(&m, &a) == 0, "pthread_mutex_init");
	CHECK(pthread_mutex_lock(&m) == 0, "lock");
	pthread_t th[3];
	long prios[3] = { 0, 10, 50 };
	for (int i = 0; i < 3; i++) {
		CHECK(pthread_create(&th[i], NULL, waiter, (void *)prios[i]) == 0, "pthread_create");
		usleep(100000); /* it is waiting by then */
	}
	CHECK(pthread_mutex_unlock(&m) == 0, "unlock");
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	CHECK(n_order == 3 && order[0] == 50 && order[1] == 10 && order[2] == 0,
	      "taken in the order %d %d %d, expected 50 10 0", order[0], order[1], order[2]);
	return 0;
}
