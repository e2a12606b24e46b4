/* eventfd2: a counter behind a descriptor. A read takes the whole count
 * (EFD_SEMAPHORE: 1), a write adds; short buffers and the value
 * 0xffffffffffffffff are EINVAL, unknown flags EINVAL; an empty counter's
 * read and an overflowing write are EAGAIN with EFD_NONBLOCK; poll shows
 * POLLIN/POLLOUT; a blocked read wakes when another process writes. */
#include "ptest.h"
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <time.h>

static uint64_t get(int fd)
{
	uint64_t v = 0;
	CHECK(read(fd, &v, sizeof v) == sizeof v, "read: %s", strerror(errno));
	return v;
}

static void put(int fd, uint64_t v)
{
	CHECK(write(fd, &v, sizeof v) == sizeof v, "write %llu: %s", (unsigned long long)v,
	      strerror(errno));
}

static short ready(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	CHECK(poll(&p, 1, 0) >= 0, "poll: %s", strerror(errno));
	return p.revents;
}

int main(void)
{
	watchdog(30);
	errno = 0;
	CHECK(eventfd(0, 0x40000000) == -1 && errno == EINVAL, "unknown flag: not EINVAL");

	int fd = eventfd(3, EFD_NONBLOCK | EFD_CLOEXEC);
	CHECK(fd >= 0, "eventfd: %s", strerror(errno));
	CHECK((fcntl(fd, F_GETFD) & FD_CLOEXEC) && (fcntl(fd, F_GETFL) & O_NONBLOCK),
	      "EFD_CLOEXEC/EFD_NONBLOCK not on the descriptor");
	CHECK(ready(fd) == (POLLIN | POLLOUT), "poll of a count of 3: %#x", ready(fd));
	put(fd, 4);
	CHECK(get(fd) == 7, "the count is not the sum");
	CHECK(ready(fd) == POLLOUT, "poll of 0: %#x", ready(fd));
	uint64_t v;
	errno = 0;
	CHECK(read(fd, &v, sizeof v) == -1 && errno == EAGAIN, "empty read: not EAGAIN");
	errno = 0;
	CHECK(read(fd, &v, 4) == -1 && errno == EINVAL, "4-byte read: not EINVAL");
	v = 1;
	errno = 0;
	CHECK(write(fd, &v, 7) == -1 && errno == EINVAL, "7-byte write: not EINVAL");
	v = UINT64_MAX;
	errno = 0;
	CHECK(write(fd, &v, sizeof v) == -1 && errno == EINVAL, "writing 2^64-1: not EINVAL");
	put(fd, UINT64_MAX - 1); /* the most it holds */
	CHECK(ready(fd) == POLLIN, "poll of a full counter: %#x", ready(fd));
	v = 1;
	errno = 0;
	CHECK(write(fd, &v, sizeof v) == -1 && errno == EAGAIN, "overflowing write: not EAGAIN");
	CHECK(get(fd) == UINT64_MAX - 1, "the full count");
	uint64_t two[2] = { 5, 9 };
	CHECK(write(fd, two, sizeof two) == 8, "a 16-byte write moves 8");
	CHECK(read(fd, two, sizeof two) == 8 && two[0] == 5, "a 16-byte read moves 8");
	close(fd);

	/* EFD_SEMAPHORE: each read takes 1. */
	fd = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
	CHECK(fd >= 0, "eventfd(EFD_SEMAPHORE): %s", strerror(errno));
	CHECK(get(fd) == 1 && get(fd) == 1, "semaphore reads are not 1");
	errno = 0;
	CHECK(read(fd, &v, sizeof v) == -1 && errno == EAGAIN, "semaphore at 0: not EAGAIN");
	close(fd);

	/* A blocking read waits for another process's write. */
	fd = eventfd(0, 0);
	CHECK(fd >= 0, "eventfd: %s", strerror(errno));
	pid_t child = fork_or_fail();
	if (child == 0) {
		struct timespec t = { 0, 100 * 1000000L };
		nanosleep(&t, NULL);
		put(fd, 42);
		_exit(0);
	}
	CHECK(get(fd) == 42, "the blocked read did not get the child's 42");
	CHECK(WIFEXITED(wait_for(child)), "the writer failed");
	close(fd);
	return 0;
}
