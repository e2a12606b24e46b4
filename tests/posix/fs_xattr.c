/* Extended attributes on tmpfs, as Linux 6.1's: trusted.* for root (set,
 * get with the size query and ERANGE, list, XATTR_CREATE/REPLACE, remove,
 * through a symlink and on the link itself, by descriptor); security.*
 * read by anyone (who may write it depends on the security modules);
 * user.* unsupported (EOPNOTSUPP, before Linux 6.6);
 * bad names (ERANGE), sizes (E2BIG), flags (EINVAL) and namespaces
 * (EOPNOTSUPP); an unprivileged user neither sees nor sets trusted.*;
 * pipes and /proc files have none. */
#include "fstest.h"
#include <sys/utsname.h>
#include <sys/xattr.h>

static int tmpfs_has_user_xattrs(void)
{
	struct utsname u;
	unsigned maj = 0, min = 0;
	uname(&u);
	sscanf(u.release, "%u.%u", &maj, &min);
	return maj > 6 || (maj == 6 && min >= 6);
}

int main(void)
{
	fs_begin(20);
	if (getuid() != 0)
		fail("must run as root");
	fs_put("f", "data");
	OK(symlink("f", "l"));
	char buf[300], names[512];

	OK(setxattr("f", "trusted.a", "hello", 5, 0));
	CHECK(getxattr("f", "trusted.a", NULL, 0) == 5, "size query");
	CHECK(getxattr("f", "trusted.a", buf, sizeof buf) == 5 && !memcmp(buf, "hello", 5), "value");
	CHECK_ERR(getxattr("f", "trusted.a", buf, 2), ERANGE);
	CHECK_ERR(setxattr("f", "trusted.a", "x", 1, XATTR_CREATE), EEXIST);
	CHECK_ERR(setxattr("f", "trusted.b", "x", 1, XATTR_REPLACE), ENODATA);
	OK(setxattr("f", "trusted.a", "bye", 3, XATTR_REPLACE));
	OK(setxattr("f", "trusted.empty", NULL, 0, XATTR_CREATE));
	CHECK(getxattr("f", "trusted.empty", buf, sizeof buf) == 0, "an empty value");
	ssize_t n = listxattr("f", names, sizeof names);
	CHECK(n == (ssize_t)(sizeof "trusted.a" + sizeof "trusted.empty"), "list length %zd", n);
	CHECK(listxattr("f", NULL, 0) == n, "list size query");
	CHECK_ERR(listxattr("f", names, 3), ERANGE);
	/* Through the link; on the link itself. */
	CHECK(getxattr("l", "trusted.a", buf, sizeof buf) == 3, "getxattr does not follow the link");
	CHECK_ERR(lgetxattr("l", "trusted.a", buf, sizeof buf), ENODATA);
	OK(lsetxattr("l", "trusted.link", "1", 1, 0));
	CHECK(llistxattr("l", names, sizeof names) == (ssize_t)sizeof "trusted.link", "llistxattr");
	/* By descriptor. */
	int fd = OK(open("f", O_RDONLY));
	CHECK(fgetxattr(fd, "trusted.a", buf, sizeof buf) == 3, "fgetxattr");
	OK(fremovexattr(fd, "trusted.a"));
	CHECK_ERR(fgetxattr(fd, "trusted.a", buf, sizeof buf), ENODATA);
	CHECK_ERR(fremovexattr(fd, "trusted.a"), ENODATA);
	close(fd);
	/* security.* by root. */
	OK(setxattr("f", "security.test", "s", 1, 0));
	/* Namespaces, names, sizes, flags. */
	if (tmpfs_has_user_xattrs())
		OK(setxattr("f", "user.u", "1", 1, 0)), OK(removexattr("f", "user.u"));
	else
		CHECK_ERR(setxattr("f", "user.u", "1", 1, 0), EOPNOTSUPP);
	CHECK_ERR(setxattr("f", "other.x", "1", 1, 0), EOPNOTSUPP);
	CHECK_ERR(getxattr("f", "other.x", buf, sizeof buf), EOPNOTSUPP);
	CHECK_ERR(setxattr("f", "", "1", 1, 0), ERANGE);
	char longname[300];
	memset(longname, 'a', sizeof longname);
	memcpy(longname, "trusted.", 8);
	longname[256] = 0;
	CHECK_ERR(setxattr("f", longname, "1", 1, 0), ERANGE);
	static char huge[65537];
	CHECK_ERR(setxattr("f", "trusted.h", huge, sizeof huge, 0), E2BIG);
	OK(setxattr("f", "trusted.h", huge, 65536, 0));
	CHECK_ERR(setxattr("f", "trusted.x", "1", 1, 4), EINVAL);
	CHECK_ERR(setxattr("missing", "trusted.x", "1", 1, 0), ENOENT);
	CHECK_ERR(setxattr("f", "trusted.x", (void *)8, 1, 0), EFAULT);
	/* An unprivileged user. */
	OK(chmod(fs_dir, 0777));
	OK(chmod("f", 0666));
	pid_t child = fork_or_fail();
	if (child == 0) {
		if (setuid(1000) != 0)
			_exit(2);
		if (getxattr("f", "trusted.empty", buf, sizeof buf) != -1 || errno != ENODATA)
			_exit(3);
		if (setxattr("f", "trusted.mine", "1", 1, 0) != -1 || errno != EPERM)
			_exit(4);
		ssize_t k = listxattr("f", names, sizeof names);
		if (k != (ssize_t)sizeof "security.test")
			_exit(5);
		if (getxattr("f", "security.test", buf, sizeof buf) != 1)
			_exit(7);
		_exit(0);
	}
	int st = wait_for(child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "as uid 1000: step %d failed", WEXITSTATUS(st));
	/* Pipes and /proc have none. */
	int p[2];
	OK(pipe(p));
	CHECK_ERR(fsetxattr(p[0], "trusted.x", "1", 1, 0), EOPNOTSUPP);
	CHECK(flistxattr(p[0], names, sizeof names) == 0, "a pipe lists attributes");
	CHECK_ERR(getxattr("/proc/self/status", "trusted.x", buf, sizeof buf), EOPNOTSUPP);
	fs_end();
	return 0;
}
