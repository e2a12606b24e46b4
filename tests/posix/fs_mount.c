/* mount(2) and umount2(2) as root: a tmpfs with options (its own device,
 * statfs type and size, ENOSPC at its size, the options in /proc/self/mounts),
 * the covered directory hidden while mounted, EBUSY while in use, EINVAL on
 * a non-mountpoint, ENOTDIR, ENODEV, EBUSY for rmdir of a mountpoint,
 * remount read-only (EROFS, ST_RDONLY) and back, a bind mount (same nodes,
 * EXDEV across mounts), a lazy unmount under the caller's cwd, and EPERM for
 * a non-root caller. On Linux it runs in a private mount namespace of its
 * own, so the host's mounts are never touched. */
#include "fstest.h"
#include <sys/mount.h>
#include <sys/statfs.h>

#define TMPFS_MAGIC 0x01021994
#define ST_RDONLY   1

/* 1 if /proc/self/mounts has a line containing text. */
static int mounts_have(const char *text)
{
	static char buf[16384];
	int fd = OK(open("/proc/self/mounts", O_RDONLY));
	long n, len = 0;
	while ((n = OK(read(fd, buf + len, sizeof buf - 1 - len))) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return strstr(buf, text) != NULL;
}

int main(void)
{
	fs_begin(30);
	/* a private mount namespace of its own: on Linux the host's mounts
	   stay out of it */
	if (unshare(CLONE_NEWNS) == 0)
		OK(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL));

	struct stat here, st, st2;
	struct statfs sf;
	OK(mkdir("m", 0755));
	fs_put("m/covered", "old");
	OK(stat(".", &here));
	OK(mount("tmpfs", "m", "tmpfs", 0, "size=64k,mode=0711"));
	OK(stat("m", &st));
	CHECK(st.st_dev != here.st_dev, "the tmpfs has the device of the directory under it");
	CHECK((st.st_mode & 07777) == 0711, "mode= gave %o", st.st_mode & 07777);
	CHECK_ERR(stat("m/covered", &st2), ENOENT);
	OK(statfs("m", &sf));
	CHECK(sf.f_type == TMPFS_MAGIC, "statfs type %lx", (long)sf.f_type);
	CHECK(sf.f_blocks * sf.f_bsize == 65536, "size=64k: %ld blocks of %ld", (long)sf.f_blocks,
	      (long)sf.f_bsize);
	char line[400]; /* Linux may add options of its own after these (inode64) */
	snprintf(line, sizeof line, "\ntmpfs %s/m tmpfs rw,relatime,size=64k,mode=711", fs_dir);
	CHECK(mounts_have(line), "/proc/self/mounts has no line starting \"%s\"", line + 1);

	/* full at its size */
	static char big[65536 + 4096];
	int fd = OK(open("m/big", O_CREAT | O_WRONLY, 0644));
	long n = write(fd, big, sizeof big);
	CHECK(n == 65536, "a write past size=64k gave %ld", n);
	CHECK_ERR(write(fd, big, 1), ENOSPC);

	/* busy while a file is open in it or the cwd is inside */
	CHECK_ERR(umount("m"), EBUSY);
	close(fd);
	OK(chdir("m"));
	CHECK_ERR(umount2(fs_dir, MNT_DETACH | 0x100), EINVAL); /* an unknown flag */
	CHECK_ERR(umount("."), EBUSY);
	OK(chdir(".."));
	CHECK_ERR(rmdir("m"), EBUSY);
	CHECK_ERR(umount("."), EINVAL); /* not a mount point */

	/* read-only and back */
	OK(mount(NULL, "m", NULL, MS_REMOUNT | MS_RDONLY, NULL));
	CHECK_ERR(open("m/new", O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_ERR(open("m/big", O_WRONLY), EROFS);
	CHECK_ERR(mkdir("m/d", 0755), EROFS);
	CHECK_ERR(unlink("m/big"), EROFS);
	CHECK_ERR(chmod("m/big", 0600), EROFS);
	OK(statfs("m", &sf));
	CHECK(sf.f_flags & ST_RDONLY, "statfs of a read-only mount: flags %lx", (long)sf.f_flags);
	fd = OK(open("m/big", O_RDONLY));
	close(fd);
	OK(mount(NULL, "m", NULL, MS_REMOUNT, NULL));
	OK(unlink("m/big"));
	OK(umount("m"));
	OK(stat("m/covered", &st)); /* back in sight */

	/* errors of a new mount */
	CHECK_ERR(mount("tmpfs", "m/covered", "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(mount("none", "m", "calyx-no-such-fs", 0, NULL), ENODEV);
	CHECK_ERR(mount("tmpfs", "m", "tmpfs", 0, "no-such-option=1"), EINVAL);
	CHECK_ERR(mount("tmpfs", "nowhere", "tmpfs", 0, NULL), ENOENT);

	/* a bind mount shows the same nodes; a rename across mounts is EXDEV */
	OK(mkdir("src", 0755));
	OK(mkdir("dst", 0755));
	fs_put("src/x", "bound");
	OK(mount("src", "dst", NULL, MS_BIND, NULL));
	OK(stat("src/x", &st));
	OK(stat("dst/x", &st2));
	CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev, "dst/x is not src/x");
	CHECK_ERR(rename("src/x", "dst/y"), EXDEV);
	CHECK_ERR(link("src/x", "dst/y"), EXDEV);
	OK(rename("dst/x", "dst/y"));
	OK(stat("src/y", &st));
	OK(umount("dst"));
	CHECK_ERR(stat("dst/y", &st), ENOENT);

	/* a lazy unmount under the cwd: it goes from the tree, the cwd stays usable */
	OK(mount("tmpfs", "m", "tmpfs", 0, NULL));
	OK(chdir("m"));
	fs_put("inside", "x");
	OK(umount2(".", MNT_DETACH));
	OK(stat("inside", &st));
	char where[300];
	snprintf(where, sizeof where, "%s/m/inside", fs_dir);
	CHECK_ERR(stat(where, &st), ENOENT);
	OK(chdir(fs_dir));

	/* only root mounts */
	pid_t pid = fork_or_fail();
	if (pid == 0) {
		OK(setuid(1000));
		CHECK_ERR(mount("tmpfs", "m", "tmpfs", 0, NULL), EPERM);
		_exit(0);
	}
	int status = wait_for(pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the non-root child: status 0x%x", status);
	fs_end();
	return 0;
}
