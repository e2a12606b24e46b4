/* The default action of SIGTERM, SIGUSR2, SIGPIPE and SIGALRM ends the
 * process that receives it, here a child signalling itself. */
#include "ptest.h"

int main(void)
{
	static const int sigs[] = { SIGTERM, SIGUSR2, SIGPIPE, SIGALRM };
	watchdog(30);
	for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			signal(sigs[i], SIG_DFL);
			if (sigs[i] == SIGALRM) {
				alarm(1);
				for (;;)
					pause();
			}
			raise(sigs[i]);
			_exit(100); /* must not be reached */
		}
		int status = wait_for(pid);
		CHECK(WIFSIGNALED(status) && WTERMSIG(status) == sigs[i], "%s: status 0x%x, expected death by signal %d",
		      strsignal(sigs[i]), status, sigs[i]);
	}
	return 0;
}
