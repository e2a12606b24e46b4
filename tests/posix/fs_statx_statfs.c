/* statx (basic fields agree with fstat, btime, AT_EMPTY_PATH,
 * AT_SYMLINK_NOFOLLOW, EINVAL for STATX__RESERVED or both sync flags) and
 * statfs/fstatfs on a tmpfs (magic 0x01021994, 4096-byte blocks, name
 * length 255, free blocks shrinking as data is written). */
#include "fstest.h"
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>

struct lx_ts { long long tv_sec; unsigned tv_nsec; int reserved; };
struct lx_statx {
	unsigned stx_mask, stx_blksize;
	unsigned long long stx_attributes;
	unsigned stx_nlink, stx_uid, stx_gid;
	unsigned short stx_mode, spare0;
	unsigned long long stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct lx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	unsigned stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	unsigned long long spare[14];
};
#define LX_STATX_BASIC_STATS 0x7ffu
#define LX_STATX_BTIME 0x800u
#define LX_STATX__RESERVED 0x80000000u
#define LX_AT_STATX_FORCE_SYNC 0x2000
#define LX_AT_STATX_DONT_SYNC 0x4000
#define TMPFS_MAGIC 0x01021994

static long statx_(int dfd, const char *path, int flags, unsigned mask, struct lx_statx *sx)
{
	memset(sx, 0xff, sizeof *sx);
	return syscall(SYS_statx, dfd, path, flags, mask, sx);
}

static void same(const struct lx_statx *sx, const struct stat *st, const char *what)
{
	CHECK((sx->stx_mask & LX_STATX_BASIC_STATS) == LX_STATX_BASIC_STATS, "%s: mask %#x", what, sx->stx_mask);
	CHECK(sx->stx_ino == st->st_ino && sx->stx_size == (unsigned long long)st->st_size &&
	      sx->stx_blocks == (unsigned long long)st->st_blocks && sx->stx_mode == st->st_mode &&
	      sx->stx_nlink == st->st_nlink && sx->stx_uid == st->st_uid && sx->stx_gid == st->st_gid &&
	      sx->stx_blksize == st->st_blksize, "%s: statx and stat disagree", what);
	CHECK(sx->stx_mtime.tv_sec == st->st_mtim.tv_sec && sx->stx_mtime.tv_nsec == st->st_mtim.tv_nsec &&
	      sx->stx_ctime.tv_sec == st->st_ctim.tv_sec && sx->stx_atime.tv_sec == st->st_atim.tv_sec,
	      "%s: times disagree", what);
	CHECK(makedev(sx->stx_dev_major, sx->stx_dev_minor) == st->st_dev, "%s: st_dev", what);
	CHECK(makedev(sx->stx_rdev_major, sx->stx_rdev_minor) == st->st_rdev, "%s: st_rdev", what);
}

