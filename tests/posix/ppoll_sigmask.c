/* ppoll's signal mask is in force only during the wait: a signal blocked
 * outside but unblocked by ppoll's mask, sent while ppoll waits, runs its
 * handler and ppoll fails with EINTR; afterwards the old mask (blocking the
 * signal) is back. A signal already pending when ppoll starts does the same.
 * pselect6 behaves alike. */
#include "ptest.h"
#include <poll.h>
#include <sys/select.h>

static volatile sig_atomic_t fired;
static volatile sig_atomic_t blocked_in_handler;
static void on_usr1(int sig)
{
	(void)sig;
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	blocked_in_handler = sigismember(&now, SIGUSR1);
	fired++;
}

static void check_mask_back(const char *who)
{
	sigset_t now;
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "%s did not restore the mask blocking SIGUSR1", who);
}

int main(void)
{
	watchdog(20);
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigset_t usr1, empty;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, NULL);

	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	struct pollfd f = { p[0], POLLIN, 0 };

	/* Sent while ppoll waits (by a child). */
	pid_t parent = getpid();
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	struct timespec ts = { 10, 0 };
	int r = ppoll(&f, 1, &ts, &empty);
	CHECK(r == -1 && errno == EINTR, "ppoll gave %d (%s), expected EINTR", r, strerror(errno));
	CHECK(fired == 1, "handler ran %d times, expected 1", (int)fired);
	CHECK(blocked_in_handler, "SIGUSR1 not blocked inside its own handler");
	check_mask_back("ppoll");
	wait_for(pid);

	/* Already pending (blocked) when ppoll starts. */
	raise(SIGUSR1);
	CHECK(fired == 1, "a blocked signal was delivered");
	r = ppoll(&f, 1, NULL, &empty);
	CHECK(r == -1 && errno == EINTR, "ppoll with a pending signal gave %d (%s)", r, strerror(errno));
	CHECK(fired == 2, "handler ran %d times, expected 2", (int)fired);
	check_mask_back("ppoll");

	/* Ready descriptors: ppoll returns them, the blocked pending signal stays pending. */
	write(p[1], "x", 1);
	raise(SIGUSR1);
	sigset_t still_blocked;
	sigemptyset(&still_blocked);
	sigaddset(&still_blocked, SIGUSR1);
	r = ppoll(&f, 1, NULL, &still_blocked);
	CHECK(r == 1 && f.revents == POLLIN, "ppoll with data gave %d", r);
	CHECK(fired == 2, "signal delivered though ppoll's mask blocked it");
	sigset_t pend;
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGUSR1), "SIGUSR1 no longer pending");

	/* pselect with an empty mask delivers it: EINTR... or the read set, never both lost. */
	char c;
	read(p[0], &c, 1);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timespec t2 = { 10, 0 };
	r = pselect(p[0] + 1, &rd, NULL, NULL, &t2, &empty);
	CHECK(r == -1 && errno == EINTR, "pselect gave %d (%s), expected EINTR", r, strerror(errno));
	CHECK(fired == 3, "handler ran %d times, expected 3", (int)fired);
	check_mask_back("pselect");
	return 0;
}
