/* wait4 fails with ECHILD when there is no child, when the pid is not a
 * child of the caller (its own pid, its parent) and for a child already reaped. */
#include "ptest.h"

static void expect_echild(pid_t pid, int options, const char *what)
{
	int status;
	errno = 0;
	pid_t r = wait4(pid, &status, options, NULL);
	CHECK(r == -1 && errno == ECHILD, "%s: wait4 returned %d (%s), expected ECHILD", what, (int)r, strerror(errno));
}

int main(void)
{
	watchdog(20);
	expect_echild(-1, 0, "no children");
	expect_echild(-1, WNOHANG, "no children, WNOHANG");
	expect_echild(getpid(), 0, "own pid");
	expect_echild(getppid(), 0, "parent pid");
	expect_echild(0, 0, "own process group");
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(0);
	wait_for(pid);
	expect_echild(pid, 0, "already reaped child");
	return 0;
}
