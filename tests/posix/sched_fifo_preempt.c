/* SCHED_FIFO on one CPU: a thread made runnable at a higher real-time
 * priority than the running one runs at once, before the creator goes on;
 * one at a lower priority waits until every higher thread blocks. The
 * creator (FIFO 20) starts a FIFO 10 thread, then a FIFO 30 one, and
 * only then blocks: the order seen must be 30, creator, 10. Runs as root;
 * every thread is pinned to CPU 0 so the test means the same on a Linux
 * with more CPUs. */
#include "ptest.h"
#include <pthread.h>
#include <stdatomic.h>

static atomic_int seq;
static int order[3];

static void mark(int who) { order[atomic_fetch_add(&seq, 1)] = who; }

static void *run(void *arg)
{
	mark((int)(long)arg);
	return NULL;
}

static pthread_t start(int prio)
{
	pthread_attr_t a;
	struct sched_param sp = { .sched_priority = prio };
	pthread_attr_init(&a);
	CHECK(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED) == 0, "setinheritsched");
	CHECK(pthread_attr_setschedpolicy(&a, SCHED_FIFO) == 0, "setschedpolicy");
	CHECK(pthread_attr_setschedparam(&a, &sp) == 0, "setschedparam");
	pthread_t t;
	int e = pthread_create(&t, &a, run, (void *)(long)prio);
	if (e)
		fail("pthread_create at FIFO %d: %s", prio, strerror(e));
	pthread_attr_destroy(&a);
	return t;
}

int main(void)
{
	watchdog(30);
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	CHECK(sched_setaffinity(0, sizeof one, &one) == 0, "sched_setaffinity: %s", strerror(errno));
	struct sched_param sp = { .sched_priority = 20 };
	int e = pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	if (e)
		fail("SCHED_FIFO 20 for the main thread: %s", strerror(e));
	pthread_t low = start(10);
	pthread_t high = start(30);
	mark(20);
	pthread_join(high, NULL);
	pthread_join(low, NULL);
	CHECK(seq == 3, "%d marks", (int)seq);
	CHECK(order[0] == 30 && order[1] == 20 && order[2] == 10,
	      "order %d, %d, %d: expected 30, 20, 10", order[0], order[1], order[2]);
	int policy;
	CHECK(pthread_getschedparam(pthread_self(), &policy, &sp) == 0 && policy == SCHED_FIFO &&
	      sp.sched_priority == 20, "pthread_getschedparam: policy %d priority %d", policy, sp.sched_priority);
	return 0;
}
