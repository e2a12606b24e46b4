/* futex_waitv (Linux 5.16): a thread waits on several futexes at once and
 * a FUTEX_WAKE on any of them (counted in its result) wakes it, answering
 * that futex's index; a word that differs from its expected value is
 * EAGAIN; an absolute CLOCK_MONOTONIC timeout passes with ETIMEDOUT; bad
 * arguments are EINVAL (flags, count 0 or above 128, a waiter without
 * FUTEX_32 or with reserved bits, an unaligned word, another clock) and
 * EFAULT. */
#include "ptest.h"
#include "futex_ops.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#define SYS_futex_waitv_ 449
#define FUTEX_32 2

struct waitv {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

static uint32_t words[3];
static struct waitv wv[3];
static volatile long result = -100;

static long waitv(struct waitv *v, unsigned n, unsigned flags, struct timespec *ts, int clk)
{
	return syscall(SYS_futex_waitv_, v, n, flags, ts, clk);
}

static void *waiter(void *arg)
{
	(void)arg;
	result = waitv(wv, 3, 0, NULL, 0);
	return NULL;
}

int main(void)
{
	watchdog(20);
	for (int i = 0; i < 3; i++)
		wv[i] = (struct waitv){ .val = 0, .uaddr = (uintptr_t)&words[i],
					.flags = FUTEX_32 | FUTEX_PRIVATE_FLAG };
	pthread_t th;
	CHECK(pthread_create(&th, NULL, waiter, NULL) == 0, "pthread_create");
	long woke = 0;
	for (int tries = 0; woke == 0 && tries < 200; tries++) {
		usleep(10000);
		woke = syscall(SYS_futex, &words[2], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
	CHECK(woke == 1, "FUTEX_WAKE woke %ld waitv waiters", woke);
	pthread_join(th, NULL);
	CHECK(result == 2, "futex_waitv returned %ld, expected index 2", result);

	words[1] = 5;
	errno = 0;
	CHECK(waitv(wv, 3, 0, NULL, 0) == -1 && errno == EAGAIN, "a changed word: %s", strerror(errno));
	words[1] = 0;
	struct timespec at;
	clock_gettime(CLOCK_MONOTONIC, &at);
	at.tv_nsec += 30000000;
	if (at.tv_nsec >= 1000000000)
		at.tv_sec++, at.tv_nsec -= 1000000000;
	errno = 0;
	CHECK(waitv(wv, 3, 0, &at, CLOCK_MONOTONIC) == -1 && errno == ETIMEDOUT, "timeout: %s",
	      strerror(errno));

#define EXPECT_EINVAL(call, what) do { errno = 0; \
	CHECK((call) == -1 && errno == EINVAL, "%s: %s", what, strerror(errno)); } while (0)
	EXPECT_EINVAL(waitv(wv, 3, 1, NULL, 0), "flags 1");
	EXPECT_EINVAL(waitv(wv, 0, 0, NULL, 0), "no futexes");
	EXPECT_EINVAL(waitv(wv, 129, 0, NULL, 0), "129 futexes");
	EXPECT_EINVAL(waitv(wv, 3, 0, &at, CLOCK_BOOTTIME), "CLOCK_BOOTTIME");
	struct waitv bad = wv[0];
	bad.flags = FUTEX_PRIVATE_FLAG;
	EXPECT_EINVAL(waitv(&bad, 1, 0, NULL, 0), "no FUTEX_32");
	bad = wv[0];
	bad.reserved = 1;
	EXPECT_EINVAL(waitv(&bad, 1, 0, NULL, 0), "reserved bits");
	bad = wv[0];
	bad.uaddr += 1;
	EXPECT_EINVAL(waitv(&bad, 1, 0, NULL, 0), "unaligned word");
	errno = 0;
	CHECK(waitv((struct waitv *)8, 1, 0, NULL, 0) == -1 && errno == EFAULT, "waiters at 8: %s",
	      strerror(errno));
	return 0;
}
