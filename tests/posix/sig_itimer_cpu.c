/* setitimer's CPU-time timers: ITIMER_PROF sends SIGPROF and ITIMER_VIRTUAL
 * SIGVTALRM after the process has used that much CPU time (PROF: user and
 * system, VIRTUAL: user), periodically with an interval; sleeping uses
 * none; getitimer shows the interval and a value not above what was set
 * (Linux: plus a tick); an
 * unknown timer is EINVAL. */
#include "ptest.h"
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t prof, vt;

static void on_prof(int sig) { (void)sig; prof++; }
static void on_vt(int sig) { (void)sig; vt++; }

static uint64_t cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(void)
{
	watchdog(30);
	signal(SIGPROF, on_prof);
	signal(SIGVTALRM, on_vt);
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } }, got;
	CHECK(setitimer(ITIMER_PROF, &it, NULL) == 0, "setitimer PROF: %s", strerror(errno));
	CHECK(getitimer(ITIMER_PROF, &got) == 0, "getitimer");
	CHECK(got.it_interval.tv_usec == 20000 && got.it_interval.tv_sec == 0, "interval %ld.%06ld",
	      (long)got.it_interval.tv_sec, (long)got.it_interval.tv_usec);
	/* Linux adds a tick to the value it was given (its CPU timers are
	   checked at ticks): up to 10 ms more. */
	CHECK(got.it_value.tv_sec == 0 && got.it_value.tv_usec <= 30000, "value %ld.%06ld",
	      (long)got.it_value.tv_sec, (long)got.it_value.tv_usec);
	struct timespec nap = { 0, 100000000 };
	nanosleep(&nap, NULL);
	CHECK(prof == 0, "SIGPROF while asleep");
	uint64_t start = cpu_ns();
	while (prof < 3)
		;
	CHECK(cpu_ns() - start >= 3 * 20000000ull - 20000000ull,
	      "three SIGPROFs of a 20 ms timer after %llu ns of CPU", (unsigned long long)(cpu_ns() - start));
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	CHECK(setitimer(ITIMER_PROF, &off, &got) == 0, "disarm");
	CHECK(got.it_interval.tv_usec == 20000, "old interval %ld", (long)got.it_interval.tv_usec);

	struct itimerval v = { { 0, 0 }, { 0, 30000 } };
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer VIRTUAL: %s", strerror(errno));
	while (!vt)
		;
	CHECK(getitimer(ITIMER_VIRTUAL, &got) == 0 && got.it_value.tv_sec == 0 && got.it_value.tv_usec == 0,
	      "a one-shot ITIMER_VIRTUAL still armed after it fired");
	errno = 0;
	CHECK(setitimer(7, &v, NULL) < 0 && errno == EINVAL, "setitimer(7): %s", strerror(errno));
	return 0;
}
