/* With SA_RESTART a wait4 interrupted by a caught signal is restarted: the
 * handler runs and wait4 still returns the child, never EINTR. */
#include "ptest.h"

static volatile sig_atomic_t fired;
static void on_usr1(int sig) { (void)sig; fired = 1; }

int main(void)
{
	watchdog(30);
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		/* Pauses give the parent time to block in wait4; the verdict never
		 * depends on them. */
		usleep(200000);
		kill(parent, SIGUSR1);
		usleep(200000);
		_exit(4);
	}
	int status;
	pid_t r = wait4(pid, &status, 0, NULL);
	CHECK(r == pid, "wait4 returned %d (%s), expected the child %d", (int)r, strerror(errno), (int)pid);
	CHECK(fired, "the handler did not run");
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 4, "status 0x%x, expected 0x400", status);
	return 0;
}
