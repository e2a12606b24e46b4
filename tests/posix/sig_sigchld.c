/* The parent gets SIGCHLD when a child exits, with si_code CLD_EXITED, the
 * child's pid and its exit status. */
#include "ptest.h"

static volatile sig_atomic_t got;
static volatile pid_t from;
static volatile int code, status_field;

static void on_chld(int sig, siginfo_t *si, void *ctx)
{
	(void)sig; (void)ctx;
	from = si->si_pid;
	code = si->si_code;
	status_field = si->si_status;
	got = 1;
}

int main(void)
{
	watchdog(20);
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigset_t chld, old;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(3);
	while (!got)
		sigsuspend(&old);
	CHECK(from == pid, "SIGCHLD si_pid %d, expected %d", (int)from, (int)pid);
	CHECK(code == CLD_EXITED, "si_code %d, expected CLD_EXITED (%d)", code, CLD_EXITED);
	CHECK(status_field == 3, "si_status %d, expected 3", status_field);
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 3, "status 0x%x, expected 0x300", status);
	return 0;
}
