/* alarm delivers SIGALRM once after its delay; alarm returns the seconds left
 * of the previous alarm and alarm(0) cancels it. */
#include "ptest.h"

static volatile sig_atomic_t fired;
static void on_alarm(int sig) { (void)sig; fired++; }

int main(void)
{
	signal(SIGALRM, on_alarm);
	CHECK(alarm(100) == 0, "an alarm was already set at start");
	unsigned left = alarm(0);
	CHECK(left > 0 && left <= 100, "alarm(0) returned %u, expected 1..100", left);
	CHECK(alarm(0) == 0, "alarm(0) did not cancel the alarm");

	alarm(1);
	sigset_t none;
	sigemptyset(&none);
	while (!fired)
		sigsuspend(&none);
	CHECK(fired == 1, "SIGALRM arrived %d times", (int)fired);
	CHECK(alarm(0) == 0, "the alarm was still set after it fired");
	return 0;
}
