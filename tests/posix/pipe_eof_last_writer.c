/* A pipe reader sees end of file only when the last write end is closed: a
 * second writer (a dup, and a forked child's copy) keeps it open, and a
 * reader blocked on the empty pipe wakes with 0 when the last writer goes. */
#include "ptest.h"
#include <fcntl.h>

int main(void)
{
	watchdog(20);
	int p[2];
	CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
	int w2 = dup(p[1]);
	CHECK(w2 >= 0, "dup: %s", strerror(errno));
	CHECK(write(p[1], "ab", 2) == 2, "write: %s", strerror(errno));
	close(p[1]);
	char buf[8];
	CHECK(read(p[0], buf, sizeof buf) == 2, "read of the data failed");
	/* w2 still open: a non-blocking read says EAGAIN, not EOF. */
	int fl = fcntl(p[0], F_GETFL);
	fcntl(p[0], F_SETFL, fl | O_NONBLOCK);
	ssize_t r = read(p[0], buf, sizeof buf);
	CHECK(r == -1 && errno == EAGAIN, "read with a writer left gave %zd (%s), expected EAGAIN",
	      r, strerror(errno));
	fcntl(p[0], F_SETFL, fl);

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		/* The child holds the last writer; it writes, waits, and exits. */
		close(p[0]);
		pid_t pid2 = fork_or_fail();
		if (pid2 == 0)
			_exit(0); /* a grandchild's copy goes away at once */
		wait_for(pid2);
		usleep(200000);
		_exit(write(w2, "c", 1) == 1 ? 0 : 2);
	}
	/* A writer is left only in the child now (w2 closed below). */
	close(w2);
	r = read(p[0], buf, sizeof buf);
	CHECK(r == 1 && buf[0] == 'c', "read of the child's byte gave %zd", r);
	r = read(p[0], buf, sizeof buf); /* blocks until the child exits */
	CHECK(r == 0, "read after the last writer went gave %zd (%s), expected 0", r, strerror(errno));
	int st = wait_for(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%x", st);
	return 0;
}
