/* A child that writes through a null pointer, with no handler installed, is
 * killed by SIGSEGV, and the parent's status word says so. */
#include "ptest.h"

int main(void)
{
	watchdog(20);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		volatile int *volatile p = NULL;
		*p = 42;
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFSIGNALED(status), "status 0x%x is not a signal death", status);
	CHECK(WTERMSIG(status) == SIGSEGV, "WTERMSIG %d, expected SIGSEGV (%d)", WTERMSIG(status), SIGSEGV);
	return 0;
}
