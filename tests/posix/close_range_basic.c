/* close_range closes the open descriptors of a range (closed ones in it are
 * no error), or with CLOSE_RANGE_CLOEXEC marks them close-on-exec; a range
 * past the table's end and ~0U as its end are fine; first > last and an
 * unknown flag are EINVAL. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/syscall.h>

#ifndef SYS_close_range
#define SYS_close_range 436
#endif
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

static long close_range(unsigned first, unsigned last, unsigned flags)
{
	return syscall(SYS_close_range, first, last, flags);
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

int main(void)
{
	watchdog(30);
	int fds[6];
	for (int i = 0; i < 6; i++) {
		fds[i] = open("/dev/null", O_RDONLY);
		CHECK(fds[i] >= 0, "open: %s", strerror(errno));
	}
	int lo = fds[0], hi = fds[5];
	CHECK(hi == lo + 5, "descriptors %d..%d are not consecutive", lo, hi);

	errno = 0;
	CHECK(close_range(hi, lo, 0) == -1 && errno == EINVAL, "first > last: not EINVAL");
	errno = 0;
	CHECK(close_range(lo, hi, 1U << 7) == -1 && errno == EINVAL, "unknown flag: not EINVAL");

	CHECK(close_range(lo + 1, lo + 2, CLOSE_RANGE_CLOEXEC) == 0, "CLOEXEC: %s", strerror(errno));
	CHECK(is_open(lo + 1) && (fcntl(lo + 1, F_GETFD) & FD_CLOEXEC) &&
	      (fcntl(lo + 2, F_GETFD) & FD_CLOEXEC) && !(fcntl(lo + 3, F_GETFD) & FD_CLOEXEC),
	      "CLOSE_RANGE_CLOEXEC did not mark exactly its range");

	close(lo + 3); /* a hole in the range is no error */
	CHECK(close_range(lo + 2, lo + 4, 0) == 0, "close_range: %s", strerror(errno));
	CHECK(is_open(lo) && is_open(lo + 1) && !is_open(lo + 2) && !is_open(lo + 4) &&
	      is_open(lo + 5), "close_range closed the wrong descriptors");

	CHECK(close_range(lo + 5, ~0U, CLOSE_RANGE_UNSHARE) == 0, "to ~0U: %s", strerror(errno));
	CHECK(!is_open(lo + 5) && is_open(lo), "close_range to ~0U");
	CHECK(close_range(100000, 100001, 0) == 0, "a range past the table: %s", strerror(errno));
	CHECK(is_open(0) && is_open(1), "stdin/stdout closed");
	return 0;
}
