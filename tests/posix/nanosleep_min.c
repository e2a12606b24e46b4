/* nanosleep sleeps at least the requested time (measured on CLOCK_MONOTONIC);
 * a zero request returns at once; tv_nsec out of range is EINVAL. */
#include "ptest.h"
#include <time.h>

static long long now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	watchdog(30);
	static const long ms[] = { 1, 10, 150, 1100 };
	for (unsigned i = 0; i < sizeof ms / sizeof ms[0]; i++) {
		struct timespec req = { ms[i] / 1000, (ms[i] % 1000) * 1000000L };
		long long start = now_ns();
		CHECK(nanosleep(&req, NULL) == 0, "nanosleep(%ld ms): %s", ms[i], strerror(errno));
		long long took = now_ns() - start;
		CHECK(took >= ms[i] * 1000000LL, "nanosleep(%ld ms) returned after %lld ns", ms[i], took);
	}
	struct timespec zero = { 0, 0 };
	CHECK(nanosleep(&zero, NULL) == 0, "nanosleep(0): %s", strerror(errno));
	struct timespec bad = { 0, 1000000000L };
	CHECK(nanosleep(&bad, NULL) == -1 && errno == EINVAL, "tv_nsec 1e9: %s, expected EINVAL", strerror(errno));
	struct timespec neg = { -1, 0 };
	CHECK(nanosleep(&neg, NULL) == -1 && errno == EINVAL, "negative: %s, expected EINVAL", strerror(errno));
	return 0;
}
