/* A MAP_SHARED mapping of a regular file is the file's own pages (one page
 * cache): a store through it is seen at once by pread(2) and by a second,
 * independent open of the path; a pwrite(2) is seen through it; a forked
 * child's stores through the inherited mapping reach the parent; two mmaps of
 * the file at different offsets see each other's stores. A MAP_PRIVATE
 * mapping's stores stay private (not in read(2), not in the shared mapping).
 * A shared writable mapping needs a writable descriptor, at mmap (EACCES) and
 * at mprotect (EACCES). msync with MS_SYNC, MS_ASYNC or MS_INVALIDATE is 0;
 * MS_SYNC|MS_ASYNC and an unaligned address are EINVAL, an unmapped range is
 * ENOMEM. The stores are in the file after munmap and close. A mapping may
 * reach past the end of the file: once ftruncate grows the file, stores in
 * the new pages reach it. MAP_SHARED_VALIDATE refuses an unknown flag bit
 * with EOPNOTSUPP, where MAP_SHARED ignores it. */
#include "ptest.h"
#include <sys/mman.h>
#include <sys/stat.h>

/* expr must succeed (not -1 nor MAP_FAILED). */
#define OK(expr) do { \
	if ((long)(expr) == -1) \
		fail("line %d: %s: %s", __LINE__, #expr, strerror(errno)); \
} while (0)

#define UNKNOWN_MAP_FLAG 0x800000 /* no mmap flag has this bit */

static long pg;

static char byte_at(int fd, off_t off)
{
	char c;
	ssize_t n = pread(fd, &c, 1, off);
	CHECK(n == 1, "pread at %lld: %zd (%s)", (long long)off, n, strerror(errno));
	return c;
}

static void *map(size_t len, int prot, int flags, int fd, off_t off)
{
	void *p = mmap(NULL, len, prot, flags, fd, off);
	CHECK(p != MAP_FAILED, "mmap %zu bytes at offset %lld: %s", len, (long long)off, strerror(errno));
	return p;
}

/* Maps a 1-page file 4 pages long, grows the file to 4 pages with
 * ftruncate; a store in page 3 then reaches the file. */
