/* setitimer(ITIMER_REAL) with an interval delivers SIGALRM repeatedly;
 * getitimer reports the interval; a zero value disarms it. */
#include "ptest.h"
#include <sys/time.h>

static volatile sig_atomic_t ticks;
static void on_alarm(int sig) { (void)sig; ticks++; }

int main(void)
{
	signal(SIGALRM, on_alarm);
	struct itimerval it = { .it_interval = { 0, 50000 }, .it_value = { 0, 50000 } }, cur;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0, "setitimer: %s", strerror(errno));
	CHECK(getitimer(ITIMER_REAL, &cur) == 0, "getitimer: %s", strerror(errno));
	CHECK(cur.it_interval.tv_sec == 0 && cur.it_interval.tv_usec == 50000,
	      "interval read back as %ld.%06ld", (long)cur.it_interval.tv_sec, (long)cur.it_interval.tv_usec);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec <= 50000, "value read back as %ld.%06ld",
	      (long)cur.it_value.tv_sec, (long)cur.it_value.tv_usec);
	sigset_t none;
	sigemptyset(&none);
	while (ticks < 3)
		sigsuspend(&none);
	struct itimerval off = { { 0, 0 }, { 0, 0 } }, prev;
	CHECK(setitimer(ITIMER_REAL, &off, &prev) == 0, "disarm: %s", strerror(errno));
	CHECK(prev.it_interval.tv_usec == 50000, "old interval %ld us", (long)prev.it_interval.tv_usec);
	getitimer(ITIMER_REAL, &cur);
	CHECK(cur.it_value.tv_sec == 0 && cur.it_value.tv_usec == 0, "timer still armed after disarming");
	struct itimerval bad = { { 0, 0 }, { 0, 1000000 } };
	CHECK(setitimer(ITIMER_REAL, &bad, NULL) == -1 && errno == EINVAL, "tv_usec 1000000: %s, expected EINVAL", strerror(errno));
	return 0;
}
