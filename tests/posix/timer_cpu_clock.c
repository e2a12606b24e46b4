/* Timers on CPU-time clocks: a timer on CLOCK_PROCESS_CPUTIME_ID or on a
 * thread's clock (pthread_getcpuclockid) fires only once that clock has
 * reached its expiry: the process spins until the signal comes and then
 * finds its CPU time at least the timer's; sleeping does not bring it
 * closer; another process's CPU clock can carry one too (a child that
 * spins sets it off), another process's thread clock cannot (EINVAL). */
#include "ptest.h"
#include <pthread.h>
#include <time.h>

static volatile sig_atomic_t fired;

static void on_sig(int sig) { (void)sig; fired++; }

static uint64_t clock_ns(clockid_t c)
{
	struct timespec ts;
	if (clock_gettime(c, &ts) != 0)
		fail("clock_gettime: %s", strerror(errno));
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void run_timer(clockid_t c, const char *what)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	timer_t id;
	CHECK(timer_create(c, &ev, &id) == 0, "%s: timer_create: %s", what, strerror(errno));
	fired = 0;
	uint64_t start = clock_ns(c);
	struct itimerspec its = { { 0, 0 }, { 0, 60000000 } }; /* 60 ms of CPU */
	CHECK(timer_settime(id, 0, &its, NULL) == 0, "%s: timer_settime", what);
	/* Asleep it gets no CPU time: no signal. */
	struct timespec nap = { 0, 100000000 };
	nanosleep(&nap, NULL);
	CHECK(!fired, "%s: fired while the process slept", what);
	while (!fired)
		;
	uint64_t used = clock_ns(c) - start;
	CHECK(used >= 60000000, "%s: fired after %llu ns of CPU, before 60 ms", what,
	      (unsigned long long)used);
	CHECK(timer_delete(id) == 0, "%s: timer_delete", what);
}

int main(void)
{
	watchdog(30);
	signal(SIGUSR1, on_sig);
	run_timer(CLOCK_PROCESS_CPUTIME_ID, "process clock");
	clockid_t mine;
	CHECK(pthread_getcpuclockid(pthread_self(), &mine) == 0, "pthread_getcpuclockid");
	run_timer(mine, "thread clock");
	run_timer(CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID");

	pid_t child = fork_or_fail();
	if (child == 0) {
		for (;;)
			;
	}
	clockid_t theirs;
	CHECK(clock_getcpuclockid(child, &theirs) == 0, "clock_getcpuclockid");
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	timer_t id;
	CHECK(timer_create(theirs, &ev, &id) == 0, "a timer on a child's CPU clock: %s", strerror(errno));
	fired = 0;
	struct itimerspec its = { { 0, 0 }, { 0, 30000000 } };
	CHECK(timer_settime(id, 0, &its, NULL) == 0, "timer_settime");
	while (!fired)
		pause();
	uint64_t child_ns = clock_ns(theirs);
	CHECK(child_ns >= 30000000, "fired when the child had used %llu ns", (unsigned long long)child_ns);
	timer_delete(id);
	kill(child, SIGKILL);
	wait_for(child);
	/* A thread clock of another process: clock 4 | 2 (per-thread SCHED). */
	clockid_t other_thread = (clockid_t)((~(unsigned)child << 3) | 6);
	errno = 0;
	CHECK(timer_create(other_thread, &ev, &id) < 0 && errno == EINVAL,
	      "a timer on another process's thread clock: %s", strerror(errno));
	return 0;
}
