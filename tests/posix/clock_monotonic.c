/* CLOCK_MONOTONIC never goes backwards and advances across a sleep;
 * clock_getres reports a sane resolution; an unknown clock is EINVAL. */
#include "ptest.h"
#include <time.h>

static long long ns(const struct timespec *t) { return t->tv_sec * 1000000000LL + t->tv_nsec; }

int main(void)
{
	struct timespec a, b;
	CHECK(clock_gettime(CLOCK_MONOTONIC, &a) == 0, "clock_gettime: %s", strerror(errno));
	for (int i = 0; i < 100000; i++) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		CHECK(b.tv_nsec >= 0 && b.tv_nsec < 1000000000L, "tv_nsec %ld out of range", b.tv_nsec);
		CHECK(ns(&b) >= ns(&a), "went backwards: %lld then %lld", ns(&a), ns(&b));
		a = b;
	}
	struct timespec nap = { 0, 20 * 1000000L };
	nanosleep(&nap, NULL);
	clock_gettime(CLOCK_MONOTONIC, &b);
	CHECK(ns(&b) > ns(&a), "did not advance across a 20 ms sleep");
	struct timespec res;
	CHECK(clock_getres(CLOCK_MONOTONIC, &res) == 0, "clock_getres: %s", strerror(errno));
	CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000L, "resolution %lld ns", ns(&res));
	CHECK(clock_gettime((clockid_t)1234, &b) == -1 && errno == EINVAL, "clock 1234: %s, expected EINVAL", strerror(errno));
	return 0;
}
