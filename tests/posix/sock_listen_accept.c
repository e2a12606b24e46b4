/* An AF_UNIX stream server on a filesystem path: bind makes a socket node
 * (S_IFSOCK, mode 0777 & ~umask), a second bind to the path is EADDRINUSE,
 * a forked client connects (its blocking connect completes at once) and the
 * server's blocking accept wakes; getsockname/getpeername name the path on
 * the right ends, SO_PEERCRED reports the other process, SO_ACCEPTCONN the
 * listener. Connecting to a missing path is ENOENT, to a socket that is not
 * listening ECONNREFUSED, and after the listener closed ECONNREFUSED. */
#include "ptest.h"
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static socklen_t addr_of(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

int main(void)
{
	watchdog(30);
	const char *path = "/tmp/sock_listen_accept.sock";
	unlink(path);
	umask(022);
	struct sockaddr_un a;
	socklen_t alen = addr_of(&a, path);
	int srv = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(srv >= 0, "socket: %s", strerror(errno));
	int one = 0;
	socklen_t ol = sizeof one;
	CHECK(getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &one, &ol) == 0 && one == 0, "SO_ACCEPTCONN before listen: %d", one);
	CHECK(bind(srv, (struct sockaddr *)&a, alen) == 0, "bind: %s", strerror(errno));
	struct stat st;
	CHECK(stat(path, &st) == 0 && S_ISSOCK(st.st_mode) && (st.st_mode & 0777) == 0755,
	      "stat of the socket node: mode 0%o", st.st_mode);
	int other = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(bind(other, (struct sockaddr *)&a, alen) < 0 && errno == EADDRINUSE, "second bind: %s", strerror(errno));
	/* bound, not listening yet */
	CHECK(connect(other, (struct sockaddr *)&a, alen) < 0 && errno == ECONNREFUSED, "connect before listen: %s", strerror(errno));
	CHECK(listen(srv, 5) == 0, "listen: %s", strerror(errno));
	CHECK(getsockopt(srv, SOL_SOCKET, SO_ACCEPTCONN, &one, &ol) == 0 && one == 1, "SO_ACCEPTCONN: %d", one);

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(100000); /* the parent blocks in accept first */
		int c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (connect(c, (struct sockaddr *)&a, alen) != 0)
			fail("child connect: %s", strerror(errno));
		struct sockaddr_un peer;
		socklen_t pl = sizeof peer;
		if (getpeername(c, (struct sockaddr *)&peer, &pl) != 0 || strcmp(peer.sun_path, path) != 0)
			fail("child getpeername: %s", strerror(errno));
		struct ucred cr;
		socklen_t cl = sizeof cr;
		if (getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &cl) != 0 || cr.pid != getppid())
			fail("child SO_PEERCRED pid %d, expected %d", (int)cr.pid, (int)getppid());
		if (write(c, "ping", 4) != 4)
			fail("child write: %s", strerror(errno));
		char b[8];
		if (read(c, b, sizeof b) != 4 || memcmp(b, "pong", 4) != 0)
			fail("child read pong");
		_exit(0);
	}
	struct sockaddr_un from;
	socklen_t fl = sizeof from;
	int conn = accept(srv, (struct sockaddr *)&from, &fl);
	CHECK(conn >= 0, "accept: %s", strerror(errno));
	CHECK(fl == sizeof(sa_family_t) && from.sun_family == AF_UNIX, "accept address length %u", (unsigned)fl);
	struct sockaddr_un name;
	socklen_t nl = sizeof name;
	CHECK(getsockname(conn, (struct sockaddr *)&name, &nl) == 0 && nl == alen && strcmp(name.sun_path, path) == 0,
	      "getsockname of the accepted socket: len %u", (unsigned)nl);
	nl = sizeof name;
	CHECK(getpeername(conn, (struct sockaddr *)&name, &nl) == 0 && nl == sizeof(sa_family_t),
	      "getpeername of the accepted socket: len %u", (unsigned)nl);
	struct ucred cr;
	socklen_t cl = sizeof cr;
	CHECK(getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cr, &cl) == 0 && cr.pid == pid && cr.uid == geteuid(),
	      "SO_PEERCRED pid %d uid %d, expected %d %d", (int)cr.pid, (int)cr.uid, (int)pid, (int)geteuid());
	char b[8];
	CHECK(read(conn, b, sizeof b) == 4 && memcmp(b, "ping", 4) == 0, "read ping");
	CHECK(write(conn, "pong", 4) == 4, "write pong: %s", strerror(errno));
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status 0x%x", status);
	CHECK(read(conn, b, sizeof b) == 0, "read after the client ended: not end of file");
	close(conn);

	close(srv);
	int late = socket(AF_UNIX, SOCK_STREAM, 0);
	CHECK(connect(late, (struct sockaddr *)&a, alen) < 0 && errno == ECONNREFUSED, "connect after close: %s", strerror(errno));
	CHECK(unlink(path) == 0, "unlink: %s", strerror(errno));
	CHECK(connect(late, (struct sockaddr *)&a, alen) < 0 && errno == ENOENT, "connect to a missing path: %s", strerror(errno));
	return 0;
}
