/* Mount namespaces: after unshare(CLONE_NEWNS) a process's mounts are its
 * own (a tmpfs it mounts is not seen by its parent, /proc/<pid>/mounts
 * shows each process its own table), clone(CLONE_NEWNS) gives the child a
 * copy, a shared mount's copy stays its peer (a mount under it in one
 * namespace shows in the other), and only root may unshare (EPERM). The
 * test first moves itself into a private namespace of its own, so on Linux
 * the host's mounts are never touched. */
#include "fstest.h"
#include <sys/mount.h>
#include <sys/syscall.h>

/* 1 if the mount table file names a mount at path. */
static int table_has(const char *file, const char *path)
{
	static char buf[16384];
	char want[400];
	int fd = OK(open(file, O_RDONLY));
	long n, len = 0;
	while ((n = OK(read(fd, buf + len, sizeof buf - 1 - len))) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	snprintf(want, sizeof want, " %s ", path);
	return strstr(buf, want) != NULL;
}

static void wait_ok(pid_t pid, const char *who)
{
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: status 0x%x", who, status);
}

int main(void)
{
	fs_begin(30);
	OK(unshare(CLONE_NEWNS));
	OK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));
	char priv[300], shared[300], sub[300];
	snprintf(priv, sizeof priv, "%s/priv", fs_dir);
	snprintf(shared, sizeof shared, "%s/shared", fs_dir);
	snprintf(sub, sizeof sub, "%s/shared/sub", fs_dir);
	OK(mkdir("priv", 0755));
	OK(mkdir("shared", 0755));
	OK(mkdir("shared/sub", 0755));
	OK(mount("shared", "shared", NULL, MS_BIND, NULL));
	OK(mount(NULL, "shared", NULL, MS_SHARED, NULL));

	int ready[2], done[2];
	OK(pipe(ready));
	OK(pipe(done));
	pid_t c = fork_or_fail();
	if (c == 0) {
		char b;
		OK(unshare(CLONE_NEWNS));
		OK(mount("tmpfs", "priv", "tmpfs", 0, NULL));
		fs_put("priv/mine", "x");
		OK(mount("tmpfs", "shared/sub", "tmpfs", 0, NULL)); /* propagates to the peer */
		CHECK(write(ready[1], "r", 1) == 1, "write");
		CHECK(read(done[0], &b, 1) == 1, "read");
		_exit(0);
	}
	char b;
	CHECK(read(ready[0], &b, 1) == 1, "the child did not get ready");
	struct stat st;
	CHECK_ERR(stat("priv/mine", &st), ENOENT);
	CHECK(!table_has("/proc/self/mounts", priv), "the child's private mount shows in the parent");
	char theirs[64];
	snprintf(theirs, sizeof theirs, "/proc/%d/mounts", (int)c);
	CHECK(table_has(theirs, priv), "%s does not show the child's own mount", theirs);
	CHECK(table_has("/proc/self/mounts", sub), "a mount under a shared mount did not propagate");
	OK(umount("shared/sub")); /* and back: the child's copy goes too */
	CHECK(write(done[1], "d", 1) == 1, "write");
	wait_ok(c, "the unsharing child");

	/* clone(CLONE_NEWNS): the child starts in a copy */
	c = (pid_t)syscall(SYS_clone, CLONE_NEWNS | SIGCHLD, 0, 0, 0, 0);
	if (c == 0) {
		OK(mount("tmpfs", "priv", "tmpfs", 0, NULL));
		_exit(table_has("/proc/self/mounts", priv) ? 0 : 3);
	}
	CHECK(c > 0, "clone(CLONE_NEWNS): %s", strerror(errno));
	wait_ok(c, "the clone(CLONE_NEWNS) child");
	CHECK(!table_has("/proc/self/mounts", priv), "the clone child's mount shows in the parent");

	/* only root */
	c = fork_or_fail();
	if (c == 0) {
		OK(setuid(1000));
		CHECK_ERR(unshare(CLONE_NEWNS), EPERM);
		_exit(0);
	}
	wait_ok(c, "the non-root child");
	OK(umount("shared"));
	fs_end();
	return 0;
}
