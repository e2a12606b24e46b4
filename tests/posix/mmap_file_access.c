/* mmap of a file checks the descriptor as Linux does, in Linux's order: a
 * bad descriptor is EBADF (shared or private); a mapping needs read access
 * (EACCES for a write-only descriptor) and a shared writable one write
 * access too (EACCES for read-only); a private writable mapping of a
 * read-only file is fine (a copy); a directory cannot be mapped (ENODEV). */
#include "ptest.h"
#include <fcntl.h>
#include <sys/mman.h>

static void expect(void *r, int err, const char *what)
{
	CHECK(r == MAP_FAILED && errno == err, "%s: %s, expected %s", what,
	      r == MAP_FAILED ? strerror(errno) : "mapped", strerror(err));
}

int main(void)
{
	watchdog(20);
	char path[] = "/tmp/mmap_accessXXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10, "mkstemp");
	close(fd);
	int wr = open(path, O_WRONLY), rd = open(path, O_RDONLY);
	CHECK(wr >= 0 && rd >= 0, "open: %s", strerror(errno));
	expect(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, 999, 0), EBADF, "private, bad fd");
	expect(mmap(NULL, 4096, PROT_READ, MAP_SHARED, 999, 0), EBADF, "shared, bad fd");
	expect(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, wr, 0), EACCES, "private, write-only");
	expect(mmap(NULL, 4096, PROT_READ, MAP_SHARED, wr, 0), EACCES, "shared, write-only");
	expect(mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0), EACCES,
	       "shared writable, read-only");
	char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, rd, 0);
	CHECK(m != MAP_FAILED, "private writable, read-only: %s", strerror(errno));
	CHECK(!memcmp(m, "0123456789", 10), "the mapping's bytes");
	m[0] = 'x'; /* its own copy */
	char c;
	CHECK(pread(rd, &c, 1, 0) == 1 && c == '0', "a private write reached the file");
	int dir = open("/tmp", O_RDONLY | O_DIRECTORY);
	expect(mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, dir, 0), ENODEV, "a directory");
	unlink(path);
	return 0;
}
