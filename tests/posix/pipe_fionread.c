/* FIONREAD tells the bytes waiting in a pipe and, for a regular file, the
 * bytes between the offset and the end; FIONBIO sets and clears O_NONBLOCK on
 * the open file description; FIOCLEX/FIONCLEX set and clear FD_CLOEXEC. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/ioctl.h>

int main(void)
{
	int p[2], n = -1;
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 0, "FIONREAD of an empty pipe: %d", n);
	CHECK(write(p[1], "hello", 5) == 5, "write failed");
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 5, "FIONREAD after 5 bytes: %d", n);
	char buf[2];
	read(p[0], buf, 2);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 3, "FIONREAD after reading 2: %d", n);

	int on = 1;
	CHECK(ioctl(p[0], FIONBIO, &on) == 0, "FIONBIO: %s", strerror(errno));
	CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK, "FIONBIO 1 did not set O_NONBLOCK");
	on = 0;
	CHECK(ioctl(p[0], FIONBIO, &on) == 0, "FIONBIO: %s", strerror(errno));
	CHECK(!(fcntl(p[0], F_GETFL) & O_NONBLOCK), "FIONBIO 0 did not clear O_NONBLOCK");

	CHECK(ioctl(p[1], FIOCLEX) == 0 && fcntl(p[1], F_GETFD) == FD_CLOEXEC, "FIOCLEX");
	CHECK(ioctl(p[1], FIONCLEX) == 0 && fcntl(p[1], F_GETFD) == 0, "FIONCLEX");

	int fd = open("/tmp/pipe_fionread.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	unlink("/tmp/pipe_fionread.tmp");
	CHECK(write(fd, "0123456789", 10) == 10, "file write failed");
	lseek(fd, 4, SEEK_SET);
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 6, "FIONREAD of a file at offset 4 of 10: %d", n);
	return 0;
}
