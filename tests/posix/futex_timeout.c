/* FUTEX_WAIT on a word holding the expected value, with a relative timeout and
 * nobody waking it, fails with ETIMEDOUT after at least that long (private and
 * shared forms); a zero timeout times out at once. */
#include "ptest.h"
#include "futex_ops.h"
#include <sys/syscall.h>
#include <time.h>

static long futex(int *addr, int op, int val, const struct timespec *timeout)
{
	return syscall(SYS_futex, addr, op, val, timeout, NULL, 0);
}

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	watchdog(20);
	static int word = 5;
	static const int ops[] = { FUTEX_WAIT, FUTEX_WAIT | FUTEX_PRIVATE_FLAG };
	for (unsigned i = 0; i < 2; i++) {
		struct timespec ts = { 0, 100 * 1000000L };
		long long start = now_ns();
		long r = futex(&word, ops[i], 5, &ts);
		long long took = now_ns() - start;
		CHECK(r == -1 && errno == ETIMEDOUT, "op %d: returned %ld (%s), expected ETIMEDOUT", ops[i], r, strerror(errno));
		CHECK(took >= 100 * 1000000LL, "op %d: timed out after %lld ns, before the 100 ms timeout", ops[i], took);
	}
	struct timespec zero = { 0, 0 };
	long r = futex(&word, FUTEX_WAIT_PRIVATE, 5, &zero);
	CHECK(r == -1 && errno == ETIMEDOUT, "zero timeout: returned %ld (%s), expected ETIMEDOUT", r, strerror(errno));
	struct timespec bad = { 0, 1000000000L };
	r = futex(&word, FUTEX_WAIT_PRIVATE, 5, &bad);
	CHECK(r == -1 && errno == EINVAL, "tv_nsec 1e9: returned %ld (%s), expected EINVAL", r, strerror(errno));
	CHECK(word == 5, "the futex word changed");
	return 0;
}
