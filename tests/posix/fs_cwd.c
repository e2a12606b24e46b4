/* The working directory: chdir/fchdir (ENOENT, ENOTDIR, an O_PATH
 * directory), getcwd (the exact path, ERANGE when the buffer is short,
 * ENOENT once the directory is removed), ".." of "/" is "/", and *at calls
 * resolving relative paths from a directory descriptor. */
#include "fstest.h"
#include <sys/syscall.h>

static long getcwd_(char *buf, size_t size)
{
	return syscall(SYS_getcwd, buf, size); /* the kernel's answer, not musl's */
}

int main(void)
{
	fs_begin(20);
	char want[512], buf[512];
	OK(mkdir("a", 0755));
	OK(mkdir("a/b", 0755));
	fs_put("file", "x");
	OK(chdir("a/b"));
	snprintf(want, sizeof want, "%s/a/b", fs_dir);
	long n = OK(getcwd_(buf, sizeof buf));
	CHECK(n == (long)strlen(want) + 1 && !strcmp(buf, want), "getcwd '%s' (%ld), expected '%s'", buf, n, want);
	CHECK_ERR(getcwd_(buf, strlen(want)), ERANGE);
	CHECK_ERR(getcwd_(buf, 0), ERANGE);
	OK(getcwd_(buf, strlen(want) + 1));
	CHECK_ERR(getcwd_((char *)16, sizeof buf), EFAULT);

	OK(chdir("../.."));
	OK(getcwd_(buf, sizeof buf));
	CHECK(!strcmp(buf, fs_dir), "after ../..: '%s'", buf);
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(chdir("file"), ENOTDIR);
	CHECK_ERR(chdir("file/.."), ENOTDIR);
	CHECK_ERR(chdir(""), ENOENT);

	/* fchdir */
	int dfd = OK(open("a", O_RDONLY | O_DIRECTORY));
	OK(fchdir(dfd));
	OK(getcwd_(buf, sizeof buf));
	snprintf(want, sizeof want, "%s/a", fs_dir);
	CHECK(!strcmp(buf, want), "fchdir: '%s'", buf);
	int ffd = OK(open("../file", O_RDONLY));
	CHECK_ERR(fchdir(ffd), ENOTDIR);
	OK(close(ffd));
	CHECK_ERR(fchdir(999), EBADF);
	int pfd = OK(open("b", O_PATH | O_DIRECTORY));
	OK(fchdir(pfd));
	OK(getcwd_(buf, sizeof buf));
	snprintf(want, sizeof want, "%s/a/b", fs_dir);
	CHECK(!strcmp(buf, want), "fchdir O_PATH: '%s'", buf);

	/* *at calls from a directory descriptor, cwd elsewhere */
	OK(chdir("/"));
	OK(getcwd_(buf, sizeof buf));
	CHECK(!strcmp(buf, "/"), "cwd / is '%s'", buf);
	OK(chdir(".."));
	OK(getcwd_(buf, sizeof buf));
	CHECK(!strcmp(buf, "/"), "'..' of / is '%s'", buf);
	int fd = OK(openat(dfd, "new", O_CREAT | O_WRONLY, 0644));
	OK(close(fd));
	OK(mkdirat(dfd, "c", 0755));
	OK(faccessat(dfd, "../file", F_OK, 0));
	OK(faccessat(pfd, "../new", F_OK, 0)); /* an O_PATH dirfd works */
	struct stat st;
	OK(fstatat(dfd, "c", &st, 0));
	CHECK(S_ISDIR(st.st_mode), "fstatat dirfd");
	CHECK_ERR(openat(ffd = OK(open(fs_dir, O_RDONLY)), "file/x", O_RDONLY), ENOTDIR);
	OK(close(ffd));
	int file = OK(openat(dfd, "new", O_RDONLY));
	CHECK_ERR(openat(file, "x", O_RDONLY), ENOTDIR);
	CHECK_ERR(openat(12345, "x", O_RDONLY), EBADF);
	OK(openat(12345, fs_dir, O_RDONLY)); /* absolute: dirfd ignored */

	/* a removed working directory */
	OK(chdir(want));
	OK(rmdir(want));
	CHECK_ERR(getcwd_(buf, sizeof buf), ENOENT);
	CHECK_ERR(open("x", O_CREAT | O_WRONLY, 0644), ENOENT);
	OK(close(pfd));
	OK(close(dfd));
	OK(close(file));
	fs_end();
	return 0;
}
