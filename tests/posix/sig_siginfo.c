/* An SA_SIGINFO handler receives si_signo, si_code = SI_USER and the sender's
 * si_pid and si_uid, for a signal sent to itself and one sent by a child. */
#include "ptest.h"

static volatile sig_atomic_t got;
static volatile pid_t got_pid;
static volatile uid_t got_uid;
static volatile int got_code, got_signo;

static void on_signal(int sig, siginfo_t *si, void *ctx)
{
	(void)ctx;
	got_signo = si->si_signo;
	got_code = si->si_code;
	got_pid = si->si_pid;
	got_uid = si->si_uid;
	got = sig;
}

int main(void)
{
	watchdog(20);
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGUSR1, &sa, NULL) == 0, "sigaction: %s", strerror(errno));
	CHECK(sigaction(SIGUSR2, &sa, NULL) == 0, "sigaction: %s", strerror(errno));

	CHECK(kill(getpid(), SIGUSR1) == 0, "kill self: %s", strerror(errno));
	CHECK(got == SIGUSR1, "handler saw signal %d, expected SIGUSR1", (int)got);
	CHECK(got_signo == SIGUSR1, "si_signo %d, expected %d", got_signo, SIGUSR1);
	CHECK(got_code == SI_USER, "si_code %d, expected SI_USER (%d)", got_code, SI_USER);
	CHECK(got_pid == getpid(), "si_pid %d, expected own pid %d", (int)got_pid, (int)getpid());
	CHECK(got_uid == getuid(), "si_uid %d, expected %d", (int)got_uid, (int)getuid());

	sigset_t usr2, old;
	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, &old);
	got = 0;
	pid_t parent = getpid();
	pid_t pid = fork_or_fail();
	if (pid == 0)
		_exit(kill(parent, SIGUSR2) == 0 ? 0 : 1);
	while (got != SIGUSR2)
		sigsuspend(&old);
	CHECK(got_signo == SIGUSR2 && got_code == SI_USER, "from child: si_signo %d si_code %d", got_signo, got_code);
	CHECK(got_pid == pid, "from child: si_pid %d, expected the child %d", (int)got_pid, (int)pid);
	CHECK(wait_for(pid) == 0, "child could not kill its parent");
	return 0;
}
