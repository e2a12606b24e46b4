/* pthread_cond_timedwait with nobody signalling returns ETIMEDOUT, not before
 * its deadline, holding the mutex again; a deadline in the past times out at once. */
#include "ptest.h"
#include <pthread.h>
#include <time.h>

int main(void)
{
	watchdog(20);
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec deadline, now;
	clock_gettime(CLOCK_REALTIME, &deadline);
	deadline.tv_nsec += 200 * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&m);
	int err;
	do
		err = pthread_cond_timedwait(&c, &m, &deadline);
	while (err == 0); /* a spurious wakeup is allowed */
	CHECK(err == ETIMEDOUT, "timedwait returned %d (%s), expected ETIMEDOUT", err, strerror(err));
	clock_gettime(CLOCK_REALTIME, &now);
	CHECK(now.tv_sec > deadline.tv_sec || (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec),
	      "returned at %lld.%09ld, before the deadline %lld.%09ld", (long long)now.tv_sec, now.tv_nsec,
	      (long long)deadline.tv_sec, deadline.tv_nsec);
	CHECK(pthread_mutex_trylock(&m) == EBUSY, "the mutex was not held after the timeout");

	struct timespec past = { .tv_sec = 1, .tv_nsec = 0 };
	err = pthread_cond_timedwait(&c, &m, &past);
	CHECK(err == ETIMEDOUT, "a past deadline returned %d, expected ETIMEDOUT", err);
	pthread_mutex_unlock(&m);
	return 0;
}
