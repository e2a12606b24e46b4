/* Every call that takes a descriptor answers EBADF for a closed one (and
 * for -1 and a huge number), asked through raw syscalls so no C library
 * wrapper can hide the kernel's answer. *at calls get EBADF only for a
 * relative path. */
#include "fstest.h"
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <sys/file.h>

#ifndef SYS_faccessat2
#define SYS_faccessat2 439
#endif

static void all(long fd)
{
	char buf[64];
	struct iovec iov = { buf, sizeof buf };
	struct stat st;
	struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET };
	struct { long long s; long long ns; } ts[2] = { { 0, 0 }, { 0, 0 } };
#define E(call) do { errno = 0; long r_ = (call); \
	if (r_ != -1 || errno != EBADF) \
		fail("fd %ld: %s: got %ld (%s), expected EBADF", fd, #call, r_, strerror(errno)); } while (0)
	E(syscall(SYS_read, fd, buf, 1));
	E(syscall(SYS_write, fd, buf, 1));
	E(syscall(SYS_pread64, fd, buf, 1, 0));
	E(syscall(SYS_pwrite64, fd, buf, 1, 0));
	E(syscall(SYS_readv, fd, &iov, 1));
	E(syscall(SYS_writev, fd, &iov, 1));
	E(syscall(SYS_preadv, fd, &iov, 1, 0, 0));
	E(syscall(SYS_pwritev, fd, &iov, 1, 0, 0));
	E(syscall(SYS_lseek, fd, 0, SEEK_SET));
	E(syscall(SYS_fstat, fd, &st));
	E(syscall(SYS_newfstatat, fd, "", &st, AT_EMPTY_PATH));
	E(syscall(SYS_newfstatat, fd, "x", &st, 0));
	E(syscall(SYS_statx, fd, "x", 0, 0x7ff, buf));
	E(syscall(SYS_fstatfs, fd, buf));
	E(syscall(SYS_fsync, fd));
	E(syscall(SYS_fdatasync, fd));
	E(syscall(SYS_ftruncate, fd, 0));
	E(syscall(SYS_fallocate, fd, 0, 0, 1));
	E(syscall(SYS_fchmod, fd, 0644));
	E(syscall(SYS_fchown, fd, 0, 0));
	E(syscall(SYS_fchdir, fd));
	E(syscall(SYS_dup, fd));
	E(syscall(SYS_dup2, fd, 50));
	E(syscall(SYS_dup3, fd, 50, 0));
	E(syscall(SYS_fcntl, fd, F_GETFD));
	E(syscall(SYS_fcntl, fd, F_GETFL));
	E(syscall(SYS_fcntl, fd, F_SETLK, &fl));
	E(syscall(SYS_fcntl, fd, F_GETLK, &fl));
	E(syscall(SYS_flock, fd, LOCK_SH));
	E(syscall(SYS_getdents64, fd, buf, sizeof buf));
	E(syscall(SYS_ioctl, fd, FIONREAD, buf));
	E(syscall(SYS_utimensat, fd, NULL, ts, 0));
	E(syscall(SYS_close, fd));
	E(syscall(SYS_openat, fd, "x", O_RDONLY));
	E(syscall(SYS_mkdirat, fd, "x", 0755));
	E(syscall(SYS_unlinkat, fd, "x", 0));
	E(syscall(SYS_renameat, fd, "x", AT_FDCWD, "y"));
	E(syscall(SYS_linkat, fd, "x", AT_FDCWD, "y", 0));
	E(syscall(SYS_symlinkat, "t", fd, "x"));
	E(syscall(SYS_readlinkat, fd, "x", buf, sizeof buf));
	E(syscall(SYS_fchmodat, fd, "x", 0644));
	E(syscall(SYS_fchownat, fd, "x", 0, 0, 0));
	E(syscall(SYS_faccessat, fd, "x", F_OK));
	E(syscall(SYS_faccessat2, fd, "x", F_OK, 0));
	E(syscall(SYS_utimensat, fd, "x", ts, 0));
#undef E
}

int main(void)
{
	fs_begin(20);
	fs_put("f", "x");
	int fd = OK(open("f", O_RDWR));
	OK(close(fd));
	all(fd);
	all(-1);
	all(1 << 20);
	/* an absolute path ignores a bad dirfd */
	char path[512];
	snprintf(path, sizeof path, "%s/f", fs_dir);
	struct stat st;
	OK(syscall(SYS_newfstatat, 9999, path, &st, 0));
	fs_end();
	return 0;
}
