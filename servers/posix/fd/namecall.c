/* The calls that make, remove and rename names, and choose where names
 * start: mkdir, mkdirat, mknod, mknodat, unlink, unlinkat, rmdir, rename,
 * renameat, renameat2, link, linkat, symlink, symlinkat, chdir, fchdir,
 * chroot. Handlers for the Linux ABI table (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "proc.h"
#include "file.h"
#include "vfs.h"
#include <linux/fcntl.h>

static char path1[VFS_PATH_MAX], path2[VFS_PATH_MAX];

/* Both paths of a two-name call, the first one first (its errors win). */
static long get_paths(struct proc *p, uint64_t first, uint64_t second)
{
    long r = fileio_get_path(p, first, path1);
    return r < 0 ? r : fileio_get_path(p, second, path2);
}

static long mkdir_at(struct thread *t, int dirfd, uint64_t upath, uint32_t mode)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path1);
    if (r < 0)
        return r;
    return file_mkdirat(&c, dirfd, path1, mode & ~c.fs->umask);
}

long sys_mkdir(struct thread *t, const uint64_t *a)
{
    return mkdir_at(t, AT_FDCWD, a[0], (uint32_t)a[1]);
}

long sys_mkdirat(struct thread *t, const uint64_t *a)
{
    return mkdir_at(t, (int)a[0], a[1], (uint32_t)a[2]);
}

static long mknod_at(struct thread *t, int dirfd, uint64_t upath, uint32_t mode, uint32_t dev)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path1);
    if (r < 0)
        return r;
    return file_mknodat(&c, dirfd, path1, mode, dev);
}

long sys_mknod(struct thread *t, const uint64_t *a)
{
    return mknod_at(t, AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_mknodat(struct thread *t, const uint64_t *a)
{
    return mknod_at(t, (int)a[0], a[1], (uint32_t)a[2], (uint32_t)a[3]);
}

static long unlink_at(struct thread *t, int dirfd, uint64_t upath, int flags)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path1);
    if (r < 0)
        return r;
    return file_unlinkat(&c, dirfd, path1, flags);
}

long sys_unlink(struct thread *t, const uint64_t *a)
{
    return unlink_at(t, AT_FDCWD, a[0], 0);
}

long sys_rmdir(struct thread *t, const uint64_t *a)
{
    return unlink_at(t, AT_FDCWD, a[0], AT_REMOVEDIR);
}

long sys_unlinkat(struct thread *t, const uint64_t *a)
{
    return unlink_at(t, (int)a[0], a[1], (int)a[2]);
}

static long rename_at(struct thread *t, int olddirfd, uint64_t oldpath, int newdirfd,
                      uint64_t newpath, uint32_t flags)
{
    struct file_ctx c = fileio_ctx(t);
    long r = get_paths(t->p, oldpath, newpath);
    if (r < 0)
        return r;
    return file_renameat(&c, olddirfd, path1, newdirfd, path2, flags);
}

long sys_rename(struct thread *t, const uint64_t *a)
{
    return rename_at(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

long sys_renameat(struct thread *t, const uint64_t *a)
{
    return rename_at(t, (int)a[0], a[1], (int)a[2], a[3], 0);
}

long sys_renameat2(struct thread *t, const uint64_t *a)
{
    return rename_at(t, (int)a[0], a[1], (int)a[2], a[3], (uint32_t)a[4]);
}

static long link_at(struct thread *t, int olddirfd, uint64_t oldpath, int newdirfd,
                    uint64_t newpath, int flags)
{
    struct file_ctx c = fileio_ctx(t);
    long r = get_paths(t->p, oldpath, newpath);
    if (r < 0)
        return r;
    return file_linkat(&c, olddirfd, path1, newdirfd, path2, flags);
}

long sys_link(struct thread *t, const uint64_t *a)
{
    return link_at(t, AT_FDCWD, a[0], AT_FDCWD, a[1], 0);
}

long sys_linkat(struct thread *t, const uint64_t *a)
{
    return link_at(t, (int)a[0], a[1], (int)a[2], a[3], (int)a[4]);
}

static long symlink_at(struct thread *t, uint64_t target, int newdirfd, uint64_t linkpath)
{
    struct file_ctx c = fileio_ctx(t);
    long r = get_paths(t->p, target, linkpath);
    if (r < 0)
        return r;
    return file_symlinkat(&c, path1, newdirfd, path2);
}

long sys_symlink(struct thread *t, const uint64_t *a)
{
    return symlink_at(t, a[0], AT_FDCWD, a[1]);
}

long sys_symlinkat(struct thread *t, const uint64_t *a)
{
    return symlink_at(t, a[0], (int)a[1], a[2]);
}

long sys_chdir(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, a[0], path1);
    if (r < 0)
        return r;
    return file_chdir(&c, path1);
}

long sys_fchdir(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_fchdir(&c, (int)a[0]);
}

long sys_chroot(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, a[0], path1);
    if (r < 0)
        return r;
    return file_chroot(&c, path1);
}
