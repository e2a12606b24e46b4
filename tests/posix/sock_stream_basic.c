/* An AF_UNIX stream socketpair carries bytes both ways between a parent and
 * a forked child (an echo, a blocking read that waits for the data), gives
 * end of file when the peer closes, and a write to a peer that is gone fails
 * with EPIPE and raises SIGPIPE, but not with MSG_NOSIGNAL. fstat says
 * S_IFSOCK, lseek is ESPIPE, FIONREAD counts the unread bytes. */
#include "ptest.h"
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

static volatile sig_atomic_t pipes;

static void on_pipe(int sig)
{
	(void)sig;
	pipes++;
}

int main(void)
{
	watchdog(30);
	int sv[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair: %s", strerror(errno));
	struct stat st;
	CHECK(fstat(sv[0], &st) == 0 && S_ISSOCK(st.st_mode), "fstat: mode 0%o", st.st_mode);
	CHECK(lseek(sv[0], 0, SEEK_CUR) < 0 && errno == ESPIPE, "lseek: %s", strerror(errno));

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		close(sv[0]);
		char buf[64];
		ssize_t n;
		while ((n = read(sv[1], buf, sizeof buf)) > 0) /* echo until end of file */
			if (write(sv[1], buf, (size_t)n) != n)
				_exit(2);
		_exit(n == 0 ? 0 : 3);
	}
	close(sv[1]);
	usleep(50000); /* the child blocks in read first */
	CHECK(write(sv[0], "hello", 5) == 5, "write: %s", strerror(errno));
	char buf[16] = { 0 };
	size_t got = 0;
	while (got < 5) {
		ssize_t n = read(sv[0], buf + got, sizeof buf - got);
		CHECK(n > 0, "read echo: %zd %s", n, strerror(errno));
		got += (size_t)n;
	}
	CHECK(memcmp(buf, "hello", 5) == 0, "echo: '%s'", buf);
	CHECK(send(sv[0], "abc", 3, 0) == 3, "send: %s", strerror(errno));
	usleep(100000);
	int avail = -1;
	CHECK(ioctl(sv[0], FIONREAD, &avail) == 0 && avail == 3, "FIONREAD: %d", avail);
	CHECK(recv(sv[0], buf, sizeof buf, 0) == 3 && memcmp(buf, "abc", 3) == 0, "recv echo");
	CHECK(shutdown(sv[0], SHUT_WR) == 0, "shutdown: %s", strerror(errno));
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status 0x%x", status);
	CHECK(read(sv[0], buf, sizeof buf) == 0, "read after the peer closed: not end of file");

	/* The peer is gone: EPIPE with SIGPIPE, and without it for MSG_NOSIGNAL. */
	int sp[2];
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) == 0, "socketpair: %s", strerror(errno));
	close(sp[1]);
	signal(SIGPIPE, on_pipe);
	errno = 0;
	CHECK(write(sp[0], "x", 1) < 0 && errno == EPIPE, "write to a closed peer: %s", strerror(errno));
	CHECK(pipes == 1, "SIGPIPE raised %d times, expected 1", (int)pipes);
	CHECK(send(sp[0], "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE, "send NOSIGNAL: %s", strerror(errno));
	CHECK(pipes == 1, "MSG_NOSIGNAL still raised SIGPIPE");
	CHECK(read(sp[0], buf, sizeof buf) == 0, "read from a closed peer: not end of file");
	return 0;
}
