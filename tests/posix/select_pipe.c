/* select on pipes: the read set keeps only ready descriptors, the write set
 * shows a pipe's write end ready; a timeout returns 0 with the sets emptied
 * and the timeval brought to zero (Linux updates it with the time left);
 * data written by another process wakes a blocked select, which leaves the
 * time left in the timeval; a closed descriptor in a set is EBADF. */
#include "ptest.h"
#include <sys/select.h>
#include <sys/syscall.h>

/* The select syscall itself: musl passes the kernel a copy of the timeval,
 * so the time-left update is only seen this way. */
static int raw_select(int n, fd_set *r, fd_set *w, fd_set *e, struct timeval *tv)
{
	return (int)syscall(SYS_select, n, r, w, e, tv);
}

int main(void)
{
	watchdog(20);
	int p[2], q[2];
	CHECK(pipe(p) == 0 && pipe(q) == 0, "pipe: %s", strerror(errno));
	CHECK(write(q[1], "z", 1) == 1, "write failed");
	fd_set rd, wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(q[0], &rd);
	FD_SET(p[1], &wr);
	int n = (p[1] > q[1] ? p[1] : q[1]) + 1;
	struct timeval tv = { 5, 0 };
	int r = select(n, &rd, &wr, NULL, &tv);
	CHECK(r == 2, "select gave %d, expected 2", r);
	CHECK(!FD_ISSET(p[0], &rd) && FD_ISSET(q[0], &rd) && FD_ISSET(p[1], &wr),
	      "wrong sets: p0 %d q0 %d p1 %d", FD_ISSET(p[0], &rd), FD_ISSET(q[0], &rd),
	      FD_ISSET(p[1], &wr));

	/* Timeout: 0, empty set, timeval at zero. */
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv.tv_sec = 0;
	tv.tv_usec = 150000;
	r = raw_select(n, &rd, NULL, NULL, &tv);
	CHECK(r == 0, "timed-out select gave %d (%s)", r, strerror(errno));
	CHECK(!FD_ISSET(p[0], &rd), "the read set still has the fd after a timeout");
	CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "timeval after the timeout: %ld.%06ld",
	      (long)tv.tv_sec, (long)tv.tv_usec);

	/* Woken by a child's write, with time left. */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		usleep(200000);
		_exit(write(p[1], "y", 1) == 1 ? 0 : 2);
	}
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv.tv_sec = 10;
	tv.tv_usec = 0;
	r = raw_select(n, &rd, NULL, NULL, &tv);
	CHECK(r == 1 && FD_ISSET(p[0], &rd), "woken select gave %d", r);
	CHECK(tv.tv_sec < 10 && tv.tv_sec >= 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000,
	      "timeval after the wakeup: %ld.%06ld, expected the time left", (long)tv.tv_sec,
	      (long)tv.tv_usec);
	wait_for(pid);

	/* A closed descriptor: EBADF. */
	close(q[0]);
	FD_ZERO(&rd);
	FD_SET(q[0], &rd);
	tv.tv_sec = 0;
	tv.tv_usec = 0;
	r = select(n, &rd, NULL, NULL, &tv);
	CHECK(r == -1 && errno == EBADF, "select on a closed fd gave %d (%s)", r, strerror(errno));
	r = select(-1, NULL, NULL, NULL, &tv);
	CHECK(r == -1 && errno == EINVAL, "select with nfds -1 gave %d (%s)", r, strerror(errno));
	return 0;
}
