/* read into a bad buffer (NULL, low address, read-only page, unmapped page,
 * kernel half) fails with EFAULT and the process goes on; the good data is
 * still readable afterwards. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>

static const char readonly_data[4096] __attribute__((aligned(4096))) = "constant";

int main(void)
{
	int fd = open("/tmp/efault_read.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open /tmp file: %s", strerror(errno));
	CHECK(write(fd, "0123456789abcdef", 16) == 16, "write: %s", strerror(errno));
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap: %s", strerror(errno));
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(ro != MAP_FAILED, "mmap: %s", strerror(errno));
	munmap(page, 4096);

	struct { void *buf; const char *what; } bad[] = {
		{ NULL, "NULL" }, { (void *)1, "(void *)1" }, { page, "an unmapped page" },
		{ ro, "a PROT_READ page" }, { (void *)readonly_data, "read-only program data" },
		{ (void *)0xffff800000000000UL, "a kernel address" }, { (void *)0x0000800000000000UL, "a non-canonical address" },
	};
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		lseek(fd, 0, SEEK_SET);
		errno = 0;
		ssize_t r = read(fd, bad[i].buf, 10);
		CHECK(r == -1 && errno == EFAULT, "read into %s returned %zd (%s), expected EFAULT", bad[i].what, r, strerror(errno));
	}
	CHECK(strcmp(readonly_data, "constant") == 0, "read-only data was modified");
	char good[16];
	lseek(fd, 0, SEEK_SET);
	CHECK(read(fd, good, 16) == 16 && memcmp(good, "0123456789abcdef", 16) == 0, "the file no longer reads back");
	close(fd);
	unlink("/tmp/efault_read.tmp");
	return 0;
}