static void grow_after_mapping(void)
{
	char path[] = "/tmp/mmap_growXXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	char *buf = malloc(pg);
	memset(buf, 'g', pg);
	CHECK(write(fd, buf, pg) == pg, "write: %s", strerror(errno));
	volatile char *m = map(4 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	OK(ftruncate(fd, 4 * pg));
	struct stat st;
	OK(fstat(fd, &st));
	CHECK(st.st_size == 4 * pg, "size %lld after ftruncate, expected %ld", (long long)st.st_size, 4 * pg);
	CHECK(m[0] == 'g' && m[pg - 1] == 'g', "page 0 through the mapping after growing");
	CHECK(m[3 * pg + 7] == 0, "the grown page reads %d, expected 0", m[3 * pg + 7]);
	m[3 * pg + 7] = 'G';
	CHECK(byte_at(fd, 3 * pg + 7) == 'G', "a store in the grown page 3 is not seen by pread");
	OK(munmap((void *)m, 4 * pg));
	close(fd);
	unlink(path);
	free(buf);
}

int main(void)
{
	watchdog(20);
	pg = sysconf(_SC_PAGESIZE);
	const size_t len = 3 * pg;
	char path[] = "/tmp/mmap_sharedXXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0, "mkstemp: %s", strerror(errno));
	/* want: what the file should hold, kept beside it. */
	char *want = malloc(len), *got = malloc(len);
	CHECK(want && got, "malloc");
	for (size_t i = 0; i < len; i++)
		want[i] = (char)('a' + i % 26);
	CHECK(write(fd, want, len) == (ssize_t)len, "write: %s", strerror(errno));

	volatile char *m = map(len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(!memcmp((char *)m, want, len), "the mapping does not hold the written bytes");

	/* A store is seen by pread and by another open of the path. */
	m[10] = want[10] = 'S';
	CHECK(byte_at(fd, 10) == 'S', "a store through the mapping is not seen by pread");
	int fd2 = open(path, O_RDONLY);
	CHECK(fd2 >= 0, "open %s: %s", path, strerror(errno));
	CHECK(read(fd2, got, len) == (ssize_t)len, "read: %s", strerror(errno));
	CHECK(!memcmp(got, want, len), "a second open()+read does not see the store");
	close(fd2);

	/* A pwrite is seen through the mapping. */
	CHECK(pwrite(fd, "PW", 2, 2 * pg + 5) == 2, "pwrite: %s", strerror(errno));
	memcpy(want + 2 * pg + 5, "PW", 2);
	CHECK(m[2 * pg + 5] == 'P' && m[2 * pg + 6] == 'W', "a pwrite is not seen through the mapping");

	/* A forked child's stores through the inherited mapping. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		for (long i = 0; i < 64; i++)
			m[pg + 64 + i] = 'C';
		_exit(0);
	}
	CHECK(wait_for(pid) == 0, "child failed");
	memset(want + pg + 64, 'C', 64);
	for (long i = 0; i < 64; i++)
		CHECK(m[pg + 64 + i] == 'C', "the child's store at %ld is not seen by the parent", pg + 64 + i);
	CHECK(byte_at(fd, pg + 64) == 'C', "the child's store is not seen by pread");

	/* A second mapping at offset one page: both ways. */
	volatile char *m2 = map(2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, pg);
	CHECK(m2 != m, "the second mapping is at the first's address");
	CHECK(!memcmp((char *)m2, want + pg, 2 * pg), "the second mapping does not hold the file's bytes");
	m[pg + 100] = want[pg + 100] = 'x';
	CHECK(m2[100] == 'x', "the second mapping does not see the first's store");
	m2[pg + 200] = want[2 * pg + 200] = 'y';
	CHECK(m[2 * pg + 200] == 'y', "the first mapping does not see the second's store");

	/* MAP_PRIVATE: its stores stay its own. */
	volatile char *p = map(len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(!memcmp((char *)p, want, len), "the private mapping does not hold the file's bytes");
	p[20] = 'Q';
	p[pg + 20] = 'Q';
	CHECK(p[20] == 'Q', "a private store is not seen by its own mapping");
	CHECK(byte_at(fd, 20) == want[20] && byte_at(fd, pg + 20) == want[pg + 20],
	      "a private store reached the file");
	CHECK(m[20] == want[20] && m[pg + 20] == want[pg + 20] && m2[20] == want[pg + 20],
	      "a private store is seen by the shared mappings");
	OK(munmap((void *)p, len));

	/* A shared writable mapping needs a writable descriptor. */
	int rd = open(path, O_RDONLY);
	CHECK(rd >= 0, "open O_RDONLY: %s", strerror(errno));
	CHECK_ERR(mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, rd, 0), EACCES);
	CHECK_ERR(mmap(NULL, pg, PROT_WRITE, MAP_SHARED, rd, 0), EACCES);
	char *ro = map(pg, PROT_READ, MAP_SHARED, rd, 0);
	CHECK(ro[10] == 'S', "the read-only mapping does not see the file");
	CHECK_ERR(mprotect(ro, pg, PROT_READ | PROT_WRITE), EACCES);
	CHECK_ERR(mprotect(ro, pg, PROT_WRITE), EACCES);
	OK(munmap(ro, pg));
	close(rd);

	/* msync. */
	OK(msync((void *)m, len, MS_SYNC));
	OK(msync((void *)m, len, MS_ASYNC));
	OK(msync((void *)m, len, MS_INVALIDATE));
	OK(msync((void *)(m + pg), pg, MS_SYNC)); /* part of it */
	CHECK(m[10] == 'S' && m[2 * pg + 200] == 'y', "MS_INVALIDATE lost stores");
	CHECK_ERR(msync((void *)m, len, MS_SYNC | MS_ASYNC), EINVAL);
	CHECK_ERR(msync((void *)(m + 1), pg, MS_SYNC), EINVAL);
	void *hole = map(len, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	OK(munmap(hole, len));
	CHECK_ERR(msync(hole, len, MS_SYNC), ENOMEM);

	/* MAP_SHARED_VALIDATE checks the flags MAP_SHARED ignores. */
	CHECK_ERR(mmap(NULL, pg, PROT_READ, MAP_SHARED_VALIDATE | UNKNOWN_MAP_FLAG, fd, 0), EOPNOTSUPP);
	char *v = map(pg, PROT_READ, MAP_SHARED | UNKNOWN_MAP_FLAG, fd, 0);
	CHECK(v[10] == 'S', "MAP_SHARED with an unknown bit does not map the file");
	OK(munmap(v, pg));
	v = map(pg, PROT_READ | PROT_WRITE, MAP_SHARED_VALIDATE, fd, 0);
	CHECK(v[10] == 'S', "MAP_SHARED_VALIDATE does not map the file");
	OK(munmap(v, pg));

	/* The stores outlive the mappings and the descriptor. */
	OK(munmap((void *)m2, 2 * pg));
	OK(munmap((void *)m, len));
	close(fd);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0, "reopen: %s", strerror(errno));
	memset(got, 0, len);
	CHECK(read(fd, got, len) == (ssize_t)len, "read after reopen: %s", strerror(errno));
	for (size_t i = 0; i < len; i++)
		CHECK(got[i] == want[i], "after munmap and close, byte %zu is %d, expected %d", i, got[i], want[i]);
	CHECK(read(fd, got, 1) == 0, "the file grew");
	close(fd);
	unlink(path);

	grow_after_mapping();
	return 0;
}
