/* A child killed by a signal is reported as WIFSIGNALED with that WTERMSIG,
 * for a catchable signal (SIGTERM), an uncatchable one (SIGKILL) and one sent
 * by the child to itself (SIGABRT via abort). */
#include "ptest.h"

static void check_killed(pid_t pid, int sig, const char *what)
{
	int status = wait_for(pid);
	CHECK(WIFSIGNALED(status), "%s: status 0x%x is not a signal death", what, status);
	CHECK(!WIFEXITED(status), "%s: status 0x%x also looks like an exit", what, status);
	CHECK(WTERMSIG(status) == sig, "%s: WTERMSIG %d, expected %d", what, WTERMSIG(status), sig);
}

int main(void)
{
	static const int sigs[] = { SIGKILL, SIGTERM, SIGUSR1, SIGHUP, SIGINT };
	watchdog(30);
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			for (;;)
				pause();
		}
		if (kill(pid, sigs[i]) != 0)
			fail("kill(%d, %d): %s", (int)pid, sigs[i], strerror(errno));
		check_killed(pid, sigs[i], strsignal(sigs[i]));
	}
	pid_t pid = fork_or_fail();
	if (pid == 0)
		abort();
	check_killed(pid, SIGABRT, "abort");
	return 0;
}
