/* Readiness of AF_UNIX stream sockets: SOCK_NONBLOCK reads and accepts are
 * EAGAIN, a full socket is EAGAIN to write and not POLLOUT; poll and epoll
 * see POLLIN for data and for a pending connection, POLLOUT for room;
 * shutdown(SHUT_WR) gives the peer POLLIN|POLLRDHUP and end of file, and a
 * closed peer POLLHUP; a blocked epoll_wait wakes when data comes. */
#include "ptest.h"
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

static short revents(int fd, short events)
{
	struct pollfd p = { fd, events, 0 };
	CHECK(poll(&p, 1, 0) >= 0, "poll: %s", strerror(errno));
	return p.revents;
}

int main(void)
{
	watchdog(30);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv) == 0, "socketpair: %s", strerror(errno));
	CHECK(fcntl(sv[0], F_GETFL) & O_NONBLOCK, "SOCK_NONBLOCK not in F_GETFL");
	char buf[256];
	CHECK(read(sv[0], buf, sizeof buf) < 0 && errno == EAGAIN, "empty read: %s", strerror(errno));
	CHECK(revents(sv[0], POLLIN | POLLOUT) == POLLOUT, "idle: revents 0x%x", revents(sv[0], POLLIN | POLLOUT));
	CHECK(write(sv[1], "x", 1) == 1, "write");
	CHECK(revents(sv[0], POLLIN) == POLLIN, "data: revents 0x%x", revents(sv[0], POLLIN));

	/* fill it up */
	static char chunk[65536];
	size_t total = 0;
	for (;;) {
		ssize_t n = write(sv[1], chunk, sizeof chunk);
		if (n < 0) {
			CHECK(errno == EAGAIN, "filling: %s", strerror(errno));
			break;
		}
		total += (size_t)n;
		CHECK(total < (64u << 20), "the socket never fills");
	}
	CHECK(!(revents(sv[1], POLLOUT) & POLLOUT), "full socket still POLLOUT");
	while (read(sv[0], chunk, sizeof chunk) > 0)
		;
	CHECK(revents(sv[1], POLLOUT) & POLLOUT, "drained socket not POLLOUT");

	/* shutdown and close */
	CHECK(shutdown(sv[1], SHUT_WR) == 0, "shutdown: %s", strerror(errno));
	short r = revents(sv[0], POLLIN | POLLRDHUP);
	CHECK(r == (POLLIN | POLLRDHUP), "after the peer's SHUT_WR: revents 0x%x", r);
	CHECK(read(sv[0], buf, sizeof buf) == 0, "end of file after SHUT_WR");
	CHECK(write(sv[0], "y", 1) == 1, "the other direction still works");
	close(sv[1]);
	r = revents(sv[0], POLLIN | POLLOUT | POLLRDHUP);
	CHECK(r & POLLHUP, "closed peer: no POLLHUP in 0x%x", r);

	/* a listener: accept EAGAIN, then POLLIN for a pending connection (epoll) */
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	memcpy(a.sun_path, "\0sock_nonblock_poll", 19);
	socklen_t alen = offsetof(struct sockaddr_un, sun_path) + 19;
	int l = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	CHECK(bind(l, (struct sockaddr *)&a, alen) == 0 && listen(l, 4) == 0, "bind/listen: %s", strerror(errno));
	CHECK(accept(l, NULL, NULL) < 0 && errno == EAGAIN, "accept with nothing pending: %s", strerror(errno));
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = l };
	CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev) == 0, "epoll_ctl: %s", strerror(errno));
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(100000); /* the parent waits in epoll_wait first */
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, alen) != 0)
			fail("child connect: %s", strerror(errno));
		if (write(c, "hi", 2) != 2)
			fail("child write");
		_exit(0);
	}
	struct epoll_event out;
	CHECK(epoll_wait(ep, &out, 1, 10000) == 1 && out.data.fd == l && (out.events & EPOLLIN), "epoll_wait on the listener");
	int c = accept4(l, NULL, NULL, SOCK_CLOEXEC);
	CHECK(c >= 0, "accept4: %s", strerror(errno));
	CHECK(fcntl(c, F_GETFD) & FD_CLOEXEC, "accept4 SOCK_CLOEXEC");
	CHECK(!(fcntl(c, F_GETFL) & O_NONBLOCK), "accept4 without SOCK_NONBLOCK made it non-blocking");
	CHECK(read(c, buf, sizeof buf) == 2, "read from the accepted socket");
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status 0x%x", status);
	CHECK(read(c, buf, sizeof buf) == 0, "end of file after the client ended");
	return 0;
}
