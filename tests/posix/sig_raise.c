/* raise runs the handler before it returns, with the handler's signal blocked
 * during the handler unless SA_NODEFER, and SA_RESETHAND restores SIG_DFL. */
#include "ptest.h"

static volatile sig_atomic_t ran, self_blocked;

static void on_usr1(int sig)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	self_blocked = sigismember(&now, sig);
	ran++;
}

int main(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	CHECK(raise(SIGUSR1) == 0, "raise: %s", strerror(errno));
	CHECK(ran == 1, "handler ran %d times before raise returned, expected 1", (int)ran);
	CHECK(self_blocked, "SIGUSR1 was not blocked inside its own handler");
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(!sigismember(&now, SIGUSR1), "SIGUSR1 still blocked after the handler returned");

	sa.sa_flags = SA_NODEFER | SA_RESETHAND;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK(ran == 2, "SA_RESETHAND handler did not run");
	CHECK(!self_blocked, "SIGUSR1 blocked in its handler despite SA_NODEFER");
	struct sigaction cur;
	sigaction(SIGUSR1, NULL, &cur);
	CHECK(cur.sa_handler == SIG_DFL, "SA_RESETHAND did not restore SIG_DFL");
	return 0;
}
