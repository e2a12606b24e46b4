/* A handler (no SA_RESTART) interrupting nanosleep makes it fail with EINTR
 * and report the unslept remainder. */
#include "ptest.h"
#include <time.h>

static volatile sig_atomic_t fired;
static void on_alarm(int sig) { (void)sig; fired = 1; }

int main(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	struct timespec req = { .tv_sec = 20 }, rem = { 0, 0 };
	int r = nanosleep(&req, &rem);
	CHECK(r == -1 && errno == EINTR, "nanosleep returned %d (%s), expected EINTR", r, strerror(errno));
	CHECK(fired, "the handler did not run");
	CHECK(rem.tv_sec < 20 && (rem.tv_sec > 0 || rem.tv_nsec > 0) && rem.tv_nsec < 1000000000L,
	      "remainder %lld.%09ld is not within (0, 20) s", (long long)rem.tv_sec, rem.tv_nsec);
	return 0;
}
