/* Setting CLOCK_REALTIME (root) moves what waits for an absolute instant on
 * it and nothing else (POSIX): an absolute CLOCK_REALTIME timer, an
 * absolute clock_nanosleep and an absolute FUTEX_WAIT_BITSET with
 * FUTEX_CLOCK_REALTIME end when the clock is set past their instant,
 * and an absolute timer's remaining time grows when the clock is set back;
 * a relative timer on CLOCK_REALTIME keeps its length. The clock is put
 * back (plus the time that passed) before anything is checked. */
#include "ptest.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

#define FUTEX_WAIT_BITSET 9
#define FUTEX_CLOCK_REALTIME 256

#define HOUR 3600

static struct timespec wake_at;
static volatile int slept, futex_timed_out;
static uint32_t word;

static void *sleeper(void *arg)
{
	(void)arg;
	if (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &wake_at, NULL) == 0)
		slept = 1;
	return NULL;
}

static void *futex_waiter(void *arg)
{
	(void)arg;
	long r = syscall(SYS_futex, &word, FUTEX_WAIT_BITSET | FUTEX_CLOCK_REALTIME, 0, &wake_at,
			 NULL, 0xffffffff);
	futex_timed_out = r == -1 && errno == ETIMEDOUT;
	return NULL;
}

static void shift_clock(long seconds)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	now.tv_sec += seconds;
	if (clock_settime(CLOCK_REALTIME, &now) != 0)
		fail("clock_settime: %s", strerror(errno));
}

int main(void)
{
	watchdog(30);
	if (getuid() != 0)
		fail("must run as root (it sets the clock)");
	int sig = SIGRTMIN + 1;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask");
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = sig };
	timer_t absolute, relative;
	ev.sigev_value.sival_int = 1;
	CHECK(timer_create(CLOCK_REALTIME, &ev, &absolute) == 0, "timer_create: %s", strerror(errno));
	ev.sigev_value.sival_int = 2;
	CHECK(timer_create(CLOCK_REALTIME, &ev, &relative) == 0, "timer_create: %s", strerror(errno));

	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	wake_at = now;
	wake_at.tv_sec += HOUR;
	struct itimerspec abs_its = { { 0, 0 }, wake_at }, rel_its = { { 0, 0 }, { 20, 0 } };
	CHECK(timer_settime(absolute, TIMER_ABSTIME, &abs_its, NULL) == 0, "timer_settime abs");
	CHECK(timer_settime(relative, 0, &rel_its, NULL) == 0, "timer_settime rel");
	pthread_t th, fw;
	CHECK(pthread_create(&th, NULL, sleeper, NULL) == 0, "pthread_create");
	CHECK(pthread_create(&fw, NULL, futex_waiter, NULL) == 0, "pthread_create");
	usleep(50000); /* the sleeper is asleep */

	/* Forward past the instant. */
	shift_clock(HOUR + 1);
	siginfo_t si;
	struct timespec bound = { 10, 0 };
	int got = sigtimedwait(&set, &si, &bound);
	int got_value = got == sig ? si.si_value.sival_int : -1;
	pthread_join(th, NULL); /* the watchdog bounds it */
	pthread_join(fw, NULL);
	struct itimerspec rel_left;
	timer_gettime(relative, &rel_left);
	shift_clock(-(HOUR + 1));

	/* Back: an absolute timer's wait grows. */
	clock_gettime(CLOCK_REALTIME, &now);
	abs_its.it_value = now;
	abs_its.it_value.tv_sec += 5;
	CHECK(timer_settime(absolute, TIMER_ABSTIME, &abs_its, NULL) == 0, "timer_settime abs");
	shift_clock(-HOUR);
	struct itimerspec abs_left;
	timer_gettime(absolute, &abs_left);
	shift_clock(HOUR);

	CHECK(got == sig && got_value == 1, "setting the clock past an absolute timer's instant did "
	      "not fire it (got %d, value %d)", got, got_value);
	CHECK(slept, "an absolute clock_nanosleep did not end when the clock passed its instant");
	CHECK(futex_timed_out, "an absolute CLOCK_REALTIME futex wait did not time out when the clock "
	      "passed its instant");
	CHECK(rel_left.it_value.tv_sec >= 10, "a relative timer moved with the clock: %ld s left of 20",
	      (long)rel_left.it_value.tv_sec);
	CHECK(abs_left.it_value.tv_sec > HOUR, "an absolute timer did not move back with the clock: "
	      "%ld s left", (long)abs_left.it_value.tv_sec);
	struct timespec zero = { 0, 0 };
	CHECK(sigtimedwait(&set, &si, &zero) < 0, "a timer fired that should not have (value %d)",
	      si.si_value.sival_int);
	return 0;
}
