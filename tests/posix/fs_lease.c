/* File leases (F_SETLEASE/F_GETLEASE) as Linux: a read lease stands until
 * someone opens the file for writing; the holder gets SIGIO, F_GETLEASE
 * then says what it must become (F_UNLCK), an O_NONBLOCK opener gets
 * EWOULDBLOCK and a blocking one waits until the holder gives the lease
 * up; a write lease is broken by any open, and when the holder does not
 * answer within /proc/sys/fs/lease-break-time a reader's break downgrades
 * it to a read lease. A read lease needs no writer open (EAGAIN), a write
 * lease no other open; truncate(2) breaks a lease as an opener for
 * writing does; only the owner may take one (EACCES); not on pipes
 * or with a bad type (EINVAL); F_UNLCK without a lease is EAGAIN. */
#include "fstest.h"
#include <fcntl.h>
#include <time.h>

static int got_sigio(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGIO);
	struct timespec bound = { 5, 0 };
	siginfo_t si;
	return sigtimedwait(&set, &si, &bound) == SIGIO;
}

static int put_sys(const char *v)
{
	int fd = open("/proc/sys/fs/lease-break-time", O_WRONLY);
	if (fd < 0)
		return -1;
	int r = write(fd, v, strlen(v)) == (ssize_t)strlen(v) ? 0 : -1;
	close(fd);
	return r;
}

int main(void)
{
	fs_begin(60);
	if (getuid() != 0)
		fail("must run as root");
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGIO);
	CHECK(sigprocmask(SIG_BLOCK, &block, NULL) == 0, "sigprocmask");
	fs_put("f", "data");

	int fd = OK(open("f", O_RDONLY));
	CHECK_ERR(fcntl(fd, F_SETLEASE, F_UNLCK), EAGAIN);
	CHECK_ERR(fcntl(fd, F_SETLEASE, 99), EINVAL);
	OK(fcntl(fd, F_SETLEASE, F_RDLCK));
	CHECK(fcntl(fd, F_GETLEASE) == F_RDLCK, "F_GETLEASE %d", fcntl(fd, F_GETLEASE));
	int other = OK(open("f", O_RDONLY | O_NONBLOCK)); /* readers do not break a read lease */
	close(other);

	/* A writer breaks it. */
	pid_t child = fork_or_fail();
	if (child == 0)
		_exit(open("f", O_WRONLY | O_NONBLOCK) == -1 && errno == EWOULDBLOCK ? 0 : 1);
	CHECK(wait_for(child) == 0, "a non-blocking writer did not get EWOULDBLOCK");
	CHECK(got_sigio(), "the holder got no SIGIO");
	CHECK(fcntl(fd, F_GETLEASE) == F_UNLCK, "during the break F_GETLEASE says %d", fcntl(fd, F_GETLEASE));
	child = fork_or_fail();
	if (child == 0) {
		int w = open("f", O_WRONLY);
		_exit(w >= 0 ? 0 : 1);
	}
	usleep(200000); /* the writer waits */
	CHECK(waitpid(child, NULL, WNOHANG) == 0, "the writer did not wait for the lease");
	OK(fcntl(fd, F_SETLEASE, F_UNLCK));
	CHECK(wait_for(child) == 0, "the writer's open failed once the lease was given up");

	/* truncate(2) breaks a lease as a writer does, and waits. */
	OK(fcntl(fd, F_SETLEASE, F_RDLCK));
	child = fork_or_fail();
	if (child == 0)
		_exit(truncate("f", 2) == 0 ? 0 : 1);
	usleep(200000);
	CHECK(waitpid(child, NULL, WNOHANG) == 0, "truncate did not wait for the lease");
	CHECK(got_sigio(), "truncate: the holder got no SIGIO");
	OK(fcntl(fd, F_SETLEASE, F_UNLCK));
	CHECK(wait_for(child) == 0, "truncate failed once the lease was given up");
	struct stat st2;
	CHECK(stat("f", &st2) == 0 && st2.st_size == 2, "truncate did not truncate");

	/* A read lease with a writer open: EAGAIN. */
	int w = OK(open("f", O_WRONLY));
	CHECK_ERR(fcntl(fd, F_SETLEASE, F_RDLCK), EAGAIN);
	close(w);

	/* A write lease, broken by a reader the holder does not answer. */
	OK(fcntl(fd, F_SETLEASE, F_WRLCK));
	CHECK(fcntl(fd, F_GETLEASE) == F_WRLCK, "F_GETLEASE %d", fcntl(fd, F_GETLEASE));
	CHECK(put_sys("1\n") == 0, "lease-break-time");
	child = fork_or_fail();
	if (child == 0)
		_exit(open("f", O_RDONLY) >= 0 ? 0 : 1);
	int st = wait_for(child);
	put_sys("45\n");
	CHECK(st == 0, "the reader's open failed after the break time");
	CHECK(got_sigio(), "the write lease's holder got no SIGIO");
	CHECK(fcntl(fd, F_GETLEASE) == F_RDLCK, "after the break time the lease is %d, not F_RDLCK",
	      fcntl(fd, F_GETLEASE));
	OK(fcntl(fd, F_SETLEASE, F_UNLCK));

	/* Only the owner; only regular files. */
	OK(chmod(fs_dir, 0777));
	OK(chmod("f", 0644));
	child = fork_or_fail();
	if (child == 0) {
		if (setuid(1000) != 0)
			_exit(2);
		int r = open("f", O_RDONLY);
		_exit(r >= 0 && fcntl(r, F_SETLEASE, F_RDLCK) == -1 && errno == EACCES ? 0 : 3);
	}
	CHECK(wait_for(child) == 0, "a lease on another user's file: not EACCES");
	int p[2];
	OK(pipe(p));
	CHECK_ERR(fcntl(p[0], F_SETLEASE, F_RDLCK), EINVAL);
	close(fd);
	fs_end();
	return 0;
}
