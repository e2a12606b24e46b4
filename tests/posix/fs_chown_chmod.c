/* chmod/fchmod/fchmodat and chown/fchown/lchown/fchownat: -1 leaves an id,
 * root changes anything, an owner only the group (to one of its groups),
 * EPERM otherwise; chown clears set-user-id (and group-executable
 * set-group-id) of a regular file; lchown and AT_SYMLINK_NOFOLLOW change the
 * link; AT_EMPTY_PATH; ctime moves; EBADF for an O_PATH fchmod/fchown. */
#include "fstest.h"
#include <grp.h>
#include <sys/syscall.h>

static struct stat st_of(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		fail("lstat %s: %s", path, strerror(errno));
	return st;
}

int main(void)
{
	fs_begin(20);
	fs_put("f", "x");
	OK(chmod("f", 04755));
	CHECK((st_of("f").st_mode & 07777) == 04755, "chmod 04755");
	int fd = OK(open("f", O_RDONLY));
	OK(fchmod(fd, 0640));
	CHECK((st_of("f").st_mode & 07777) == 0640, "fchmod");
	OK(fchmodat(AT_FDCWD, "f", 0600, 0));
	CHECK((st_of("f").st_mode & 07777) == 0600, "fchmodat");
	CHECK_ERR(chmod("missing", 0600), ENOENT);

	/* root: owner and group, -1 keeps */
	OK(chown("f", 1000, 2000));
	struct stat st = st_of("f");
	CHECK(st.st_uid == 1000 && st.st_gid == 2000, "chown: %d:%d", (int)st.st_uid, (int)st.st_gid);
	OK(fchown(fd, (uid_t)-1, 3000));
	st = st_of("f");
	CHECK(st.st_uid == 1000 && st.st_gid == 3000, "fchown -1: %d:%d", (int)st.st_uid, (int)st.st_gid);
	OK(fchownat(AT_FDCWD, "f", 1001, (gid_t)-1, 0));
	CHECK(st_of("f").st_uid == 1001, "fchownat");

	/* set-id bits */
	OK(chmod("f", 06755));
	OK(chown("f", 1002, (gid_t)-1));
	CHECK((st_of("f").st_mode & 07777) == 0755, "chown left set-id bits: %o", st_of("f").st_mode & 07777);
	OK(chmod("f", 06745)); /* set-group-id without group execute is kept */
	OK(chown("f", (uid_t)-1, (gid_t)-1));
	CHECK((st_of("f").st_mode & 07777) == 02745, "chown -1 -1: mode %o", st_of("f").st_mode & 07777);
	OK(mkdir("d", 0755));
	OK(chmod("d", 02755));
	OK(chown("d", 5, 5));
	CHECK((st_of("d").st_mode & 07777) == 02755, "directory set-group-id dropped");

	/* links */
	OK(symlink("f", "l"));
	OK(lchown("l", 7, 8));
	st = st_of("l");
	CHECK(st.st_uid == 7 && st.st_gid == 8, "lchown: %d:%d", (int)st.st_uid, (int)st.st_gid);
	CHECK(st_of("f").st_uid == 1002, "lchown changed the target");
	OK(fchownat(AT_FDCWD, "l", 9, 9, AT_SYMLINK_NOFOLLOW));
	CHECK(st_of("l").st_uid == 9 && st_of("f").st_uid == 1002, "AT_SYMLINK_NOFOLLOW");
	OK(chown("l", 0, 0));
	CHECK(st_of("f").st_uid == 0 && st_of("l").st_uid == 9, "chown follows links");
	OK(fchownat(fd, "", 11, 12, AT_EMPTY_PATH));
	CHECK(st_of("f").st_uid == 11 && st_of("f").st_gid == 12, "AT_EMPTY_PATH");
	CHECK_ERR(fchownat(fd, "", 1, 1, 0), ENOENT);
	CHECK_ERR(fchownat(AT_FDCWD, "f", 1, 1, 0x8000), EINVAL);
	OK(close(fd));
	fd = OK(open("f", O_PATH));
	/* (musl's wrappers retry O_PATH descriptors through /proc: ask the kernel) */
	CHECK_ERR(syscall(SYS_fchmod, fd, 0600), EBADF);
	CHECK_ERR(syscall(SYS_fchown, fd, 0, 0), EBADF);
	OK(close(fd));

	/* an owner that is not root */
	OK(chown("f", 1000, 1000));
	OK(chmod("f", 0644));
	fs_put("other", "o");
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		gid_t g[1] = { 600 };
		OK(setgroups(1, g));
		OK(setgid(1000));
		OK(setuid(1000));
		CHECK_ERR(chown("f", 1001, (gid_t)-1), EPERM);
		CHECK_ERR(chown("f", (uid_t)-1, 700), EPERM);  /* not its group */
		OK(chown("f", 1000, (gid_t)-1));                /* its own uid: allowed */
		OK(chown("f", (uid_t)-1, 600));                 /* a supplementary group */
		CHECK(st_of("f").st_gid == 600, "chgrp to a supplementary group");
		OK(chown("f", (uid_t)-1, 1000));
		CHECK_ERR(chown("other", (uid_t)-1, 1000), EPERM);
		CHECK_ERR(chmod("other", 0600), EPERM);
		/* chmod by a non-member of the file's group drops set-group-id */
		OK(chown("f", (uid_t)-1, 1000));
		OK(chmod("f", 02755));
		CHECK((st_of("f").st_mode & 07777) == 02755, "member chmod g+s");
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %#x", status);
	fs_end();
	return 0;
}
