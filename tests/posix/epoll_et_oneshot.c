/* epoll EPOLLET reports a pipe's readability once per change (not again while
 * it stays readable, again after it was drained and refilled); EPOLLONESHOT
 * reports once and then stays silent until EPOLL_CTL_MOD re-arms it. */
#include "ptest.h"
#include <sys/epoll.h>

int main(void)
{
	watchdog(20);
	int ep = epoll_create1(0);
	int p[2];
	CHECK(ep >= 0 && pipe(p) == 0, "setup: %s", strerror(errno));
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.u32 = 1 };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0, "ADD: %s", strerror(errno));
	struct epoll_event out[2];
	write(p[1], "abcd", 4);
	int n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 1 && out[0].events == EPOLLIN, "first edge: %d", n);
	n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 0, "edge-triggered entry reported twice: %d", n);
	char buf[8];
	CHECK(read(p[0], buf, sizeof buf) == 4, "drain failed");
	n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 0, "drained pipe reported: %d", n);
	write(p[1], "e", 1);
	n = epoll_wait(ep, out, 2, 1000);
	CHECK(n == 1 && out[0].events == EPOLLIN, "second edge: %d", n);
	read(p[0], buf, sizeof buf);

	int q[2];
	CHECK(pipe(q) == 0, "pipe: %s", strerror(errno));
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u32 = 2;
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, q[0], &ev) == 0, "ADD oneshot: %s", strerror(errno));
	write(q[1], "x", 1);
	n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 1 && out[0].data.u32 == 2, "oneshot first report: %d", n);
	n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 0, "oneshot reported again without MOD: %d", n);
	write(q[1], "y", 1);
	n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 0, "oneshot reported new data without MOD: %d", n);
	CHECK(epoll_ctl(ep, EPOLL_CTL_MOD, q[0], &ev) == 0, "MOD re-arm: %s", strerror(errno));
	n = epoll_wait(ep, out, 2, 0);
	CHECK(n == 1 && out[0].data.u32 == 2, "re-armed oneshot: %d", n);
	return 0;
}
