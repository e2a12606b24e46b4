/* mremap and madvise(MADV_DONTNEED) on file mappings, as Linux: growing a
 * shared file mapping shows more of the file (stores there reach it);
 * growing a private one keeps its own written page and shows the file's
 * beyond; MADV_DONTNEED makes private anonymous memory read zeros again, a
 * private file mapping show the file again, and leaves a shared mapping's
 * stores (they are the file's); DONTNEED over a hole is ENOMEM, over a
 * locked page EINVAL. */
#include "ptest.h"
#include <sys/mman.h>

#define PAGE 4096

static int fd;

static char file_byte(off_t at)
{
	char c;
	CHECK(pread(fd, &c, 1, at) == 1, "pread: %s", strerror(errno));
	return c;
}

int main(void)
{
	char path[] = "/tmp/mremap_file_XXXXXX";
	fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	unlink(path);
	char page[PAGE];
	for (int i = 0; i < 4; i++) {
		memset(page, 'a' + i, PAGE);
		CHECK(write(fd, page, PAGE) == PAGE, "write: %s", strerror(errno));
	}

	/* A shared mapping grows by more of the file. */
	char *s = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(s != MAP_FAILED, "mmap shared: %s", strerror(errno));
	s[0] = 'S';
	char *g = mremap(s, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE);
	CHECK(g != MAP_FAILED, "mremap shared grow: %s", strerror(errno));
	CHECK(g[0] == 'S' && g[PAGE] == 'b' && g[2 * PAGE] == 'c' && g[3 * PAGE + 7] == 'd',
	      "grown shared mapping shows %c %c %c %c", g[0], g[PAGE], g[2 * PAGE], g[3 * PAGE + 7]);
	g[3 * PAGE] = 'T';
	CHECK(file_byte(3 * PAGE) == 'T', "a store in the grown part reaches the file");

	/* A private mapping grows keeping its own page. */
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, PAGE);
	CHECK(p != MAP_FAILED, "mmap private: %s", strerror(errno));
	p[1] = 'P';
	char *q = mremap(p, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap private grow: %s", strerror(errno));
	CHECK(q[0] == 'b' && q[1] == 'P' && q[PAGE] == 'c' && q[2 * PAGE] == 'T',
	      "grown private mapping shows %c %c %c %c", q[0], q[1], q[PAGE], q[2 * PAGE]);
	CHECK(file_byte(PAGE + 1) == 'b', "the private store stayed out of the file");

	/* MADV_DONTNEED. */
	CHECK(madvise(q, PAGE, MADV_DONTNEED) == 0, "madvise private file: %s", strerror(errno));
	CHECK(q[1] == 'b', "after DONTNEED a private file page shows the file again (%c)", q[1]);
	char *a = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(a != MAP_FAILED, "mmap anonymous: %s", strerror(errno));
	a[0] = 'x';
	a[PAGE] = 'y';
	CHECK(madvise(a, PAGE, MADV_DONTNEED) == 0, "madvise anonymous: %s", strerror(errno));
	CHECK(a[0] == 0 && a[PAGE] == 'y', "DONTNEED zeroes its pages only (%d %c)", a[0], a[PAGE]);
	g[PAGE] = 'U';
	CHECK(madvise(g, 4 * PAGE, MADV_DONTNEED) == 0, "madvise shared: %s", strerror(errno));
	CHECK(g[PAGE] == 'U' && file_byte(PAGE) == 'U', "a shared mapping keeps its stores");

	CHECK(munmap(a + PAGE, PAGE) == 0, "munmap: %s", strerror(errno));
	errno = 0;
	CHECK(madvise(a, 2 * PAGE, MADV_DONTNEED) == -1 && errno == ENOMEM,
	      "DONTNEED over a hole: %s", strerror(errno));
	CHECK(mlock(a, PAGE) == 0, "mlock: %s", strerror(errno));
	errno = 0;
	CHECK(madvise(a, PAGE, MADV_DONTNEED) == -1 && errno == EINVAL,
	      "DONTNEED of a locked page: %s", strerror(errno));
	return 0;
}
