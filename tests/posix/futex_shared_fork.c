/* Futexes in MAP_SHARED memory meet across processes: a child forked after
 * the mapping waits (FUTEX_WAIT without FUTEX_PRIVATE_FLAG) and the parent's
 * FUTEX_WAKE on the same word wakes it; then a process-shared pthread
 * condition variable and mutex in that memory work between the two. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

struct shared {
	uint32_t word;     /* the futex */
	uint32_t waiting;  /* the child is about to wait */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ready;
};

static long futex(uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, addr, op, val, ts, NULL, 0);
}

int main(void)
{
	watchdog(30);
	struct shared *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(s != MAP_FAILED, "mmap: %s", strerror(errno));

	/* 1. raw futex, shared (no FUTEX_PRIVATE_FLAG) */
	pid_t c = fork_or_fail();
	if (c == 0) {
		struct timespec ts = { 10, 0 };
		__atomic_store_n(&s->waiting, 1, __ATOMIC_SEQ_CST);
		long r = futex(&s->word, FUTEX_WAIT, 0, &ts);
		if (r == 0 || errno == EAGAIN)
			_exit(s->word == 1 ? 0 : 3);
		_exit(errno == ETIMEDOUT ? 2 : 4);
	}
	while (!__atomic_load_n(&s->waiting, __ATOMIC_SEQ_CST))
		usleep(1000);
	usleep(100 * 1000); /* time to get into the wait */
	__atomic_store_n(&s->word, 1, __ATOMIC_SEQ_CST);
	long woken = 0;
	for (int i = 0; i < 50 && !woken; i++) {
		woken = futex(&s->word, FUTEX_WAKE, 1, NULL);
		if (!woken)
			usleep(20 * 1000);
		if (waitpid(c, NULL, WNOHANG) == c)
			fail("the child ended before being woken");
	}
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the waiting child: status 0x%x (exit 2: the parent's wake never reached it)", status);
	CHECK(woken == 1, "FUTEX_WAKE woke %ld waiters", woken);

	/* 2. a process-shared mutex and condition variable */
	pthread_mutexattr_t ma;
	pthread_condattr_t ca;
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_condattr_init(&ca);
	pthread_condattr_setpshared(&ca, PTHREAD_PROCESS_SHARED);
	CHECK(pthread_mutex_init(&s->lock, &ma) == 0, "pthread_mutex_init");
	CHECK(pthread_cond_init(&s->cond, &ca) == 0, "pthread_cond_init");
	c = fork_or_fail();
	if (c == 0) {
		pthread_mutex_lock(&s->lock);
		while (!s->ready)
			pthread_cond_wait(&s->cond, &s->lock);
		pthread_mutex_unlock(&s->lock);
		_exit(0);
	}
	usleep(100 * 1000);
	pthread_mutex_lock(&s->lock);
	s->ready = 1;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the condvar child: status 0x%x", status);
	return 0;
}
