/* SIGCHLD, SIGURG and SIGWINCH are ignored by default: raising them changes
 * nothing and leaves nothing pending. */
#include "ptest.h"

int main(void)
{
	static const int sigs[] = { SIGCHLD, SIGURG, SIGWINCH };
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		CHECK(raise(sigs[i]) == 0, "raise(%d): %s", sigs[i], strerror(errno));
		CHECK(kill(getpid(), sigs[i]) == 0, "kill(self, %d): %s", sigs[i], strerror(errno));
	}
	sigset_t pending;
	sigpending(&pending);
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		CHECK(!sigismember(&pending, sigs[i]), "signal %d left pending", sigs[i]);
	/* A child's exit with SIGCHLD at its default action does not disturb the parent. */
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(6);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 6, "status 0x%x, expected 0x600", status);
	return 0;
}
