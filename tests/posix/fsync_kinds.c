/* fsync and fdatasync succeed on regular files and directories and are
 * EINVAL on files that have nothing to sync (pipes, sockets, /dev/null),
 * as on Linux; a closed descriptor is EBADF. */
#include "fstest.h"
#include <sys/socket.h>

static void einval(int fd, const char *what)
{
	errno = 0;
	CHECK(fsync(fd) == -1 && errno == EINVAL, "fsync of %s: not EINVAL (%s)", what,
	      strerror(errno));
	errno = 0;
	CHECK(fdatasync(fd) == -1 && errno == EINVAL, "fdatasync of %s: not EINVAL", what);
}

int main(void)
{
	fs_begin(20);
	int f = OK(open("f", O_CREAT | O_RDWR, 0644));
	CHECK(write(f, "x", 1) == 1, "write");
	CHECK(fsync(f) == 0 && fdatasync(f) == 0, "fsync of a file: %s", strerror(errno));
	int d = OK(open(".", O_RDONLY | O_DIRECTORY));
	CHECK(fsync(d) == 0, "fsync of a directory: %s", strerror(errno));

	int p[2];
	OK(pipe(p));
	einval(p[0], "a pipe's read end");
	einval(p[1], "a pipe's write end");
	int s[2];
	OK(socketpair(AF_UNIX, SOCK_STREAM, 0, s));
	einval(s[0], "a socket");
	int null = OK(open("/dev/null", O_RDWR));
	einval(null, "/dev/null");

	OK(close(f));
	errno = 0;
	CHECK(fsync(f) == -1 && errno == EBADF, "fsync of a closed descriptor: not EBADF");
	fs_end();
	return 0;
}
