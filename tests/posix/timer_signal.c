/* POSIX timers notify by signal: timer_create with SIGEV_SIGNAL sends the
 * chosen signal with si_code SI_TIMER, the sigev_value and the timer's id;
 * without a sigevent it sends SIGALRM with the id as value; a one-shot
 * timer then reads as disarmed; SIGEV_NONE sends nothing while
 * timer_gettime shows it running; a periodic timer keeps firing. */
#include "ptest.h"
#include <time.h>

static void settime(timer_t id, long value_ns, long interval_ns)
{
	struct itimerspec its = { { 0, interval_ns }, { 0, value_ns } };
	CHECK(timer_settime(id, 0, &its, NULL) == 0, "timer_settime: %s", strerror(errno));
}

static void expect(const sigset_t *set, int sig, int value, int timerid)
{
	siginfo_t si;
	int got = sigwaitinfo(set, &si);
	CHECK(got == sig, "sigwaitinfo returned %d (%s), expected %d", got,
	      got < 0 ? strerror(errno) : "", sig);
	CHECK(si.si_code == SI_TIMER, "si_code %d, expected SI_TIMER", si.si_code);
	CHECK(si.si_value.sival_int == value, "si_value %d, expected %d", si.si_value.sival_int, value);
	CHECK(si.si_timerid == timerid, "si_timerid %d, expected %d", si.si_timerid, timerid);
}

int main(void)
{
	watchdog(20);
	int rt = SIGRTMIN + 2;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, rt);
	sigaddset(&set, SIGALRM);
	CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0, "sigprocmask");

	/* SIGEV_SIGNAL with a value. */
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = rt };
	ev.sigev_value.sival_int = 77;
	timer_t a;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &a) == 0, "timer_create: %s", strerror(errno));
	struct itimerspec cur;
	CHECK(timer_gettime(a, &cur) == 0, "timer_gettime: %s", strerror(errno));
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0, "a new timer is armed");
	settime(a, 20000000, 0);
	CHECK(timer_gettime(a, &cur) == 0 && (cur.it_value.tv_sec || cur.it_value.tv_nsec),
	      "an armed timer reads as disarmed");
	expect(&set, rt, 77, (int)(intptr_t)a);
	CHECK(timer_gettime(a, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0,
	      "a one-shot timer still armed after its signal");
	CHECK(timer_getoverrun(a) == 0, "overrun %d after a one-shot", timer_getoverrun(a));

	/* No sigevent: SIGALRM, value = id. */
	timer_t b;
	CHECK(timer_create(CLOCK_REALTIME, NULL, &b) == 0, "timer_create(NULL): %s", strerror(errno));
	CHECK(b != a, "two timers with one id");
	settime(b, 10000000, 0);
	expect(&set, SIGALRM, (int)(intptr_t)b, (int)(intptr_t)b);

	/* Periodic: three signals in a row. */
	settime(a, 5000000, 5000000);
	for (int i = 0; i < 3; i++)
		expect(&set, rt, 77, (int)(intptr_t)a);
	CHECK(timer_gettime(a, &cur) == 0 && cur.it_interval.tv_nsec == 5000000,
	      "interval reads %ld ns", (long)cur.it_interval.tv_nsec);
	settime(a, 0, 0);
	CHECK(timer_gettime(a, &cur) == 0 && cur.it_value.tv_nsec == 0 && cur.it_interval.tv_nsec == 0,
	      "disarming left it armed");

	/* SIGEV_NONE: nothing arrives, but it runs. */
	struct sigevent none = { .sigev_notify = SIGEV_NONE };
	timer_t c;
	CHECK(timer_create(CLOCK_MONOTONIC, &none, &c) == 0, "timer_create(SIGEV_NONE): %s",
	      strerror(errno));
	struct itimerspec its = { { 0, 0 }, { 5, 0 } };
	CHECK(timer_settime(c, 0, &its, NULL) == 0, "timer_settime");
	usleep(20000);
	CHECK(timer_gettime(c, &cur) == 0, "timer_gettime");
	CHECK(cur.it_value.tv_sec < 5 && (cur.it_value.tv_sec || cur.it_value.tv_nsec),
	      "SIGEV_NONE timer reads %ld.%09ld after 20 ms of 5 s", (long)cur.it_value.tv_sec,
	      (long)cur.it_value.tv_nsec);
	its.it_value.tv_sec = 0, its.it_value.tv_nsec = 1000000;
	CHECK(timer_settime(c, 0, &its, NULL) == 0, "timer_settime");
	usleep(20000);
	CHECK(timer_gettime(c, &cur) == 0 && cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0,
	      "an expired SIGEV_NONE one-shot reads %ld ns", (long)cur.it_value.tv_nsec);
	siginfo_t si;
	struct timespec zero = { 0, 0 };
	CHECK(sigtimedwait(&set, &si, &zero) < 0 && errno == EAGAIN, "a signal came from SIGEV_NONE");

	/* Deleted: the id is gone. */
	CHECK(timer_delete(a) == 0 && timer_delete(b) == 0 && timer_delete(c) == 0, "timer_delete");
	CHECK(timer_gettime(a, &cur) < 0 && errno == EINVAL, "a deleted timer's id still works");
	return 0;
}
