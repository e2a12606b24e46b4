/* A parent waiting in wait() when its child ends gets the wait's result,
 * and its SIGCHLD handler runs after: with a handler installed without
 * SA_RESTART, wait returns the child's pid (not EINTR); with SA_NOCLDWAIT
 * the child reaps itself and wait returns ECHILD (not EINTR), as Linux. */
#include "ptest.h"

static volatile sig_atomic_t handled;

static void on_chld(int sig)
{
	(void)sig;
	handled++;
}

static void run(int flags, const char *what)
{
	struct sigaction sa = { .sa_handler = on_chld, .sa_flags = flags };
	sigemptyset(&sa.sa_mask);
	CHECK(sigaction(SIGCHLD, &sa, NULL) == 0, "sigaction");
	handled = 0;
	pid_t child = fork_or_fail();
	if (child == 0) {
		usleep(100000); /* the parent is in wait by then */
		_exit(7);
	}
	int st;
	errno = 0;
	pid_t r = wait(&st);
	if (flags & SA_NOCLDWAIT)
		CHECK(r == -1 && errno == ECHILD, "%s: wait returned %d (%s), expected ECHILD", what, (int)r,
		      strerror(errno));
	else
		CHECK(r == child && WIFEXITED(st) && WEXITSTATUS(st) == 7,
		      "%s: wait returned %d (%s), expected the child", what, (int)r, strerror(errno));
	CHECK(handled == 1, "%s: the handler ran %d times", what, (int)handled);
}

int main(void)
{
	watchdog(20);
	run(0, "no SA_RESTART");
	run(SA_NOCLDWAIT, "SA_NOCLDWAIT");
	return 0;
}
