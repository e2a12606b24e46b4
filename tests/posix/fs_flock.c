/* flock(2): exclusive and shared locks per open file description (dup and
 * fork share one, a second open is another), LOCK_NB failing with
 * EWOULDBLOCK, converting, LOCK_UN, a blocked LOCK_EX waking when the holder
 * closes, independence from fcntl locks, EINVAL and EBADF. */
#include "fstest.h"
#include <sys/file.h>

int main(void)
{
	fs_begin(30);
	fs_put("f", "x");
	int a = OK(open("f", O_RDONLY)), b = OK(open("f", O_RDONLY));
	OK(flock(a, LOCK_EX));
	CHECK_ERR(flock(b, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	CHECK_ERR(flock(b, LOCK_SH | LOCK_NB), EWOULDBLOCK);
	int a2 = OK(dup(a));
	OK(flock(a2, LOCK_EX | LOCK_NB)); /* the same description */
	/* fcntl locks are another world */
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	OK(fcntl(b, F_SETLK, &fl));
	fl.l_type = F_UNLCK;
	OK(fcntl(b, F_SETLK, &fl));

	/* fork shares the description: the child may convert it */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		OK(flock(a, LOCK_SH | LOCK_NB));
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %#x", status);
	/* now shared: b may share, not take it exclusively */
	OK(flock(b, LOCK_SH | LOCK_NB));
	CHECK_ERR(flock(a, LOCK_EX | LOCK_NB), EWOULDBLOCK);
	OK(flock(b, LOCK_UN));
	OK(flock(a, LOCK_EX | LOCK_NB)); /* upgrade once alone */
	OK(flock(a, LOCK_UN));
	OK(flock(a, LOCK_UN)); /* unlocking nothing is fine */

	/* a blocked LOCK_EX waits until the holder's description closes */
	OK(flock(a, LOCK_SH));
	int p[2];
	OK(pipe(p));
	pid = fork_or_fail();
	if (pid == 0) {
		OK(close(a)); /* the description must close in both processes */
		OK(close(a2));
		int c = OK(open("f", O_RDONLY));
		char m = 'w';
		OK(write(p[1], &m, 1));
		OK(flock(c, LOCK_EX));
		m = 'g';
		OK(write(p[1], &m, 1));
		_exit(0);
	}
	char m;
	CHECK(read(p[0], &m, 1) == 1 && m == 'w', "sync");
	OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], &m, 1), EAGAIN); /* still waiting: we hold LOCK_SH */
	OK(fcntl(p[0], F_SETFL, 0));
	OK(close(a));
	OK(close(a2)); /* the last descriptor of the description: lock gone */
	CHECK(read(p[0], &m, 1) == 1 && m == 'g', "the waiter did not get the lock");
	status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "waiter failed: %#x", status);
	OK(flock(b, LOCK_EX | LOCK_NB)); /* the waiter exited: free */

	CHECK_ERR(flock(b, 0), EINVAL);
	CHECK_ERR(flock(b, LOCK_SH | LOCK_EX), EINVAL);
	CHECK_ERR(flock(b, LOCK_NB), EINVAL);
	OK(close(b));
	CHECK_ERR(flock(b, LOCK_SH), EBADF);
	fs_end();
	return 0;
}
