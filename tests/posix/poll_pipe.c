/* poll on pipes: an empty pipe's read end is not ready and a poll with a
 * timeout returns 0 after it; written data makes it POLLIN (also from a
 * blocked poll woken by another process's write); the write end is POLLOUT;
 * closing the last writer gives POLLHUP, the last reader POLLERR on the write
 * end; a regular file is always ready; a closed fd is POLLNVAL and a negative one is ignored; more entries
 * than the RLIMIT_NOFILE soft limit is EINVAL. */
#include "ptest.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>

int main(void)
{
	watchdog(20);
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	struct pollfd f[3] = { { p[0], POLLIN, 0 }, { p[1], POLLOUT, 0 }, { -1, POLLIN, 123 } };
	int r = poll(f, 3, 0);
	CHECK(r == 1, "poll of an empty pipe gave %d, expected 1 (the write end)", r);
	CHECK(f[0].revents == 0 && f[1].revents == POLLOUT && f[2].revents == 0,
	      "revents %#x %#x %#x", f[0].revents, f[1].revents, f[2].revents);

	r = poll(f, 1, 100);
	CHECK(r == 0 && f[0].revents == 0, "timed-out poll gave %d revents %#x", r, f[0].revents);

	CHECK(write(p[1], "x", 1) == 1, "write failed");
	r = poll(f, 1, -1);
	CHECK(r == 1 && f[0].revents == POLLIN, "poll with data gave %d revents %#x", r, f[0].revents);
	char c;
	read(p[0], &c, 1);

	/* A poll blocked with no timeout is woken by a child's write. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 2);
	}
	r = poll(f, 1, -1);
	CHECK(r == 1 && f[0].revents == POLLIN, "woken poll gave %d revents %#x", r, f[0].revents);
	wait_for(pid);
	read(p[0], &c, 1);

	/* The last writer closes (in a child that exits): POLLHUP. */
	pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		_exit(0);
	}
	close(p[1]);
	r = poll(f, 1, 10000);
	CHECK(r == 1 && (f[0].revents & POLLHUP) && !(f[0].revents & POLLIN),
	      "poll after the writers left gave %d revents %#x, expected POLLHUP", r, f[0].revents);
	wait_for(pid);

	/* POLLNVAL for a closed descriptor. */
	f[1].fd = p[1];
	f[1].events = POLLOUT;
	r = poll(&f[1], 1, 0);
	CHECK(r == 1 && f[1].revents == POLLNVAL, "closed fd: %d revents %#x", r, f[1].revents);

	/* POLLERR on a write end without readers. */
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	close(p[0]);
	struct pollfd w = { p[1], POLLOUT, 0 };
	r = poll(&w, 1, 0);
	CHECK(r == 1 && (w.revents & POLLERR), "write end without readers: %d revents %#x", r, w.revents);

	/* A regular file is always ready both ways. */
	int fd = open("/tmp/poll_pipe.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0, "open: %s", strerror(errno));
	unlink("/tmp/poll_pipe.tmp");
	struct pollfd rf = { fd, POLLIN | POLLOUT, 0 };
	r = poll(&rf, 1, -1);
	CHECK(r == 1 && rf.revents == (POLLIN | POLLOUT), "regular file: %d revents %#x", r, rf.revents);

	/* More entries than RLIMIT_NOFILE allows descriptors: EINVAL. */
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = 64;
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit: %s", strerror(errno));
	static struct pollfd many[65];
	for (int i = 0; i < 65; i++)
		many[i].fd = -1;
	r = poll(many, 64, 0);
	CHECK(r == 0, "poll of 64 ignored entries gave %d (%s)", r, strerror(errno));
	r = poll(many, 65, 0);
	CHECK(r == -1 && errno == EINVAL, "poll of 65 entries with a limit of 64 gave %d (%s)", r,
	      strerror(errno));
	return 0;
}
