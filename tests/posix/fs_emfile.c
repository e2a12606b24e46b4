/* Descriptor limits: with RLIMIT_NOFILE set to 16, open/dup/fcntl(F_DUPFD)
 * fail with EMFILE once descriptors 0..15 are used, dup2 to 16 or above is
 * EBADF, F_DUPFD at or above the limit EINVAL, and closing one makes the
 * lowest free number available again. */
#include "fstest.h"
#include <sys/resource.h>

#define LIMIT 16

int main(void)
{
	fs_begin(20);
	fs_put("f", "x");
	struct rlimit rl = { LIMIT, LIMIT };
	OK(setrlimit(RLIMIT_NOFILE, &rl));
	struct rlimit got;
	OK(getrlimit(RLIMIT_NOFILE, &got));
	CHECK(got.rlim_cur == LIMIT, "RLIMIT_NOFILE is %ld", (long)got.rlim_cur);
	int last = -1, count = 0;
	for (;;) {
		int fd = open("f", O_RDONLY);
		if (fd < 0) {
			CHECK(errno == EMFILE, "open failed with %s, expected EMFILE", strerror(errno));
			break;
		}
		CHECK(fd > last, "descriptor %d not increasing", fd);
		last = fd;
		CHECK(++count <= LIMIT, "more than %d descriptors", LIMIT);
	}
	CHECK(last == LIMIT - 1, "last descriptor %d, expected %d", last, LIMIT - 1);
	CHECK_ERR(dup(0), EMFILE);
	CHECK_ERR(fcntl(0, F_DUPFD, 0), EMFILE);
	CHECK_ERR(open("f", O_RDONLY), EMFILE);
	CHECK_ERR(dup2(0, LIMIT), EBADF);
	CHECK_ERR(fcntl(0, F_DUPFD, LIMIT), EINVAL);
	int p[2];
	CHECK_ERR(pipe(p), EMFILE);
	OK(close(5));
	CHECK(open("f", O_RDONLY) == 5, "the freed descriptor 5 was not reused");
	OK(close(7));
	OK(close(9));
	CHECK(dup(0) == 7, "dup takes the lowest free descriptor");
	CHECK(fcntl(0, F_DUPFD, 8) == 9, "F_DUPFD from 8");
	OK(dup2(0, LIMIT - 1)); /* replacing an open descriptor below the limit */
	for (int fd = 3; fd < LIMIT; fd++)
		OK(close(fd));
	fs_end();
	return 0;
}
