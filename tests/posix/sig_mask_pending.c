/* A blocked signal is not delivered but shows in sigpending; it is delivered
 * once, before sigprocmask returns, when unblocked; standard signals do not queue. */
#include "ptest.h"

static volatile sig_atomic_t count;
static void on_usr1(int sig) { (void)sig; count++; }

int main(void)
{
	signal(SIGUSR1, on_usr1);
	sigset_t set, pending, old;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0, "sigprocmask: %s", strerror(errno));
	CHECK(!sigismember(&old, SIGUSR1), "SIGUSR1 was blocked at start");
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "the mask read back lacks SIGUSR1");

	sigpending(&pending);
	CHECK(!sigismember(&pending, SIGUSR1), "SIGUSR1 pending before it was sent");
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	CHECK(count == 0, "handler ran %d times while blocked", (int)count);
	sigpending(&pending);
	CHECK(sigismember(&pending, SIGUSR1), "SIGUSR1 not pending after being sent while blocked");
	CHECK(!sigismember(&pending, SIGUSR2), "SIGUSR2 pending though never sent");

	CHECK(sigprocmask(SIG_UNBLOCK, &set, NULL) == 0, "unblock: %s", strerror(errno));
	CHECK(count == 1, "handler ran %d times after unblock, expected 1", (int)count);
	sigpending(&pending);
	CHECK(!sigismember(&pending, SIGUSR1), "SIGUSR1 still pending after delivery");

	/* SIGKILL and SIGSTOP cannot be blocked: the kernel drops them from the mask. */
	sigfillset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	sigprocmask(SIG_SETMASK, NULL, &now);
	CHECK(!sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP), "SIGKILL or SIGSTOP became blocked");
	CHECK(sigprocmask(12345, &set, NULL) == -1 && errno == EINVAL, "bad 'how' not rejected with EINVAL");
	return 0;
}
