/* An epoll instance can watch another: the outer one is readable when the
 * inner one has something to report, epoll_wait on the outer one wakes when
 * the inner one becomes ready, and the inner one still reports the pipe
 * itself. Watching itself is EINVAL; a loop of two instances is ELOOP. */
#include "ptest.h"
#include <sys/epoll.h>

int main(void)
{
	watchdog(20);
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	int inner = epoll_create1(0), outer = epoll_create1(0);
	CHECK(inner >= 0 && outer >= 0, "epoll_create1: %s", strerror(errno));
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 7 };
	CHECK(epoll_ctl(inner, EPOLL_CTL_ADD, p[0], &ev) == 0, "inner add pipe: %s", strerror(errno));
	ev.data.u64 = 9;
	CHECK(epoll_ctl(outer, EPOLL_CTL_ADD, inner, &ev) == 0, "outer add inner: %s", strerror(errno));
	CHECK(epoll_ctl(outer, EPOLL_CTL_ADD, outer, &ev) == -1 && errno == EINVAL,
	      "an instance watching itself: %s", strerror(errno));
	CHECK(epoll_ctl(inner, EPOLL_CTL_ADD, outer, &ev) == -1 && errno == ELOOP,
	      "a loop of two instances: %s", strerror(errno));

	struct epoll_event got[4];
	CHECK(epoll_wait(outer, got, 4, 0) == 0, "outer ready with nothing written");

	/* a child writes after a moment; the outer wait wakes */
	pid_t c = fork_or_fail();
	if (c == 0) {
		usleep(100 * 1000);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		_exit(0);
	}
	int n = epoll_wait(outer, got, 4, 10000);
	CHECK(n == 1 && got[0].data.u64 == 9 && (got[0].events & EPOLLIN),
	      "outer wait: %d events, data %llu, events %x", n, n > 0 ? (unsigned long long)got[0].data.u64 : 0ull,
	      n > 0 ? got[0].events : 0);
	n = epoll_wait(inner, got, 4, 0);
	CHECK(n == 1 && got[0].data.u64 == 7, "inner wait: %d events", n);
	int status = wait_for(c);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer: 0x%x", status);

	/* drained: neither is ready */
	char b;
	CHECK(read(p[0], &b, 1) == 1, "read: %s", strerror(errno));
	CHECK(epoll_wait(outer, got, 4, 0) == 0, "outer still ready after the pipe was drained");
	return 0;
}
