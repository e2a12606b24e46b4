/* An open file description is shared across fork: the child's writes move
 * the offset the parent sees, and F_SETFL flags set in the child (O_APPEND,
 * O_NONBLOCK) are seen by the parent, while FD_CLOEXEC (a descriptor flag) is
 * not shared by a separately opened description. */
#include "ptest.h"
#include <fcntl.h>

#define PATH "/tmp/fd_shared_offset_fork.tmp"

int main(void)
{
	watchdog(20);
	int fd = open(PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	CHECK(write(fd, "0123", 4) == 4, "write failed");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		if (lseek(fd, 0, SEEK_CUR) != 4)
			_exit(2);
		if (write(fd, "4567", 4) != 4)
			_exit(3);
		if (fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK) != 0)
			_exit(4);
		_exit(0);
	}
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%x", st);
	off_t off = lseek(fd, 0, SEEK_CUR);
	CHECK(off == 8, "parent offset %ld after the child's write, expected 8", (long)off);
	int fl = fcntl(fd, F_GETFL);
	CHECK((fl & O_APPEND) && (fl & O_NONBLOCK), "flags %#x: the child's F_SETFL not shared", fl);
	/* O_APPEND now applies to the parent's writes too. */
	lseek(fd, 0, SEEK_SET);
	CHECK(write(fd, "8", 1) == 1, "write failed");
	off = lseek(fd, 0, SEEK_CUR);
	CHECK(off == 9, "offset %ld after an O_APPEND write, expected 9", (long)off);
	char buf[16];
	CHECK(pread(fd, buf, sizeof buf, 0) == 9 && memcmp(buf, "012345678", 9) == 0, "file content wrong");

	/* A second open of the same file is its own description. */
	int fd2 = open(PATH, O_RDONLY);
	CHECK(fd2 >= 0, "open: %s", strerror(errno));
	CHECK(lseek(fd2, 0, SEEK_CUR) == 0, "a new description does not start at 0");
	CHECK(!(fcntl(fd2, F_GETFL) & O_APPEND), "a new description got O_APPEND");
	unlink(PATH);
	return 0;
}
