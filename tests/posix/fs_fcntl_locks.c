/* fcntl record locks between two processes: F_SETLK conflicts (EAGAIN),
 * F_GETLK reports the holder (type, range, pid), shared read locks, ranges
 * split by a partial unlock, F_SETLKW waiting until the holder closes ANY
 * descriptor of the file, locks not inherited by fork and dropped at exit,
 * EDEADLK for two processes waiting on each other, EBADF for a lock the
 * open mode does not allow, and OFD locks (per open file description). */
#include "fstest.h"
#include <time.h>

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

/* F_GETLK for a write lock on [start, start+len): the conflicting lock. */
static struct flock probe(int fd, int cmd, off_t start, off_t len)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	if (fcntl(fd, cmd, &fl) < 0)
		fail("F_GETLK: %s", strerror(errno));
	return fl;
}

static void put(int fd, char c)
{
	if (write(fd, &c, 1) != 1)
		fail("pipe write: %s", strerror(errno));
}

static char get(int fd)
{
	char c;
	if (read(fd, &c, 1) != 1)
		fail("pipe read: %s", strerror(errno));
	return c;
}

int main(void)
{
	fs_begin(30);
	fs_put("f", "0123456789abcdefghij");
	int fd = OK(open("f", O_RDWR));
	int to_child[2], to_parent[2];
	OK(pipe(to_child));
	OK(pipe(to_parent));
	pid_t parent = getpid();

	OK(lk(fd, F_SETLK, F_WRLCK, 0, 10));
	OK(lk(fd, F_SETLK, F_WRLCK, 0, 10)); /* again: one's own lock is no conflict */
	CHECK(probe(fd, F_GETLK, 0, 10).l_type == F_UNLCK, "own lock reported as a conflict");

	pid_t pid = fork_or_fail();
	if (pid == 0) {
		int cfd = OK(open("f", O_RDWR));
		/* the parent's lock is not ours, even after fork */
		struct flock fl = probe(fd, F_GETLK, 5, 1);
		CHECK(fl.l_type == F_WRLCK && fl.l_start == 0 && fl.l_len == 10 && fl.l_pid == parent,
		      "F_GETLK: type %d start %ld len %ld pid %d", fl.l_type, (long)fl.l_start,
		      (long)fl.l_len, (int)fl.l_pid);
		CHECK_ERR(lk(cfd, F_SETLK, F_WRLCK, 0, 10), EAGAIN);
		CHECK_ERR(lk(cfd, F_SETLK, F_RDLCK, 9, 5), EAGAIN);
		OK(lk(cfd, F_SETLK, F_WRLCK, 10, 5));   /* beside it: free */
		OK(lk(cfd, F_SETLK, F_UNLCK, 10, 5));
		put(to_parent[1], 'a');
		CHECK(get(to_child[0]) == 'b', "sync b");
		/* the parent unlocked [4, 6): split in two */
		CHECK(probe(cfd, F_GETLK, 4, 2).l_type == F_UNLCK, "hole in the split lock");
		fl = probe(cfd, F_GETLK, 5, 100);
		CHECK(fl.l_start == 6 && fl.l_len == 4, "upper part: start %ld len %ld", (long)fl.l_start,
		      (long)fl.l_len);
		fl = probe(cfd, F_GETLK, 0, 5);
		CHECK(fl.l_start == 0 && fl.l_len == 4, "lower part: start %ld len %ld", (long)fl.l_start,
		      (long)fl.l_len);
		/* wait for the whole range: the parent closes another descriptor */
		put(to_parent[1], 'c');
		OK(lk(cfd, F_SETLKW, F_WRLCK, 0, 10));
		put(to_parent[1], 'd');
		CHECK(get(to_child[0]) == 'e', "sync e");
		_exit(0); /* exit drops the lock */
	}
	CHECK(get(to_parent[0]) == 'a', "sync a");
	OK(lk(fd, F_SETLK, F_UNLCK, 4, 2));
	put(to_child[1], 'b');
	CHECK(get(to_parent[0]) == 'c', "sync c");
	/* the child is (about to be) waiting: it must not have the lock yet */
	struct timespec pause = { 0, 100 * 1000 * 1000 };
	nanosleep(&pause, NULL);
	OK(fcntl(to_parent[0], F_SETFL, O_NONBLOCK));
	char c;
	CHECK_ERR(read(to_parent[0], &c, 1), EAGAIN);
	OK(fcntl(to_parent[0], F_SETFL, 0));
	int other = OK(open("f", O_RDONLY));
	OK(close(other)); /* closing ANY descriptor of the file drops our locks */
	CHECK(get(to_parent[0]) == 'd', "sync d");
	struct flock fl = probe(fd, F_GETLK, 0, 1);
	CHECK(fl.l_type == F_WRLCK && fl.l_pid == pid, "the child's lock: type %d pid %d", fl.l_type, (int)fl.l_pid);
	put(to_child[1], 'e');
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %#x", status);
	CHECK(probe(fd, F_GETLK, 0, 100).l_type == F_UNLCK, "lock survived its process");

	/* deadlock: each holds one byte and waits for the other's */
	OK(lk(fd, F_SETLK, F_WRLCK, 0, 1));
	pid = fork_or_fail();
	if (pid == 0) {
		int cfd = OK(open("f", O_RDWR));
		OK(lk(cfd, F_SETLK, F_WRLCK, 1, 1));
		put(to_parent[1], 'x');
		int r = lk(cfd, F_SETLKW, F_WRLCK, 0, 1);
		if (r < 0 && errno == EDEADLK) {
			OK(lk(cfd, F_SETLK, F_UNLCK, 1, 1));
			_exit(2);
		}
		CHECK(r == 0, "child F_SETLKW: %s", strerror(errno));
		_exit(0);
	}
	CHECK(get(to_parent[0]) == 'x', "sync x");
	nanosleep(&pause, NULL); /* let the child start waiting */
	int r = lk(fd, F_SETLKW, F_WRLCK, 1, 1);
	int parent_deadlock = r < 0 && errno == EDEADLK;
	CHECK(r == 0 || parent_deadlock, "parent F_SETLKW: %s", strerror(errno));
	if (parent_deadlock)
		OK(lk(fd, F_SETLK, F_UNLCK, 0, 1));
	else
		OK(lk(fd, F_SETLK, F_UNLCK, 0, 2));
	status = wait_for(pid);
	CHECK(WIFEXITED(status), "deadlock child died: %#x", status);
	CHECK(parent_deadlock + (WEXITSTATUS(status) == 2) == 1, "EDEADLK seen by parent %d, child %d",
	      parent_deadlock, WEXITSTATUS(status) == 2);

	/* the open mode must allow the lock type */
	int ro = OK(open("f", O_RDONLY)), wo = OK(open("f", O_WRONLY));
	CHECK_ERR(lk(ro, F_SETLK, F_WRLCK, 0, 1), EBADF);
	CHECK_ERR(lk(wo, F_SETLK, F_RDLCK, 0, 1), EBADF);
	CHECK_ERR(lk(ro, F_SETLK, 7, 0, 1), EINVAL);
	struct flock bad = { .l_type = F_RDLCK, .l_whence = 9 };
	CHECK_ERR(fcntl(ro, F_SETLK, &bad), EINVAL);
	CHECK_ERR(lk(ro, F_SETLK, F_RDLCK, -5, 1), EINVAL);
	OK(lk(ro, F_SETLK, F_RDLCK, 0, 0));
	OK(lk(ro, F_SETLK, F_UNLCK, 0, 0));

	/* OFD locks belong to the open file description */
	OK(lk(ro, F_OFD_SETLK, F_RDLCK, 0, 5));
	int dupd = OK(dup(ro));
	OK(lk(dupd, F_OFD_SETLK, F_RDLCK, 0, 10));       /* same description */
	OK(lk(fd, F_OFD_SETLK, F_RDLCK, 0, 10));         /* read locks share */
	CHECK_ERR(lk(fd, F_OFD_SETLK, F_WRLCK, 0, 10), EAGAIN);
	CHECK_ERR(lk(fd, F_SETLK, F_WRLCK, 0, 1), EAGAIN); /* a POSIX lock conflicts with it */
	fl = probe(fd, F_OFD_GETLK, 0, 10);
	CHECK(fl.l_type == F_RDLCK && fl.l_pid == -1, "F_OFD_GETLK: type %d pid %d", fl.l_type, (int)fl.l_pid);
	struct flock withpid = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_pid = 1 };
	CHECK_ERR(fcntl(ro, F_OFD_SETLK, &withpid), EINVAL);
	OK(close(ro));  /* the description lives on in dupd */
	CHECK_ERR(lk(fd, F_OFD_SETLK, F_WRLCK, 0, 10), EAGAIN);
	OK(close(dupd));
	OK(lk(fd, F_OFD_SETLK, F_UNLCK, 0, 10));
	OK(lk(fd, F_OFD_SETLK, F_WRLCK, 0, 10));
	OK(close(wo));
	OK(close(fd));
	CHECK_ERR(lk(fd, F_SETLK, F_RDLCK, 0, 1), EBADF);
	fs_end();
	return 0;
}
