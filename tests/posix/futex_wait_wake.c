/* A thread blocked in FUTEX_WAIT (no timeout) returns 0 when another thread
 * changes the word and calls FUTEX_WAKE: a hand-made one-shot event. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <sys/syscall.h>

static int event; /* 0 = not yet, 1 = set */

static void *setter(void *arg)
{
	(void)arg;
	usleep(50000);
	__atomic_store_n(&event, 1, __ATOMIC_SEQ_CST);
	long r = syscall(SYS_futex, &event, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return (void *)r;
}

int main(void)
{
	watchdog(20);
	pthread_t t;
	CHECK(pthread_create(&t, NULL, setter, NULL) == 0, "pthread_create");
	while (__atomic_load_n(&event, __ATOMIC_SEQ_CST) == 0) {
		long r = syscall(SYS_futex, &event, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		CHECK(r == 0 || errno == EAGAIN || errno == EINTR, "FUTEX_WAIT: %s", strerror(errno));
	}
	void *woke;
	pthread_join(t, &woke);
	CHECK((long)woke == 0 || (long)woke == 1, "FUTEX_WAKE(1) returned %ld", (long)woke);
	return 0;
}
