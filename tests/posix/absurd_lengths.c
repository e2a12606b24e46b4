/* Absurd lengths from small valid buffers: write of SIZE_MAX gives EFAULT or
 * a short count (as Linux), read of SIZE_MAX returns only what there is,
 * getrandom of SIZE_MAX into 64 bytes fails or stops short, and a writev with
 * a huge iov_len is refused; nothing crashes and the file stays consistent. */
#include "ptest.h"
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <sys/uio.h>

int main(void)
{
	watchdog(30);
	static char small[64] = "sixty-four bytes of perfectly ordinary data, nothing to see....";
	int fd = open("/tmp/absurd_lengths.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open /tmp file: %s", strerror(errno));

	errno = 0;
	ssize_t r = write(fd, small, SIZE_MAX);
	CHECK((r == -1 && (errno == EFAULT || errno == EINVAL)) || (r >= 0 && r < (ssize_t)(1L << 31)),
	      "write(SIZE_MAX) returned %zd (%s)", r, strerror(errno));
	off_t size = lseek(fd, 0, SEEK_END);
	CHECK(size == (r > 0 ? r : 0), "the file holds %lld bytes after write returned %zd", (long long)size, r);

	CHECK(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "ftruncate: %s", strerror(errno));
	CHECK(write(fd, small, 16) == 16, "write 16: %s", strerror(errno));
	lseek(fd, 0, SEEK_SET);
	char in[64];
	errno = 0;
	r = read(fd, in, SIZE_MAX);
	CHECK(r == 16 || (r == -1 && (errno == EFAULT || errno == EINVAL)), "read(SIZE_MAX) of a 16-byte file returned %zd (%s)",
	      r, strerror(errno));
	r = read(fd, in, (size_t)SSIZE_MAX + 1);
	CHECK(r <= 0, "read past the end with a huge count returned %zd", r);

	/* getrandom fills until it faults (on Linux), so its 64-byte buffer sits
	 * right before an unmapped page, where running over harms nothing. */
	char *page = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(page != MAP_FAILED, "mmap: %s", strerror(errno));
	munmap(page + 4096, 4096);
	unsigned char *rnd = (unsigned char *)page + 4096 - 64;
	errno = 0;
	r = getrandom(rnd, SIZE_MAX, GRND_NONBLOCK);
	CHECK((r == -1 && (errno == EFAULT || errno == EINVAL || errno == EAGAIN)) || (r >= 0 && r <= 64),
	      "getrandom(SIZE_MAX) into 64 bytes returned %zd (%s)", r, strerror(errno));

	struct iovec iov[2] = { { small, 8 }, { small, SIZE_MAX - 1 } };
	errno = 0;
	r = writev(fd, iov, 2);
	CHECK(r == -1 && errno == EINVAL, "writev with an iov_len above SSIZE_MAX returned %zd (%s), expected EINVAL", r, strerror(errno));
	errno = 0;
	r = writev(fd, iov, 1 << 20);
	CHECK(r == -1 && errno == EINVAL, "writev with 2^20 iovecs returned %zd (%s), expected EINVAL", r, strerror(errno));
	errno = 0;
	r = syscall(SYS_write, fd, small, (size_t)-4096);
	CHECK((r == -1 && (errno == EFAULT || errno == EINVAL)) || r >= 0, "write(-4096) returned %zd", r);
	close(fd);
	unlink("/tmp/absurd_lengths.tmp");
	return 0;
}
