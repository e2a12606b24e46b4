/* open and other path calls fail with EFAULT when the path pointer is bad,
 * including a path that runs off the end of a mapping without its NUL; an
 * over-long path is ENAMETOOLONG. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static void expect_error(long r, int err, const char *what)
{
	CHECK(r == -1 && errno == err, "%s returned %ld (%s), expected %s", what, r, strerror(errno), strerror(err));
}

int main(void)
{
	expect_error(open((char *)1, O_RDONLY), EFAULT, "open((char *)1)");
	expect_error(open(NULL, O_RDONLY), EFAULT, "open(NULL)");
	expect_error(open((char *)0xffff800000000000UL, O_RDONLY), EFAULT, "open(kernel address)");
	expect_error(syscall(SYS_openat, AT_FDCWD, (char *)1, O_RDONLY | O_CREAT, 0600), EFAULT, "openat(O_CREAT, (char *)1)");

	/* A path filling a page exactly, with no NUL before the unmapped page after it. */
	char *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	munmap(p + 4096, 4096);
	memset(p, 'a', 4096);
	p[0] = '/';
	expect_error(open(p + 4096 - 5, O_RDONLY), EFAULT, "open(unterminated at a page end)");
	struct stat st;
	expect_error(syscall(SYS_stat, (char *)1, &st), EFAULT, "stat((char *)1)");
	expect_error(syscall(SYS_execve, (char *)1, NULL, NULL), EFAULT, "execve((char *)1)");
	expect_error(syscall(SYS_chdir, (char *)1), EFAULT, "chdir((char *)1)");

	/* A terminated path longer than PATH_MAX (4096 with its NUL). */
	char *longpath = malloc(8192);
	CHECK(longpath, "malloc failed");
	memset(longpath, 'b', 8191);
	longpath[0] = '/';
	longpath[8191] = 0;
	expect_error(open(longpath, O_RDONLY), ENAMETOOLONG, "open(an 8191-byte path)");
	free(longpath);
	int fd = open("/tmp", O_RDONLY);
	CHECK(fd >= 0, "open(/tmp) failed after the bad calls: %s", strerror(errno));
	close(fd);
	return 0;
}
