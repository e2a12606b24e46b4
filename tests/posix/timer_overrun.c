/* A periodic timer whose signal stays pending does not queue a signal per
 * period: when the signal is taken, si_overrun (and timer_getoverrun) count
 * the periods missed meanwhile. A 10 ms timer left blocked for 200 ms has
 * expired at least 19 times, so the overrun is at least 18. */
#include "ptest.h"
#include <time.h>

int main(void)
{
	watchdog(20);
	int sig = SIGRTMIN + 1;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask");
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = sig };
	timer_t id;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) == 0, "timer_create: %s", strerror(errno));
	struct itimerspec its = { { 0, 10000000 }, { 0, 10000000 } };
	CHECK(timer_settime(id, 0, &its, NULL) == 0, "timer_settime: %s", strerror(errno));
	struct timespec nap = { 0, 200000000 };
	while (nanosleep(&nap, &nap) < 0 && errno == EINTR)
		;
	sigset_t pend;
	CHECK(sigpending(&pend) == 0 && sigismember(&pend, sig), "the timer's signal is not pending");
	siginfo_t si;
	CHECK(sigwaitinfo(&set, &si) == sig, "sigwaitinfo: %s", strerror(errno));
	CHECK(si.si_code == SI_TIMER, "si_code %d", si.si_code);
	CHECK(si.si_overrun >= 18, "si_overrun %d after 200 ms of a 10 ms timer", si.si_overrun);
	CHECK(timer_getoverrun(id) == si.si_overrun, "timer_getoverrun %d, si_overrun %d",
	      timer_getoverrun(id), si.si_overrun);
	/* Only one instance was pending. */
	struct timespec zero = { 0, 0 };
	int again = sigtimedwait(&set, &si, &zero);
	CHECK(again < 0 || si.si_overrun < 18, "a second signal with the same overruns");
	CHECK(timer_delete(id) == 0, "timer_delete");
	return 0;
}
