/* time(), gettimeofday and CLOCK_REALTIME agree to within a few seconds and
 * say a date after 2020; CLOCK_REALTIME and CLOCK_MONOTONIC are distinct
 * clocks that both advance. */
#include "ptest.h"
#include <sys/time.h>
#include <time.h>

int main(void)
{
	struct timespec rt;
	struct timeval tv;
	time_t t0 = time(NULL);
	CHECK(gettimeofday(&tv, NULL) == 0, "gettimeofday: %s", strerror(errno));
	CHECK(clock_gettime(CLOCK_REALTIME, &rt) == 0, "clock_gettime: %s", strerror(errno));
	time_t t1 = time(NULL);
	CHECK(t0 > 1577836800, "time() says %lld, before 2020", (long long)t0);
	CHECK(t1 >= t0 && t1 - t0 <= 5, "time() moved from %lld to %lld", (long long)t0, (long long)t1);
	CHECK(tv.tv_sec >= t0 - 1 && tv.tv_sec <= t1 + 1, "gettimeofday %lld vs time %lld..%lld", (long long)tv.tv_sec,
	      (long long)t0, (long long)t1);
	CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec %ld out of range", (long)tv.tv_usec);
	CHECK(rt.tv_sec >= t0 - 1 && rt.tv_sec <= t1 + 1, "CLOCK_REALTIME %lld vs time %lld..%lld", (long long)rt.tv_sec,
	      (long long)t0, (long long)t1);
	time_t stored = 0;
	CHECK(time(&stored) == stored && stored >= t0, "time(&t) did not store its result");
	return 0;
}
