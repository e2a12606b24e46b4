/* epoll, level-triggered, on pipes: an entry reports while its condition
 * holds (again and again), with its data; EPOLL_CTL_MOD changes the events,
 * EPOLL_CTL_DEL removes the entry; closing the last descriptor of a watched
 * pipe end removes its entry by itself; POLLHUP-like EPOLLHUP is reported
 * unasked; the errors: EEXIST, ENOENT, EPERM (regular file), EINVAL (epfd not
 * an epoll, fd == epfd), EBADF. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/syscall.h>

int main(void)
{
	watchdog(20);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK(ep >= 0, "epoll_create1: %s", strerror(errno));
	CHECK(fcntl(ep, F_GETFD) == FD_CLOEXEC, "EPOLL_CLOEXEC not set");
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1122334455667788ull };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "ADD: %s", strerror(errno));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EEXIST, "second ADD: %s",
	      strerror(errno));
	struct epoll_event out[4];
	int n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 0, "epoll_wait on an empty pipe gave %d", n);
	n = epoll_wait(ep, out, 4, 100);
	CHECK(n == 0, "timed-out epoll_wait gave %d", n);

	write(p[1], "ab", 2);
	for (int i = 0; i < 2; i++) { /* level-triggered: reported each time */
		n = epoll_wait(ep, out, 4, -1);
		CHECK(n == 1 && out[0].events == EPOLLIN && out[0].data.u64 == 0x1122334455667788ull,
		      "round %d: %d events %#x", i, n, n > 0 ? out[0].events : 0);
	}
	/* The write end too, by MOD-able entry. */
	ev.events = EPOLLIN;
	ev.data.u32 = 7;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &ev) == 0, "ADD write end: %s", strerror(errno));
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 1 && out[0].data.u64 == 0x1122334455667788ull, "write end asked EPOLLIN: %d", n);
	ev.events = EPOLLOUT;
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev) == 0, "MOD: %s", strerror(errno));
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 2, "after MOD: %d events, expected 2", n);
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == 0, "DEL: %s", strerror(errno));
	CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[1], NULL) == -1 && errno == ENOENT, "second DEL: %s",
	      strerror(errno));
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, p[1], &ev) == -1 && errno == ENOENT, "MOD of a missing entry");
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 1, "after DEL: %d events, expected 1", n);

	/* The writer goes: EPOLLHUP with the data still there, then alone. */
	close(p[1]);
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 1 && out[0].events == (EPOLLIN | EPOLLHUP), "after the writer closed: %d events %#x",
	      n, n > 0 ? out[0].events : 0);
	char buf[4];
	read(p[0], buf, sizeof buf);
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 1 && out[0].events == EPOLLHUP, "drained: %d events %#x", n, n > 0 ? out[0].events : 0);

	/* Closing the watched read end removes the entry. */
	close(p[0]);
	n = epoll_wait(ep, out, 4, 0);
	CHECK(n == 0, "an entry outlived its closed descriptor: %d", n);

	/* Errors. */
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	int fd = open("/tmp/epoll_pipe_level.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink("/tmp/epoll_pipe_level.tmp");
	ev.events = EPOLLIN;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) == -1 && errno == EPERM, "regular file: %s", strerror(errno));
	CHECK(epoll_ctl(p[1], EPOLL_CTL_ADD, p[0], &ev) == -1 && errno == EINVAL, "epfd not an epoll: %s",
	      strerror(errno));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev) == -1 && errno == EINVAL, "fd == epfd: %s", strerror(errno));
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, 999, &ev) == -1 && errno == EBADF, "bad fd: %s", strerror(errno));
	CHECK(epoll_ctl(ep, 99, p[0], &ev) == -1 && errno == EINVAL, "bad op: %s", strerror(errno));
	CHECK(epoll_wait(ep, out, 0, 0) == -1 && errno == EINVAL, "maxevents 0: %s", strerror(errno));
	CHECK(epoll_wait(p[0], out, 1, 0) == -1 && errno == EINVAL, "wait on a non-epoll: %s", strerror(errno));
	CHECK(epoll_create1(12345) == -1 && errno == EINVAL, "bad create1 flags: %s", strerror(errno));
	/* musl's epoll_create does not pass size on: the syscall itself. */
	CHECK(syscall(SYS_epoll_create, 0) == -1 && errno == EINVAL, "epoll_create(0): %s", strerror(errno));
	int e2 = (int)syscall(SYS_epoll_create, 1);
	CHECK(e2 >= 0 && fcntl(e2, F_GETFD) == 0, "epoll_create(1): %s", strerror(errno));
	return 0;
}
