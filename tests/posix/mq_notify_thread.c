/* mq_notify with SIGEV_THREAD: musl's mq_notify runs the function in a new
 * thread with the registered value when a message arrives on the empty
 * queue (it waits for Linux's 32-byte cookie on an AF_NETLINK socket), and
 * the registration is gone afterwards. The raw call: the cookie comes on
 * the socket with its last byte 1 (NOTIFY_WOKENUP) when a message arrives
 * and 2 (NOTIFY_REMOVED) when the registration is removed before; the
 * target must be a netlink socket (ENOTSOCK for a pipe, EINVAL for an
 * AF_UNIX socket, EBADF for no descriptor). socket(AF_NETLINK) takes
 * SOCK_RAW and SOCK_DGRAM only (ESOCKTNOSUPPORT). */
#include "ptest.h"
#include <fcntl.h>
#include <mqueue.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>

/* <linux/netlink.h>'s, which musl-gcc does not see. */
#define NETLINK_ROUTE 0
struct sockaddr_nl {
	unsigned short nl_family, nl_pad;
	unsigned int nl_pid, nl_groups;
};

#define QNAME "/ptest_mq_notify_thr"

static int done_pipe[2];
static pthread_t main_thread;

static void notified(union sigval v)
{
	int x = v.sival_int;
	if (pthread_equal(pthread_self(), main_thread))
		x = -1;
	write(done_pipe[1], &x, sizeof x);
}

/* The raw registration: value points at the cookie, signo names the socket. */
static long raw_notify(mqd_t q, int sock, unsigned char *cookie)
{
	struct sigevent ev;
	memset(&ev, 0, sizeof ev);
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_signo = sock;
	ev.sigev_value.sival_ptr = cookie;
	return syscall(SYS_mq_notify, q, &ev);
}

static void expect_cookie(int sock, const unsigned char *cookie, int why)
{
	struct pollfd p = { sock, POLLIN, 0 };
	CHECK(poll(&p, 1, 5000) == 1 && (p.revents & POLLIN), "no cookie came (poll %#x)",
	      p.revents);
	unsigned char got[64];
	ssize_t n = recv(sock, got, sizeof got, MSG_DONTWAIT);
	CHECK(n == 32, "cookie: %zd bytes (%s)", n, strerror(errno));
	CHECK(!memcmp(got, cookie, 31) && got[31] == why, "cookie bytes differ (last %d, expected %d)",
	      got[31], why);
}

int main(void)
{
	watchdog(30);
	main_thread = pthread_self();
	CHECK(pipe(done_pipe) == 0, "pipe: %s", strerror(errno));
	mq_unlink(QNAME);
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 64 };
	mqd_t q = mq_open(QNAME, O_CREAT | O_RDWR, 0600, &attr);
	CHECK(q != (mqd_t)-1, "mq_open: %s", strerror(errno));
	char buf[64];

	/* musl's SIGEV_THREAD. */
	for (int round = 1; round <= 2; round++) {
		struct sigevent ev;
		memset(&ev, 0, sizeof ev);
		ev.sigev_notify = SIGEV_THREAD;
		ev.sigev_notify_function = notified;
		ev.sigev_value.sival_int = 100 + round;
		CHECK(mq_notify(q, &ev) == 0, "mq_notify SIGEV_THREAD: %s", strerror(errno));
		struct sigevent sig = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
		errno = 0;
		CHECK(mq_notify(q, &sig) == -1 && errno == EBUSY, "second registration: %s",
		      strerror(errno));
		CHECK(mq_send(q, "hi", 2, 0) == 0, "mq_send: %s", strerror(errno));
		struct pollfd p = { done_pipe[0], POLLIN, 0 };
		CHECK(poll(&p, 1, 5000) == 1, "the notification function did not run");
		int got = 0;
		CHECK(read(done_pipe[0], &got, sizeof got) == sizeof got && got == 100 + round,
		      "function ran with %d (-1: in the main thread), expected %d", got, 100 + round);
		CHECK(mq_receive(q, buf, sizeof buf, NULL) == 2, "mq_receive: %s", strerror(errno));
	}

	/* The raw interface. */
	errno = 0;
	CHECK(socket(AF_NETLINK, SOCK_STREAM, NETLINK_ROUTE) == -1 && errno == ESOCKTNOSUPPORT,
	      "netlink SOCK_STREAM: %s", strerror(errno));
	int nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	CHECK(nl >= 0, "socket(AF_NETLINK): %s", strerror(errno));
	struct sockaddr_nl sa;
	socklen_t len = sizeof sa;
	CHECK(getsockname(nl, (struct sockaddr *)&sa, &len) == 0 && sa.nl_family == AF_NETLINK &&
	      len == sizeof sa, "getsockname: %s (family %d len %u)", strerror(errno),
	      sa.nl_family, (unsigned)len);
	unsigned char cookie[32];
	for (int i = 0; i < 32; i++)
		cookie[i] = (unsigned char)(0xa0 + i);
	CHECK(raw_notify(q, nl, cookie) == 0, "raw mq_notify: %s", strerror(errno));
	CHECK(mq_send(q, "x", 1, 0) == 0, "mq_send: %s", strerror(errno));
	expect_cookie(nl, cookie, 1);
	CHECK(mq_receive(q, buf, sizeof buf, NULL) == 1, "mq_receive: %s", strerror(errno));
	CHECK(raw_notify(q, nl, cookie) == 0, "raw mq_notify again: %s", strerror(errno));
	CHECK(mq_notify(q, NULL) == 0, "mq_notify(NULL): %s", strerror(errno));
	expect_cookie(nl, cookie, 2);

	/* Targets that are not netlink sockets. */
	int us = socket(AF_UNIX, SOCK_DGRAM, 0);
	CHECK(us >= 0, "socket(AF_UNIX): %s", strerror(errno));
	errno = 0;
	CHECK(raw_notify(q, done_pipe[0], cookie) == -1 && errno == ENOTSOCK, "pipe target: %s",
	      strerror(errno));
	errno = 0;
	CHECK(raw_notify(q, us, cookie) == -1 && errno == EINVAL, "AF_UNIX target: %s",
	      strerror(errno));
	errno = 0;
	CHECK(raw_notify(q, 999, cookie) == -1 && errno == EBADF, "closed target: %s",
	      strerror(errno));
	errno = 0;
	CHECK(raw_notify(q, nl, (unsigned char *)8) == -1 && errno == EFAULT, "bad cookie: %s",
	      strerror(errno));

	close(nl);
	close(us);
	CHECK(mq_close(q) == 0 && mq_unlink(QNAME) == 0, "cleanup: %s", strerror(errno));
	return 0;
}
