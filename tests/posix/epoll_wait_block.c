/* epoll_wait blocks until a watched pipe becomes readable through another
 * process's write; it is cut short by a caught signal with EINTR (never
 * restarted, even with SA_RESTART); epoll_pwait's mask lets a signal blocked
 * outside in during the wait only; an epoll fd is itself readable to poll
 * while an entry is ready; an epoll instance shared by fork works in both. */
#include "ptest.h"
#include <poll.h>
#include <sys/epoll.h>

static volatile sig_atomic_t fired;
static void on_usr1(int sig) { (void)sig; fired++; }

int main(void)
{
	watchdog(30);
	int ep = epoll_create1(0);
	int p[2];
	CHECK(ep >= 0 && pipe(p) == 0, "setup: %s", strerror(errno));
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = p[0] };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "ADD: %s", strerror(errno));

	struct pollfd pf = { ep, POLLIN, 0 };
	CHECK(poll(&pf, 1, 0) == 0, "epoll fd readable with nothing ready");

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		_exit(write(p[1], "x", 1) == 1 ? 0 : 2);
	}
	struct epoll_event out[1];
	int n = epoll_wait(ep, out, 1, 10000);
	CHECK(n == 1 && out[0].data.fd == p[0], "woken epoll_wait gave %d", n);
	wait_for(pid);
	CHECK(poll(&pf, 1, 0) == 1 && pf.revents == POLLIN, "epoll fd not readable with an entry ready");
	char c;
	read(p[0], &c, 1);

	/* A child sharing the instance (fork) waits on it and sees the parent's write. */
	pid = fork_or_fail();
	if (pid == 0) {
		struct epoll_event o;
		_exit(epoll_wait(ep, &o, 1, 10000) == 1 && o.data.fd == p[0] ? 0 : 3);
	}
	usleep(200000);
	write(p[1], "y", 1);
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child waiting on the shared epoll: status 0x%x", st);
	read(p[0], &c, 1);

	/* A caught signal: EINTR even with SA_RESTART. */
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	pid_t parent = getpid();
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		kill(parent, SIGUSR1);
		_exit(0);
	}
	n = epoll_wait(ep, out, 1, 10000);
	CHECK(n == -1 && errno == EINTR, "interrupted epoll_wait gave %d (%s)", n, strerror(errno));
	CHECK(fired == 1, "handler ran %d times", (int)fired);
	wait_for(pid);

	/* epoll_pwait: blocked outside, delivered during the wait. */
	sigset_t usr1, empty, now;
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigemptyset(&empty);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	raise(SIGUSR1);
	n = epoll_pwait(ep, out, 1, 10000, &empty);
	CHECK(n == -1 && errno == EINTR, "epoll_pwait gave %d (%s)", n, strerror(errno));
	CHECK(fired == 2, "handler ran %d times, expected 2", (int)fired);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "epoll_pwait did not restore the mask");
	return 0;
}
