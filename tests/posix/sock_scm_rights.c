/* SCM_RIGHTS over an AF_UNIX socketpair: the parent passes a pipe's read
 * end and an open file (at a known offset) to a forked child, which gets new
 * descriptors for the same open file descriptions: it reads what the parent
 * writes into the pipe, and its read of the file moves the offset the parent
 * sees. MSG_CMSG_CLOEXEC marks the received descriptors close-on-exec;
 * SO_PASSCRED adds the sender's SCM_CREDENTIALS. Descriptors sent and never
 * received are released with the socket (the pipe's writer sees EPIPE). */
#include "ptest.h"
#include <fcntl.h>
#include <sys/socket.h>

static void send_fds(int s, const int *fds, int n)
{
	char data = 'F';
	struct iovec iov = { &data, 1 };
	union { char buf[CMSG_SPACE(4 * sizeof(int))]; struct cmsghdr align; } u;
	memset(&u, 0, sizeof u);
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			    .msg_controllen = CMSG_SPACE(n * sizeof(int)) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	if (sendmsg(s, &m, 0) != 1)
		fail("sendmsg: %s", strerror(errno));
}

int main(void)
{
	watchdog(30);
	int sv[2], p[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0 && pipe(p) == 0, "socketpair/pipe: %s", strerror(errno));
	const char *path = "/tmp/sock_scm_rights.txt";
	int f = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(f >= 0 && write(f, "0123456789", 10) == 10 && lseek(f, 2, SEEK_SET) == 2, "file: %s", strerror(errno));

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(sv[0]);
		close(p[0]);
		close(p[1]);
		close(f);
		int on = 1;
		if (setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &on, sizeof on) != 0)
			fail("SO_PASSCRED: %s", strerror(errno));
		write(sv[1], "r", 1); /* ready */
		char data;
		struct iovec iov = { &data, 1 };
		union { char buf[256]; struct cmsghdr align; } u;
		struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
				    .msg_controllen = sizeof u.buf };
		if (recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC) != 1 || data != 'F')
			fail("child recvmsg: %s", strerror(errno));
		int fds[2] = { -1, -1 }, got_cred = 0;
		for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
			if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
				if (c->cmsg_len != CMSG_LEN(2 * sizeof(int)))
					fail("SCM_RIGHTS length %zu", (size_t)c->cmsg_len);
				memcpy(fds, CMSG_DATA(c), sizeof fds);
			} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
				struct ucred cr;
				memcpy(&cr, CMSG_DATA(c), sizeof cr);
				if (cr.pid != getppid() || cr.uid != getuid())
					fail("SCM_CREDENTIALS pid %d uid %d", (int)cr.pid, (int)cr.uid);
				got_cred = 1;
			}
		}
		if (fds[0] < 0 || fds[1] < 0 || !got_cred)
			fail("child: descriptors %d %d, credentials %d", fds[0], fds[1], got_cred);
		if (!(fcntl(fds[0], F_GETFD) & FD_CLOEXEC))
			fail("MSG_CMSG_CLOEXEC: no close-on-exec");
		char buf[16] = { 0 };
		if (read(fds[0], buf, sizeof buf) != 4 || memcmp(buf, "pipe", 4) != 0)
			fail("child read from the passed pipe: '%s'", buf);
		if (read(fds[1], buf, 3) != 3 || memcmp(buf, "234", 3) != 0)
			fail("child read from the passed file: '%.3s'", buf);
		_exit(0);
	}
	close(sv[1]);
	char r;
	CHECK(read(sv[0], &r, 1) == 1, "ready");
	int pass[2] = { p[0], f };
	send_fds(sv[0], pass, 2);
	close(p[0]);
	CHECK(write(p[1], "pipe", 4) == 4, "write the pipe: %s", strerror(errno));
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status 0x%x", status);
	CHECK(lseek(f, 0, SEEK_CUR) == 5, "the shared offset did not move: %lld", (long long)lseek(f, 0, SEEK_CUR));

	/* in flight, never received: released when the receiving socket goes */
	int q[2], t[2];
	CHECK(pipe(q) == 0 && socketpair(AF_UNIX, SOCK_DGRAM, 0, t) == 0, "pipe/socketpair");
	send_fds(t[0], &q[0], 1);
	close(q[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK(write(q[1], "x", 1) == 1, "the read end in flight still counts");
	close(t[1]);
	close(t[0]);
	CHECK(write(q[1], "x", 1) < 0 && errno == EPIPE, "the read end was not released: %s", strerror(errno));
	unlink(path);
	return 0;
}
