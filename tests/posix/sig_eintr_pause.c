/* pause returns -1 with EINTR after a caught signal's handler has run; so does
 * sigsuspend, which also restores the mask it replaced. */
#include "ptest.h"

static volatile sig_atomic_t fired;
static void on_alarm(int sig) { (void)sig; fired++; }

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	int r = pause();
	CHECK(r == -1 && errno == EINTR, "pause returned %d (%s), expected EINTR", r, strerror(errno));
	CHECK(fired == 1, "handler ran %d times, expected 1", (int)fired);

	sigset_t alrm, old, during;
	sigemptyset(&alrm);
	sigaddset(&alrm, SIGALRM);
	sigprocmask(SIG_BLOCK, &alrm, &old);
	alarm(1);
	sigemptyset(&during);
	r = sigsuspend(&during);
	CHECK(r == -1 && errno == EINTR, "sigsuspend returned %d (%s), expected EINTR", r, strerror(errno));
	CHECK(fired == 2, "handler ran %d times, expected 2", (int)fired);
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGALRM), "sigsuspend did not restore the mask blocking SIGALRM");
	return 0;
}
