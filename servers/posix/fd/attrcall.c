/* The calls that change a file's attributes and size: chmod, fchmod,
 * fchmodat, chown, lchown, fchown, fchownat, utime, utimes, futimesat,
 * utimensat, truncate, ftruncate, fallocate. Handlers for the Linux ABI
 * table (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "file.h"
#include "vfs.h"
#include <linux/fcntl.h>

static char path[VFS_PATH_MAX];

/* --- times: the Linux argument layouts ------------------------------------------------ */

struct lx_timespec { int64_t sec, nsec; };
struct lx_timeval { int64_t sec, usec; };
struct lx_utimbuf { int64_t actime, modtime; };

static long do_utimensat(struct thread *t, int fd, uint64_t upath, uint64_t times, int flags)
{
    struct file_ctx c = fileio_ctx(t);
    const char *pp = NULL;
    if (upath) {
        long r = fileio_get_path(t->p, upath, path);
        if (r < 0)
            return r;
        pp = path;
    } else if (fd == AT_FDCWD) {
        return -EFAULT;
    }
    struct vfs_time tv[2];
    if (times) {
        struct lx_timespec ts[2];
        if (client_read(t->p, times, ts, sizeof ts) < 0)
            return -EFAULT;
        for (int i = 0; i < 2; i++)
            tv[i] = (struct vfs_time){ ts[i].sec, ts[i].nsec };
    }
    return file_utimensat(&c, fd, pp, times ? tv : NULL, flags);
}

/* utimes, futimesat (timevals) and utime (whole seconds). */
static long do_utimes(struct thread *t, int fd, uint64_t upath, uint64_t times, int utimbuf)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    struct vfs_time tv[2];
    if (times && utimbuf) {
        struct lx_utimbuf u;
        if (client_read(t->p, times, &u, sizeof u) < 0)
            return -EFAULT;
        tv[0] = (struct vfs_time){ u.actime, 0 };
        tv[1] = (struct vfs_time){ u.modtime, 0 };
    } else if (times) {
        struct lx_timeval v[2];
        if (client_read(t->p, times, v, sizeof v) < 0)
            return -EFAULT;
        for (int i = 0; i < 2; i++) {
            if (v[i].usec < 0 || v[i].usec >= 1000000)
                return -EINVAL;
            tv[i] = (struct vfs_time){ v[i].sec, v[i].usec * 1000 };
        }
    }
    return file_utimensat(&c, fd, path, times ? tv : NULL, 0);
}

/* --- the calls ------------------------------------------------------------------------ */

static long chmod_at(struct thread *t, int dirfd, uint64_t upath, uint32_t mode)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    return file_fchmodat(&c, dirfd, path, mode);
}

long sys_chmod(struct thread *t, const uint64_t *a)
{
    return chmod_at(t, AT_FDCWD, a[0], (uint32_t)a[1]);
}

long sys_fchmodat(struct thread *t, const uint64_t *a)
{
    return chmod_at(t, (int)a[0], a[1], (uint32_t)a[2]);
}

long sys_fchmod(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_fchmod(&c, (int)a[0], (uint32_t)a[1]);
}

static long chown_at(struct thread *t, int dirfd, uint64_t upath, uint32_t uid, uint32_t gid,
                     int flags)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    return file_fchownat(&c, dirfd, path, uid, gid, flags);
}

long sys_chown(struct thread *t, const uint64_t *a)
{
    return chown_at(t, AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2], 0);
}

long sys_lchown(struct thread *t, const uint64_t *a)
{
    return chown_at(t, AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2], AT_SYMLINK_NOFOLLOW);
}

long sys_fchownat(struct thread *t, const uint64_t *a)
{
    return chown_at(t, (int)a[0], a[1], (uint32_t)a[2], (uint32_t)a[3], (int)a[4]);
}

long sys_fchown(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_fchown(&c, (int)a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_utimensat(struct thread *t, const uint64_t *a)
{
    return do_utimensat(t, (int)a[0], a[1], a[2], (int)a[3]);
}

long sys_futimesat(struct thread *t, const uint64_t *a)
{
    return do_utimes(t, (int)a[0], a[1], a[2], 0);
}

long sys_utimes(struct thread *t, const uint64_t *a)
{
    return do_utimes(t, AT_FDCWD, a[0], a[1], 0);
}

long sys_utime(struct thread *t, const uint64_t *a)
{
    return do_utimes(t, AT_FDCWD, a[0], a[1], 1);
}

long sys_truncate(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, a[0], path);
    if (r < 0)
        return r;
    fileio_leases_due();
    return fileio_lease_wait(t, file_truncate(&c, path, (int64_t)a[1]));
}

long sys_ftruncate(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_ftruncate(&c, (int)a[0], (int64_t)a[1]);
}

long sys_fallocate(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_fallocate(&c, (int)a[0], (int)a[1], (int64_t)a[2], (int64_t)a[3]);
}
