/* lseek: SEEK_SET/CUR/END, EINVAL for a negative result or bad whence,
 * SEEK_DATA and SEEK_HOLE on a sparse file (ENXIO at or past the end), holes
 * read as zeros, and st_blocks counting only the pages that hold data. */
#include "fstest.h"

#define PAGE 4096

int main(void)
{
	fs_begin(20);
	int fd = OK(open("f", O_CREAT | O_RDWR, 0644));
	CHECK(lseek(fd, 10, SEEK_SET) == 10, "SEEK_SET");
	CHECK(lseek(fd, 5, SEEK_CUR) == 15, "SEEK_CUR");
	CHECK(lseek(fd, -3, SEEK_CUR) == 12, "SEEK_CUR back");
	CHECK(lseek(fd, 0, SEEK_END) == 0, "SEEK_END of an empty file");
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -1, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 42), EINVAL);
	CHECK_ERR(lseek(fd, 0, SEEK_DATA), ENXIO);
	CHECK_ERR(lseek(fd, 0, SEEK_HOLE), ENXIO);

	/* data in page 0 and page 4, holes between and after (size 10 pages) */
	CHECK(pwrite(fd, "A", 1, 0) == 1, "pwrite page 0");
	CHECK(pwrite(fd, "B", 1, 4 * PAGE + 100) == 1, "pwrite page 4");
	OK(ftruncate(fd, 10 * PAGE));
	struct stat st;
	OK(fstat(fd, &st));
	CHECK(st.st_size == 10 * PAGE, "size %ld", (long)st.st_size);
	CHECK(st.st_blocks == 2 * (PAGE / 512), "st_blocks %ld, expected %d (two pages)",
	      (long)st.st_blocks, 2 * (PAGE / 512));
	CHECK(lseek(fd, 0, SEEK_END) == 10 * PAGE, "SEEK_END");
	CHECK(lseek(fd, 5, SEEK_END) == 10 * PAGE + 5, "SEEK_END past the end");

	CHECK(lseek(fd, 0, SEEK_DATA) == 0, "SEEK_DATA 0");
	CHECK(lseek(fd, 0, SEEK_HOLE) == PAGE, "SEEK_HOLE 0 -> %ld", (long)lseek(fd, 0, SEEK_HOLE));
	CHECK(lseek(fd, 1, SEEK_DATA) == 1, "SEEK_DATA inside data");
	CHECK(lseek(fd, PAGE, SEEK_DATA) == 4 * PAGE, "SEEK_DATA from a hole: %ld",
	      (long)lseek(fd, PAGE, SEEK_DATA));
	CHECK(lseek(fd, 4 * PAGE + 7, SEEK_HOLE) == 5 * PAGE, "SEEK_HOLE after page 4");
	CHECK(lseek(fd, 2 * PAGE + 3, SEEK_HOLE) == 2 * PAGE + 3, "SEEK_HOLE inside a hole");
	CHECK_ERR(lseek(fd, 5 * PAGE, SEEK_DATA), ENXIO); /* only a hole follows */
	CHECK(lseek(fd, 9 * PAGE, SEEK_HOLE) == 9 * PAGE, "SEEK_HOLE in the final hole");
	CHECK_ERR(lseek(fd, 10 * PAGE, SEEK_DATA), ENXIO);
	CHECK_ERR(lseek(fd, 10 * PAGE, SEEK_HOLE), ENXIO);
	CHECK_ERR(lseek(fd, -1, SEEK_DATA), ENXIO);

	/* holes read as zeros */
	static char buf[10 * PAGE];
	memset(buf, 'x', sizeof buf);
	CHECK(pread(fd, buf, sizeof buf, 0) == 10 * PAGE, "read all");
	for (int i = 0; i < 10 * PAGE; i++) {
		char want = i == 0 ? 'A' : i == 4 * PAGE + 100 ? 'B' : 0;
		CHECK(buf[i] == want, "byte %d is %d, expected %d", i, buf[i], want);
	}

	/* a large sparse file costs nothing */
	OK(ftruncate(fd, 1L << 30));
	OK(fstat(fd, &st));
	CHECK(st.st_size == 1L << 30 && st.st_blocks == 2 * (PAGE / 512), "1 GiB sparse: size %ld blocks %ld",
	      (long)st.st_size, (long)st.st_blocks);
	CHECK(pread(fd, buf, 16, (1L << 30) - 16) == 16 && buf[0] == 0 && buf[15] == 0, "read at 1 GiB");
	/* shrinking frees pages and what was past the end reads as zeros again */
	OK(ftruncate(fd, 1));
	OK(fstat(fd, &st));
	CHECK(st.st_blocks == PAGE / 512, "after shrinking: blocks %ld", (long)st.st_blocks);
	OK(ftruncate(fd, 4 * PAGE + 101));
	CHECK(pread(fd, buf, 1, 4 * PAGE + 100) == 1 && buf[0] == 0, "old data came back");

	/* directories: SEEK_SET works, SEEK_DATA does not */
	OK(mkdir("d", 0755));
	int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	CHECK(lseek(dfd, 0, SEEK_SET) == 0, "directory SEEK_SET");
	OK(close(dfd));
	OK(close(fd));
	fs_end();
	return 0;
}