int main(void)
{
	fs_begin(20);
	time_t t0 = time(NULL);
	fs_put("f", "hello");
	struct lx_statx sx;
	struct stat st;
	OK(statx_(AT_FDCWD, "f", 0, LX_STATX_BASIC_STATS | LX_STATX_BTIME, &sx));
	OK(stat("f", &st));
	same(&sx, &st, "file");
	CHECK((sx.stx_mask & LX_STATX_BTIME) && sx.stx_btime.tv_sec >= t0 - 1 &&
	      sx.stx_btime.tv_sec <= sx.stx_ctime.tv_sec, "btime %lld", sx.stx_btime.tv_sec);
	long long born = sx.stx_btime.tv_sec;
	struct timespec old[2] = { { 1000, 0 }, { 1000, 0 } };
	OK(utimensat(AT_FDCWD, "f", old, 0));
	OK(statx_(AT_FDCWD, "f", 0, LX_STATX_BASIC_STATS | LX_STATX_BTIME, &sx));
	CHECK(sx.stx_btime.tv_sec == born && sx.stx_mtime.tv_sec == 1000, "btime moved with utimensat");

	OK(mkdir("d", 0755));
	OK(statx_(AT_FDCWD, "d", 0, LX_STATX_BASIC_STATS, &sx));
	OK(stat("d", &st));
	same(&sx, &st, "directory");
	OK(statx_(AT_FDCWD, "/dev/null", 0, LX_STATX_BASIC_STATS, &sx));
	OK(stat("/dev/null", &st));
	same(&sx, &st, "/dev/null");
	CHECK(sx.stx_rdev_major == 1 && sx.stx_rdev_minor == 3, "/dev/null rdev %u:%u", sx.stx_rdev_major,
	      sx.stx_rdev_minor);

	OK(symlink("f", "l"));
	OK(statx_(AT_FDCWD, "l", AT_SYMLINK_NOFOLLOW, LX_STATX_BASIC_STATS, &sx));
	CHECK(S_ISLNK(sx.stx_mode) && sx.stx_size == 1, "statx of the link itself");
	OK(statx_(AT_FDCWD, "l", 0, LX_STATX_BASIC_STATS, &sx));
	CHECK(S_ISREG(sx.stx_mode) && sx.stx_size == 5, "statx through the link");
	int fd = OK(open("f", O_RDONLY));
	OK(statx_(fd, "", AT_EMPTY_PATH, LX_STATX_BASIC_STATS, &sx));
	CHECK(S_ISREG(sx.stx_mode) && sx.stx_size == 5, "AT_EMPTY_PATH");
	int dfd = OK(open("d", O_RDONLY | O_DIRECTORY));
	OK(statx_(dfd, "../f", 0, LX_STATX_BASIC_STATS, &sx));
	CHECK(sx.stx_size == 5, "relative to a directory descriptor");
	OK(statx_(AT_FDCWD, "f", 0, 0, &sx)); /* an empty mask is fine */

	CHECK_ERR(statx_(AT_FDCWD, "f", 0, LX_STATX__RESERVED, &sx), EINVAL);
	CHECK_ERR(statx_(AT_FDCWD, "f", LX_AT_STATX_FORCE_SYNC | LX_AT_STATX_DONT_SYNC, 0x7ff, &sx), EINVAL);
	CHECK_ERR(statx_(AT_FDCWD, "f", 0x10000000, 0x7ff, &sx), EINVAL);
	CHECK_ERR(statx_(AT_FDCWD, "missing", 0, 0x7ff, &sx), ENOENT);
	CHECK_ERR(statx_(fd, "", 0, 0x7ff, &sx), ENOENT);
	CHECK_ERR(statx_(99, "x", 0, 0x7ff, &sx), EBADF);
	CHECK_ERR(statx_(fd, "x", 0, 0x7ff, &sx), ENOTDIR);
	CHECK_ERR(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, (void *)16), EFAULT);

	/* statfs */
	struct statfs sf, sf2;
	OK(statfs(".", &sf));
	CHECK(sf.f_type == TMPFS_MAGIC, "f_type %#lx", (unsigned long)sf.f_type);
	CHECK(sf.f_bsize == 4096 && sf.f_namelen == 255, "f_bsize %ld f_namelen %ld", (long)sf.f_bsize,
	      (long)sf.f_namelen);
	CHECK(sf.f_blocks > 0 && sf.f_bfree <= sf.f_blocks && sf.f_bavail == sf.f_bfree, "block counts");
	CHECK(sf.f_files > 0 && sf.f_ffree <= sf.f_files, "file counts");
	static char big[64 * 4096];
	int w = OK(open("big", O_CREAT | O_WRONLY, 0644));
	CHECK(write(w, big, sizeof big) == (ssize_t)sizeof big, "write 64 pages");
	OK(fstatfs(w, &sf2));
	CHECK(sf2.f_type == TMPFS_MAGIC, "fstatfs f_type");
	CHECK(sf2.f_bfree + 64 <= sf.f_bfree, "f_bfree %ld -> %ld after 64 pages", (long)sf.f_bfree,
	      (long)sf2.f_bfree);
	OK(close(w));
	int p = OK(open("f", O_PATH));
	OK(fstatfs(p, &sf2)); /* O_PATH descriptors are enough */
	OK(close(p));
	CHECK_ERR(statfs("missing", &sf), ENOENT);
	CHECK_ERR(fstatfs(99, &sf), EBADF);
	CHECK_ERR(syscall(SYS_statfs, ".", (void *)16), EFAULT); /* musl copies: ask the kernel */
	OK(close(fd));
	OK(close(dfd));
	fs_end();
	return 0;
}
