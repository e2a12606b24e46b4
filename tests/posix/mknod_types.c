/* mknod: type 0 and S_IFREG make an empty regular file, S_IFIFO a FIFO (any
 * user), S_IFCHR/S_IFBLK a device node for root (st_rdev as given) and EPERM
 * for others; S_IFDIR is EPERM, an unknown type EINVAL, an existing name
 * EEXIST; the umask applies to the permission bits. */
#include "ptest.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define DIR_ "/tmp/mknod_types.d"

static void check_type(const char *path, mode_t type, const char *what)
{
	struct stat st;
	CHECK(stat(path, &st) == 0, "stat %s: %s", path, strerror(errno));
	CHECK((st.st_mode & S_IFMT) == type, "%s: mode %o", what, st.st_mode);
}

/* Removes what this test makes (also what an earlier failed run left). */
static void cleanup(void)
{
	static const char *const names[] = { "reg0", "reg", "fifo", "fifo2", "fifo3", "chr", "chr2", "blk" };
	char path[64];
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", DIR_, names[i]);
		unlink(path);
	}
	rmdir(DIR_);
}

int main(void)
{
	watchdog(20);
	cleanup();
	mkdir(DIR_, 0777);
	chmod(DIR_, 01777); /* the unprivileged child creates here too */
	umask(022);
	CHECK(mknod(DIR_ "/reg0", 0666, 0) == 0, "mknod type 0: %s", strerror(errno));
	check_type(DIR_ "/reg0", S_IFREG, "type 0");
	CHECK(mknod(DIR_ "/reg", S_IFREG | 0666, 0) == 0, "mknod S_IFREG: %s", strerror(errno));
	struct stat st;
	CHECK(stat(DIR_ "/reg", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 &&
	      (st.st_mode & 0777) == 0644, "S_IFREG node: mode %o size %ld", st.st_mode, (long)st.st_size);
	CHECK(mknod(DIR_ "/fifo", S_IFIFO | 0600, 0) == 0, "mknod S_IFIFO: %s", strerror(errno));
	check_type(DIR_ "/fifo", S_IFIFO, "S_IFIFO");
	CHECK(mknodat(AT_FDCWD, DIR_ "/fifo2", S_IFIFO | 0600, 0) == 0, "mknodat: %s", strerror(errno));
	check_type(DIR_ "/fifo2", S_IFIFO, "mknodat S_IFIFO");
	CHECK(mknod(DIR_ "/fifo", S_IFIFO | 0600, 0) == -1 && errno == EEXIST, "existing name: %s",
	      strerror(errno));
	CHECK(mknod(DIR_ "/dir", S_IFDIR | 0700, 0) == -1 && errno == EPERM, "S_IFDIR: %s", strerror(errno));
	CHECK(mknod(DIR_ "/bad", 0170000 | 0600, 0) == -1 && errno == EINVAL, "bad type: %s", strerror(errno));
	if (geteuid() == 0) {
		CHECK(mknod(DIR_ "/chr", S_IFCHR | 0600, makedev(42, 7)) == 0, "root S_IFCHR: %s",
		      strerror(errno));
		CHECK(stat(DIR_ "/chr", &st) == 0 && S_ISCHR(st.st_mode) && major(st.st_rdev) == 42 &&
		      minor(st.st_rdev) == 7, "char node: mode %o rdev %lx", st.st_mode, (long)st.st_rdev);
		CHECK(mknod(DIR_ "/blk", S_IFBLK | 0600, makedev(43, 300)) == 0, "root S_IFBLK: %s",
		      strerror(errno));
		CHECK(stat(DIR_ "/blk", &st) == 0 && S_ISBLK(st.st_mode) && major(st.st_rdev) == 43 &&
		      minor(st.st_rdev) == 300, "block node: mode %o rdev %lx", st.st_mode, (long)st.st_rdev);
		pid_t pid = fork_or_fail();
		if (pid == 0) {
			if (setuid(65534) != 0)
				_exit(2);
			if (mknod(DIR_ "/chr2", S_IFCHR | 0600, makedev(1, 3)) != -1 || errno != EPERM)
				_exit(3);
			_exit(mknod(DIR_ "/fifo3", S_IFIFO | 0600, 0) == 0 ? 0 : 4);
		}
		int status = wait_for(pid);
		CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "unprivileged child status 0x%x", status);
	} else {
		CHECK(mknod(DIR_ "/chr2", S_IFCHR | 0600, makedev(1, 3)) == -1 && errno == EPERM,
		      "non-root S_IFCHR: %s", strerror(errno));
	}
	cleanup();
	return 0;
}
