/* Across execve, ignored signals stay ignored while caught signals return to
 * SIG_DFL; the signal mask is inherited. */
#include "ptest.h"

static void on_usr1(int sig) { (void)sig; }

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--after-exec") == 0) {
		struct sigaction sa;
		sigaction(SIGTERM, NULL, &sa);
		CHECK(sa.sa_handler == SIG_IGN, "SIGTERM is no longer ignored after exec");
		sigaction(SIGUSR1, NULL, &sa);
		CHECK(sa.sa_handler == SIG_DFL, "caught SIGUSR1 was not reset to SIG_DFL by exec");
		sigset_t mask;
		sigprocmask(SIG_BLOCK, NULL, &mask);
		CHECK(sigismember(&mask, SIGUSR2), "the blocked SIGUSR2 was unblocked by exec");
		return 0;
	}
	watchdog(20);
	signal(SIGTERM, SIG_IGN);
	signal(SIGUSR1, on_usr1);
	sigset_t usr2;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		char *args[] = { argv[0], "--after-exec", NULL };
		execv(argv[0], args);
		fail("execv(%s): %s", argv[0], strerror(errno));
	}
	int status = wait_for(pid);
	CHECK(status == 0, "exec'd child: status 0x%x", status);
	return 0;
}
