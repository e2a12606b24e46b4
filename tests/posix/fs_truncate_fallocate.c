/* truncate/ftruncate (grow with zeros, shrink, EINVAL for a negative size
 * or a read-only descriptor, EISDIR, EACCES) and fallocate: mode 0
 * allocates and extends, FALLOC_FL_KEEP_SIZE allocates only,
 * PUNCH_HOLE|KEEP_SIZE frees whole pages and zeroes partial ones, other
 * modes EOPNOTSUPP, EINVAL for bad ranges, EBADF without write access. */
#include "fstest.h"

#define PAGE 4096
#define BLOCKS_PER_PAGE (PAGE / 512)

static struct stat fst(int fd)
{
	struct stat st;
	if (fstat(fd, &st) < 0)
		fail("fstat: %s", strerror(errno));
	return st;
}

int main(void)
{
	fs_begin(20);
	int fd = OK(open("f", O_CREAT | O_RDWR, 0644));
	CHECK(write(fd, "abcdef", 6) == 6, "write");
	OK(ftruncate(fd, 3));
	CHECK(fst(fd).st_size == 3, "shrink");
	OK(ftruncate(fd, 8));
	char buf[16];
	CHECK(pread(fd, buf, sizeof buf, 0) == 8 && !memcmp(buf, "abc\0\0\0\0\0", 8), "grow reads zeros");
	CHECK(lseek(fd, 0, SEEK_CUR) == 6, "truncate moved the offset");
	OK(truncate("f", 2));
	CHECK(fst(fd).st_size == 2, "truncate by path");
	CHECK_ERR(ftruncate(fd, -1), EINVAL);
	CHECK_ERR(truncate("f", -1), EINVAL);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	OK(mkdir("d", 0755));
	CHECK_ERR(truncate("d", 0), EISDIR);
	int ro = OK(open("f", O_RDONLY));
	CHECK_ERR(ftruncate(ro, 0), EINVAL);
	CHECK_ERR(fallocate(ro, 0, 0, 10), EBADF);
	OK(close(ro));

	/* fallocate mode 0: allocate and extend */
	OK(ftruncate(fd, 0));
	OK(fallocate(fd, 0, 0, 3 * PAGE));
	struct stat st = fst(fd);
	CHECK(st.st_size == 3 * PAGE && st.st_blocks == 3 * BLOCKS_PER_PAGE, "fallocate 0: size %ld blocks %ld",
	      (long)st.st_size, (long)st.st_blocks);
	CHECK(pread(fd, buf, 4, PAGE) == 4 && !memcmp(buf, "\0\0\0\0", 4), "fallocated bytes read as zeros");
	/* KEEP_SIZE: blocks grow, the size does not */
	OK(fallocate(fd, FALLOC_FL_KEEP_SIZE, 3 * PAGE, 2 * PAGE));
	st = fst(fd);
	CHECK(st.st_size == 3 * PAGE && st.st_blocks == 5 * BLOCKS_PER_PAGE, "KEEP_SIZE: size %ld blocks %ld",
	      (long)st.st_size, (long)st.st_blocks);
	/* an unaligned range inside the file: nothing changes size */
	OK(fallocate(fd, 0, 10, 20));
	CHECK(fst(fd).st_size == 3 * PAGE, "fallocate inside the file changed its size");

	/* punch a hole: whole pages go, the partial ends are zeroed */
	static char data[3 * PAGE];
	memset(data, 'D', sizeof data);
	CHECK(pwrite(fd, data, sizeof data, 0) == (ssize_t)sizeof data, "fill");
	OK(fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 100, 2 * PAGE));
	st = fst(fd);
	CHECK(st.st_size == 3 * PAGE, "punch changed the size");
	CHECK(st.st_blocks == 4 * BLOCKS_PER_PAGE, "punch: blocks %ld, expected one page fewer",
	      (long)st.st_blocks);
	static char back[3 * PAGE];
	CHECK(pread(fd, back, sizeof back, 0) == (ssize_t)sizeof back, "read back");
	for (int i = 0; i < 3 * PAGE; i++) {
		char want = (i >= 100 && i < 100 + 2 * PAGE) ? 0 : 'D';
		CHECK(back[i] == want, "byte %d after punch: %d, expected %d", i, back[i], want);
	}
	CHECK(lseek(fd, 0, SEEK_HOLE) == PAGE, "the hole is page 1");

	/* errors */
	CHECK_ERR(fallocate(fd, FALLOC_FL_PUNCH_HOLE, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, 0x40, 0, 10), EOPNOTSUPP);
	CHECK_ERR(fallocate(fd, 0, -1, 10), EINVAL);
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
	CHECK_ERR(fallocate(fd, 0, 0, -5), EINVAL);
	CHECK_ERR(fallocate(fd, 0, 0x7fffffffffffff00LL, 0x1000), EFBIG);
	int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	CHECK_ERR(fallocate(dfd, 0, 0, 10), EBADF);
	OK(close(dfd));
	int p[2];
	OK(pipe(p));
	CHECK_ERR(fallocate(p[1], 0, 0, 10), ESPIPE);
	CHECK_ERR(ftruncate(p[1], 0), EINVAL);
	OK(close(p[0]));
	OK(close(p[1]));
	OK(close(fd));
	CHECK_ERR(fallocate(fd, 0, 0, 10), EBADF);
	fs_end();
	return 0;
}
