/* The calls that look at files without changing them: stat, lstat, fstat,
 * newfstatat, statx, statfs, fstatfs, access, faccessat, faccessat2,
 * readlink, readlinkat, getcwd. Handlers for the Linux ABI table
 * (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "file.h"
#include "vfs.h"
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <asm/statfs.h>

static char path[VFS_PATH_MAX], target[VFS_PATH_MAX];

static long put_stat(struct proc *p, uint64_t addr, int64_t r, const struct stat *st)
{
    if (r < 0)
        return r;
    return client_write(p, addr, st, sizeof *st) < 0 ? -EFAULT : r;
}

static long do_statx(struct thread *t, int fd, uint64_t upath, int flags, uint32_t mask, uint64_t buf)
{
    struct file_ctx c = fileio_ctx(t);
    const char *pp = NULL;
    if (upath) {
        long r = fileio_get_path(t->p, upath, path);
        if (r < 0)
            return r;
        pp = path;
    } else if (!(flags & AT_EMPTY_PATH)) {
        return -EFAULT;
    }
    struct statx stx;
    int64_t r = file_statx(&c, fd, pp, flags, mask, &stx);
    if (r == 0 && client_write(t->p, buf, &stx, sizeof stx) < 0)
        return -EFAULT;
    return r;
}

static long put_statfs(struct proc *p, uint64_t addr, int64_t r, const struct statfs *st)
{
    if (r < 0)
        return r;
    return client_write(p, addr, st, sizeof *st) < 0 ? -EFAULT : r;
}

/* --- the calls ------------------------------------------------------------------------ */

static long stat_path(struct thread *t, uint64_t upath, uint64_t buf, int flags)
{
    struct file_ctx c = fileio_ctx(t);
    struct stat st;
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    return put_stat(t->p, buf, file_fstatat(&c, AT_FDCWD, path, &st, flags), &st);
}

long sys_stat(struct thread *t, const uint64_t *a)
{
    return stat_path(t, a[0], a[1], 0);
}

long sys_lstat(struct thread *t, const uint64_t *a)
{
    return stat_path(t, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

long sys_fstat(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    struct stat st;
    return put_stat(t->p, a[1], file_fstat(&c, (int)a[0], &st), &st);
}

long sys_newfstatat(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    struct stat st;
    long r = fileio_get_path(t->p, a[1], path);
    if (r < 0)
        return r;
    return put_stat(t->p, a[2], file_fstatat(&c, (int)a[0], path, &st, (int)a[3]), &st);
}

long sys_statx(struct thread *t, const uint64_t *a)
{
    return do_statx(t, (int)a[0], a[1], (int)a[2], (uint32_t)a[3], a[4]);
}

long sys_statfs(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    struct statfs sf;
    long r = fileio_get_path(t->p, a[0], path);
    if (r < 0)
        return r;
    return put_statfs(t->p, a[1], file_statfs(&c, path, &sf), &sf);
}

long sys_fstatfs(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    struct statfs sf;
    return put_statfs(t->p, a[1], file_fstatfs(&c, (int)a[0], &sf), &sf);
}

/* access/faccessat check with the real uid and gid, as Linux does (a
   set-user-ID program asks what its user may do); faccessat2's
   AT_EACCESS asks with the effective ones. */
static long access_at(struct thread *t, int dirfd, uint64_t upath, int mode, int flags)
{
    struct file_ctx c = fileio_ctx(t);
    if (!(flags & AT_EACCESS)) {
        c.cred.uid = t->p->uid;
        c.cred.gid = t->p->gid;
    }
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    return file_faccessat(&c, dirfd, path, mode, flags);
}

long sys_access(struct thread *t, const uint64_t *a)
{
    return access_at(t, AT_FDCWD, a[0], (int)a[1], 0);
}

long sys_faccessat(struct thread *t, const uint64_t *a)
{
    return access_at(t, (int)a[0], a[1], (int)a[2], 0);
}

long sys_faccessat2(struct thread *t, const uint64_t *a)
{
    return access_at(t, (int)a[0], a[1], (int)a[2], (int)a[3]);
}

static long readlink_at(struct thread *t, int dirfd, uint64_t upath, uint64_t buf, uint64_t size)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    size_t n = size < sizeof target ? (size_t)size : sizeof target;
    int64_t g = file_readlinkat(&c, dirfd, path, target, n);
    if (g > 0 && client_write(t->p, buf, target, (size_t)g) < 0)
        return -EFAULT;
    return g;
}

long sys_readlink(struct thread *t, const uint64_t *a)
{
    return readlink_at(t, AT_FDCWD, a[0], a[1], a[2]);
}

long sys_readlinkat(struct thread *t, const uint64_t *a)
{
    return readlink_at(t, (int)a[0], a[1], a[2], a[3]);
}

long sys_getcwd(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    size_t n = a[1] < sizeof path ? (size_t)a[1] : sizeof path;
    int64_t g = file_getcwd(&c, path, n);
    if (g > 0 && client_write(t->p, a[0], path, (size_t)g) < 0)
        return -EFAULT;
    return g;
}
