/* read, write, readv, writev, pread64, pwrite64 on a regular file: offsets,
 * short reads at the end, EOF, EFAULT for a bad buffer, EBADF on a
 * descriptor opened the other way, EINVAL for a negative offset, EISDIR. */
#include "fstest.h"
#include <sys/uio.h>

#define BAD_PTR ((void *)16)

int main(void)
{
	fs_begin(20);
	int fd = OK(open("f", O_CREAT | O_RDWR, 0644));
	CHECK(write(fd, "0123456789", 10) == 10, "write");
	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "offset after write");
	char buf[32];
	CHECK(read(fd, buf, sizeof buf) == 0, "read at EOF not 0");
	CHECK(pread(fd, buf, 4, 3) == 4 && !memcmp(buf, "3456", 4), "pread");
	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "pread moved the offset");
	CHECK(pwrite(fd, "ab", 2, 8) == 2, "pwrite");
	CHECK(pwrite(fd, "Z", 1, 20) == 1, "pwrite past the end");
	CHECK(lseek(fd, 0, SEEK_CUR) == 10, "pwrite moved the offset");
	CHECK(pread(fd, buf, sizeof buf, 0) == 21, "size after gap write");
	CHECK(!memcmp(buf, "01234567ab", 10) && buf[10] == 0 && buf[19] == 0 && buf[20] == 'Z',
	      "contents after pwrite");
	CHECK(pread(fd, buf, 10, 18) == 3, "short pread at the end");
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_ERR(pwrite(fd, buf, 1, -1), EINVAL);

	/* vectors */
	struct iovec w[3] = { { "ab", 2 }, { "", 0 }, { "cde", 3 } };
	OK(lseek(fd, 0, SEEK_SET));
	CHECK(writev(fd, w, 3) == 5, "writev");
	CHECK(lseek(fd, 0, SEEK_CUR) == 5, "writev offset");
	char x[2], y[4];
	struct iovec r[2] = { { x, 2 }, { y, 4 } };
	OK(lseek(fd, 0, SEEK_SET));
	CHECK(readv(fd, r, 2) == 6 && !memcmp(x, "ab", 2) && !memcmp(y, "cde5", 4), "readv");
	CHECK(preadv(fd, r, 2, 19) == 2 && x[0] == 0 && x[1] == 'Z', "preadv at the end");
	CHECK(pwritev(fd, w, 3, 30) == 5, "pwritev");
	CHECK(pread(fd, buf, 5, 30) == 5 && !memcmp(buf, "abcde", 5), "pwritev contents");
	struct iovec neg[2] = { { x, 1 }, { y, (size_t)-1 } };
	CHECK_ERR(readv(fd, neg, 2), EINVAL);
	CHECK_ERR(readv(fd, r, -1), EINVAL);
	CHECK_ERR(readv(fd, r, 1025), EINVAL); /* UIO_MAXIOV is 1024 */
	CHECK_ERR(writev(fd, w, 1025), EINVAL);

	/* bad buffers */
	OK(lseek(fd, 0, SEEK_SET));
	CHECK_ERR(read(fd, BAD_PTR, 4), EFAULT);
	CHECK_ERR(write(fd, BAD_PTR, 4), EFAULT);
	CHECK_ERR(pread(fd, BAD_PTR, 4, 0), EFAULT);
	CHECK_ERR(readv(fd, BAD_PTR, 1), EFAULT);
	struct iovec bad[1] = { { BAD_PTR, 4 } };
	CHECK_ERR(writev(fd, bad, 1), EFAULT);
	CHECK(write(fd, buf, 0) == 0, "zero-length write");
	OK(close(fd));

	/* wrong mode */
	fd = OK(open("f", O_RDONLY));
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_ERR(pwrite(fd, "x", 1, 0), EBADF);
	CHECK_ERR(writev(fd, w, 1), EBADF);
	OK(close(fd));
	fd = OK(open("f", O_WRONLY));
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(pread(fd, buf, 1, 0), EBADF);
	CHECK_ERR(readv(fd, r, 1), EBADF);
	OK(close(fd));

	OK(mkdir("d", 0755));
	fd = OK(open("d", O_RDONLY));
	CHECK_ERR(read(fd, buf, 1), EISDIR);
	OK(close(fd));
	fs_end();
	return 0;
}
