/* dup, dup2, dup3 and F_DUPFD give descriptors of the same open file
 * description: one offset and one set of status flags, but FD_CLOEXEC is per
 * descriptor (dup clears it, dup3 and F_DUPFD_CLOEXEC set it). */
#include "ptest.h"
#include <fcntl.h>

#define PATH "/tmp/fd_dup_shared_offset.tmp"

int main(void)
{
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	unlink(PATH);
	int a = dup(fd);
	int b = dup2(fd, 20);
	int c = dup3(fd, 21, O_CLOEXEC);
	int d = fcntl(fd, F_DUPFD, 30);
	int e = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	CHECK(a >= 0 && b == 20 && c == 21 && d >= 30 && e >= 0, "dups: %d %d %d %d %d", a, b, c, d, e);
	CHECK(write(a, "abc", 3) == 3, "write failed");
	CHECK(lseek(b, 0, SEEK_CUR) == 3, "dup2'd fd offset %ld", (long)lseek(b, 0, SEEK_CUR));
	CHECK(lseek(c, 1, SEEK_SET) == 1, "lseek failed");
	char ch;
	CHECK(read(d, &ch, 1) == 1 && ch == 'b', "read through F_DUPFD fd got '%c'", ch);
	CHECK(lseek(fd, 0, SEEK_CUR) == 2, "original offset %ld", (long)lseek(fd, 0, SEEK_CUR));
	CHECK(fcntl(e, F_SETFL, O_NONBLOCK) == 0, "F_SETFL failed");
	CHECK(fcntl(a, F_GETFL) & O_NONBLOCK, "status flags not shared by dup");
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "open O_CLOEXEC: FD_CLOEXEC not set");
	CHECK(fcntl(a, F_GETFD) == 0 && fcntl(b, F_GETFD) == 0 && fcntl(d, F_GETFD) == 0,
	      "dup, dup2 or F_DUPFD kept FD_CLOEXEC");
	CHECK(fcntl(c, F_GETFD) == FD_CLOEXEC && fcntl(e, F_GETFD) == FD_CLOEXEC,
	      "dup3(O_CLOEXEC) or F_DUPFD_CLOEXEC lacks FD_CLOEXEC");
	close(fd);
	CHECK(write(b, "d", 1) == 1, "the description closed with its first descriptor");
	return 0;
}
