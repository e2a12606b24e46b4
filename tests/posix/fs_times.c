/* File times: utimensat with explicit times, UTIME_NOW, UTIME_OMIT, NULL
 * and AT_SYMLINK_NOFOLLOW; futimens, utimes, utime, futimesat; EINVAL for
 * a bad nanosecond field; EPERM/EACCES for a non-owner; and which calls move
 * atime (read), mtime+ctime (write, truncate, a directory's entries change)
 * or ctime only (chmod, chown, link, rename). Old stamps are set explicitly
 * to 1000 s, so "moved" means "is now later than that". */
#include "fstest.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <utime.h>
#include <time.h>

#define OLD 1000

static struct stat st_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		fail("lstat %s: %s", path, strerror(errno));
	return st;
}

/* atime and mtime of path back to OLD (ctime becomes now). */
static void age(const char *path)
{
	struct timespec t[2] = { { OLD, 0 }, { OLD, 0 } };
	OK(utimensat(AT_FDCWD, path, t, AT_SYMLINK_NOFOLLOW));
}

/* ctime of path is before what it becomes after op: wait for the clock to
   move on first (a coarse clock may stamp the same value twice). */
static void tick(void)
{
	struct timespec d = { 0, 20 * 1000 * 1000 };
	nanosleep(&d, NULL);
}

static long long ns(struct timespec t)
{
	return (long long)t.tv_sec * 1000000000 + t.tv_nsec;
}

int main(void)
{
	fs_begin(20);
	time_t t0 = time(NULL);
	fs_put("f", "data");
	struct stat st = st_of("f");
	CHECK(st.st_mtime >= t0 - 1 && st.st_atime >= t0 - 1 && st.st_ctime >= t0 - 1,
	      "new file times are not now");

	/* explicit, OMIT, NOW */
	struct timespec t[2] = { { 5000, 123 }, { 6000, 456 } };
	OK(utimensat(AT_FDCWD, "f", t, 0));
	st = st_of("f");
	CHECK(st.st_atim.tv_sec == 5000 && st.st_atim.tv_nsec == 123, "atime %ld.%ld",
	      (long)st.st_atim.tv_sec, st.st_atim.tv_nsec);
	CHECK(st.st_mtim.tv_sec == 6000 && st.st_mtim.tv_nsec == 456, "mtime");
	CHECK(st.st_ctime >= t0 - 1, "utimensat did not move ctime");
	struct timespec omit_now[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	OK(utimensat(AT_FDCWD, "f", omit_now, 0));
	st = st_of("f");
	CHECK(st.st_atim.tv_sec == 5000 && st.st_mtime >= t0 - 1, "OMIT/NOW: atime %ld mtime %ld",
	      (long)st.st_atime, (long)st.st_mtime);
	OK(utimensat(AT_FDCWD, "f", NULL, 0));
	CHECK(st_of("f").st_atime >= t0 - 1, "NULL times: atime not now");
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	CHECK_ERR(utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
	CHECK_ERR(utimensat(AT_FDCWD, "f", t, 0x8000), EINVAL);
	CHECK_ERR(utimensat(AT_FDCWD, "missing", t, 0), ENOENT);

	/* links: AT_SYMLINK_NOFOLLOW sets the link's own times */
	OK(symlink("f", "l"));
	OK(utimensat(AT_FDCWD, "l", t, AT_SYMLINK_NOFOLLOW));
	CHECK(st_of("l").st_mtime == 6000, "link mtime");
	OK(utimensat(AT_FDCWD, "l", NULL, 0));
	CHECK(st_of("f").st_mtime >= t0 - 1 && st_of("l").st_mtime == 6000, "following the link");

	/* the other interfaces */
	int fd = OK(open("f", O_RDWR));
	OK(futimens(fd, t));
	CHECK(st_of("f").st_mtime == 6000, "futimens");
	struct timeval tv[2] = { { 7000, 1 }, { 8000, 2 } };
	OK(utimes("f", tv));
	st = st_of("f");
	CHECK(st.st_mtime == 8000 && st.st_mtim.tv_nsec == 2000, "utimes");
	struct utimbuf ub = { 9000, 9500 };
	OK(utime("f", &ub));
	CHECK(st_of("f").st_mtime == 9500 && st_of("f").st_atime == 9000, "utime");
	OK(syscall(SYS_futimesat, AT_FDCWD, "f", tv));
	CHECK(st_of("f").st_mtime == 8000, "futimesat");
	struct timeval badtv[2] = { { 0, 1000000 }, { 0, 0 } };
	CHECK_ERR(utimes("f", badtv), EINVAL);

	/* read moves atime; write moves mtime and ctime */
	char buf[8];
	age("f");
	CHECK(pread(fd, buf, 4, 0) == 4, "pread");
	st = st_of("f");
	CHECK(st.st_atime > OLD && st.st_mtime == OLD, "read: atime %ld mtime %ld", (long)st.st_atime,
	      (long)st.st_mtime);
	age("f");
	long long c1 = ns(st_of("f").st_ctim);
	tick();
	CHECK(pwrite(fd, "x", 1, 0) == 1, "pwrite");
	st = st_of("f");
	CHECK(st.st_mtime > OLD && st.st_atime == OLD && ns(st.st_ctim) > c1, "write: mtime %ld atime %ld",
	      (long)st.st_mtime, (long)st.st_atime);
	age("f");
	OK(ftruncate(fd, 2));
	CHECK(st_of("f").st_mtime > OLD, "ftruncate did not move mtime");

	/* chmod, chown, link, rename: ctime only */
	const char *what[] = { "chmod", "chown", "link", "rename" };
	for (int i = 0; i < 4; i++) {
		age("f");
		c1 = ns(st_of("f").st_ctim);
		tick();
		switch (i) {
		case 0: OK(chmod("f", 0600)); break;
		case 1: OK(chown("f", 0, 0)); break;
		case 2: OK(link("f", "g")); break;
		case 3: OK(rename("f", "h")); OK(rename("h", "f")); break;
		}
		st = st_of("f");
		CHECK(ns(st.st_ctim) > c1 && st.st_mtime == OLD && st.st_atime == OLD,
		      "%s: ctime moved %d, mtime %ld, atime %ld", what[i], ns(st.st_ctim) > c1,
		      (long)st.st_mtime, (long)st.st_atime);
	}

	/* a directory's mtime and ctime move when its entries change */
	OK(mkdir("d", 0755));
	const char *dop[] = { "create", "unlink", "mkdir", "rename in" };
	for (int i = 0; i < 4; i++) {
		age("d");
		switch (i) {
		case 0: fs_put("d/x", "x"); break;
		case 1: OK(unlink("d/x")); break;
		case 2: OK(mkdir("d/s", 0755)); break;
		case 3: OK(rename("g", "d/g")); break;
		}
		st = st_of("d");
		CHECK(st.st_mtime > OLD, "directory mtime after %s", dop[i]);
	}
	OK(close(fd));

	/* a non-owner with write permission may only set "now" */
	OK(chmod("f", 0666));
	fs_put("ro", "r");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		OK(setuid(1000));
		OK(utimensat(AT_FDCWD, "f", NULL, 0));
		struct timespec nows[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
		OK(utimensat(AT_FDCWD, "f", nows, 0));
		CHECK_ERR(utimensat(AT_FDCWD, "f", t, 0), EPERM);
		CHECK_ERR(utimensat(AT_FDCWD, "ro", NULL, 0), EACCES);
		struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };
		OK(utimensat(AT_FDCWD, "ro", omit, 0)); /* nothing to do: no check */
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %#x", status);
	fs_end();
	return 0;
}
