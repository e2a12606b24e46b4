/* write from a bad buffer (low address, unmapped page, kernel half,
 * non-canonical) fails with EFAULT, to stdout and to a file, and the process
 * goes on; a buffer running into an unmapped page gives EFAULT or a short count. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static void expect_efault(int fd, const void *buf, size_t len, const char *what)
{
	errno = 0;
	ssize_t r = write(fd, buf, len);
	CHECK(r == -1 && errno == EFAULT, "write(%d, %s, %zu) returned %zd (%s), expected EFAULT", fd, what, len, r, strerror(errno));
}

int main(void)
{
	char *page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap: %s", strerror(errno));
	munmap(page + 4096, 4096);
	char *unmapped = page + 4096;

	/* stdout, unless it is /dev/null, which never reads the buffer. */
	struct stat st;
	int devnull = fstat(1, &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
	if (!devnull)
		expect_efault(1, (void *)1, 10, "(void *)1");

	int fd = open("/tmp/efault_write.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open /tmp file: %s", strerror(errno));
	expect_efault(fd, (void *)1, 10, "(void *)1");
	expect_efault(fd, NULL, 10, "NULL");
	expect_efault(fd, unmapped, 10, "an unmapped page");
	expect_efault(fd, (void *)0xffff800000000000UL, 10, "a kernel address");
	expect_efault(fd, (void *)0xffffffffffffff00UL, 10, "the top of the kernel half");
	expect_efault(fd, (void *)0x0000800000000000UL, 10, "a non-canonical address");
	CHECK(write(fd, NULL, 0) == 0, "a zero-length write from NULL did not return 0");

	/* 100 good bytes, then the unmapped page. */
	memset(unmapped - 100, 'k', 100);
	errno = 0;
	ssize_t r = write(fd, unmapped - 100, 200);
	CHECK((r == -1 && errno == EFAULT) || (r >= 0 && r <= 100), "a write crossing into unmapped memory returned %zd (%s)", r,
	      strerror(errno));
	off_t size = lseek(fd, 0, SEEK_END);
	CHECK(size == (r > 0 ? r : 0), "the file holds %lld bytes after a write that returned %zd", (long long)size, r);
	close(fd);
	unlink("/tmp/efault_write.tmp");
	return 0;
}
