/* wait4 blocked on a running child fails with EINTR when a handler installed
 * without SA_RESTART runs. */
#include "ptest.h"

static volatile sig_atomic_t fired;
static void on_alarm(int sig) { (void)sig; fired = 1; }

int main(void)
{
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		alarm(30); /* the child's own watchdog: never outlive a broken parent */
		for (;;)
			pause();
	}
	struct sigaction sa = { .sa_handler = on_alarm };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm(1);
	int status;
	pid_t r = wait4(pid, &status, 0, NULL);
	int err = errno;
	kill(pid, SIGKILL);
	CHECK(r == -1 && err == EINTR, "wait4 returned %d (%s), expected EINTR", (int)r, strerror(err));
	CHECK(fired, "the handler did not run");
	status = wait_for(pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL, "status 0x%x after SIGKILL", status);
	return 0;
}
