/* /proc/self/fd/N names each open descriptor: readlink gives the path of a
 * file (and "pipe:[ino]" for a pipe), and opening the link opens the same
 * file (same inode, its data), with its own offset as a new description. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/stat.h>

int main(void)
{
	watchdog(20);
	char path[64], link[64], target[256];
	snprintf(path, sizeof path, "/tmp/proc_self_fd.%d", (int)getpid());
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open %s: %s", path, strerror(errno));
	CHECK(write(fd, "hello", 5) == 5, "write: %s", strerror(errno));

	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	CHECK(n > 0, "readlink %s: %s", link, strerror(errno));
	target[n] = 0;
	CHECK(strcmp(target, path) == 0, "readlink %s: \"%s\", expected \"%s\"", link, target, path);

	int again = open(link, O_RDWR);
	CHECK(again >= 0, "open %s: %s", link, strerror(errno));
	struct stat a, b;
	CHECK(fstat(fd, &a) == 0 && fstat(again, &b) == 0, "fstat: %s", strerror(errno));
	CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "the reopened file is another file");
	char buf[16] = { 0 };
	CHECK(read(again, buf, sizeof buf) == 5 && memcmp(buf, "hello", 5) == 0,
	      "reading the reopened file from its start: \"%s\"", buf);
	CHECK(write(again, " world", 6) == 6, "write through the link: %s", strerror(errno));
	CHECK(pread(fd, buf, 11, 0) == 11 && memcmp(buf, "hello world", 11) == 0,
	      "the original does not see the write: \"%s\"", buf);

	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	snprintf(link, sizeof link, "/proc/self/fd/%d", p[0]);
	n = readlink(link, target, sizeof target - 1);
	CHECK(n > 0, "readlink %s: %s", link, strerror(errno));
	target[n] = 0;
	CHECK(strncmp(target, "pipe:[", 6) == 0 && target[n - 1] == ']', "pipe link \"%s\"", target);

	close(again);
	snprintf(link, sizeof link, "/proc/self/fd/%d", again);
	CHECK(readlink(link, target, sizeof target) < 0 && errno == ENOENT,
	      "readlink of a closed descriptor's link: %s", strerror(errno));
	unlink(path);
	return 0;
}
