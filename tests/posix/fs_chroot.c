/* chroot: root only (EPERM), ENOENT/ENOTDIR; afterwards absolute paths and
 * absolute symbolic links resolve inside the new root, ".." of the root
 * stays there, getcwd of a directory outside the root starts with
 * "(unreachable)", and the parent's root is unchanged (per process). */
#include "fstest.h"
#include <sys/syscall.h>

static long getcwd_(char *buf, size_t size)
{
	return syscall(SYS_getcwd, buf, size);
}

static void child(void)
{
	char buf[512], want[512];
	OK(chroot("jail"));
	/* the working directory is now outside the root */
	OK(getcwd_(buf, sizeof buf));
	snprintf(want, sizeof want, "(unreachable)%s", fs_dir);
	CHECK(!strcmp(buf, want), "getcwd outside the root: '%s', expected '%s'", buf, want);
	OK(chdir("/"));
	OK(getcwd_(buf, sizeof buf));
	CHECK(!strcmp(buf, "/"), "getcwd at the new root: '%s'", buf);
	struct stat root, up, st;
	OK(stat("/", &root));
	OK(stat("/..", &up));
	CHECK(root.st_ino == up.st_ino, "'..' of the root left it");
	OK(chdir("../../.."));
	OK(getcwd_(buf, sizeof buf));
	CHECK(!strcmp(buf, "/"), "chdir ../../.. from the root: '%s'", buf);
	int fd = OK(open("/marker", O_RDONLY));
	char m[8] = {0};
	CHECK(read(fd, m, sizeof m) == 6 && !memcmp(m, "inside", 6), "/marker is '%s'", m);
	OK(close(fd));
	OK(stat("/sub/../../marker", &st));
	OK(stat("/abs", &st)); /* -> /marker, inside */
	CHECK(st.st_size == 6, "absolute link resolved outside the root");
	OK(chdir("/sub"));
	OK(getcwd_(buf, sizeof buf));
	CHECK(!strcmp(buf, "/sub"), "getcwd in /sub: '%s'", buf);
	CHECK_ERR(stat("/outside-only", &st), ENOENT);
	/* a non-root process cannot chroot (even into its own root) */
	OK(setuid(1000));
	CHECK_ERR(chroot("/"), EPERM);
	CHECK_ERR(chroot("/missing"), ENOENT);
	_exit(0);
}

int main(void)
{
	fs_begin(20);
	OK(mkdir("jail", 0755));
	OK(mkdir("jail/sub", 0755));
	fs_put("jail/marker", "inside");
	fs_put("outside-only", "o");
	OK(symlink("/marker", "jail/abs"));
	CHECK_ERR(chroot("missing"), ENOENT);
	CHECK_ERR(chroot("outside-only"), ENOTDIR);
	pid_t pid = fork_or_fail();
	if (pid == 0)
		child();
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child failed: %#x", status);
	struct stat st;
	OK(stat(fs_dir, &st)); /* the parent still sees the whole tree */
	OK(stat("outside-only", &st));
	fs_end();
	return 0;
}
