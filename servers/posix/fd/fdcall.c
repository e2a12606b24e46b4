/* The descriptor calls: open, creat, openat, close, dup, dup2, dup3, pipe,
 * pipe2, lseek, getdents64, ioctl, fcntl (with record locks that wait),
 * flock, fsync, fdatasync, sync. Handlers for the Linux ABI table
 * (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "sigio.h"
#include "client.h"
#include "proc.h"
#include "file.h"
#include "vfs.h"
#include "pipe.h"
#include "lock.h"
#include "string.h"
#include <linux/fcntl.h>
#include <linux/close_range.h>

static char path[VFS_PATH_MAX];

static long do_pipe(struct thread *t, uint64_t out, uint32_t flags)
{
    if (flags & ~(uint32_t)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct proc *p = t->p;
    struct vfs_cred cred = fileio_ctx(t).cred;
    struct vnode *vn;
    int r = pipe_create(&posix_vfs, &cred, &vn);
    if (r < 0)
        return r;
    int err = 0;
    uint32_t st = flags & O_NONBLOCK;
    struct ofile *rf = ofile_new(vn, O_RDONLY | st, NULL, &err);
    struct ofile *wf = rf ? ofile_new(vn, O_WRONLY | st, NULL, &err) : NULL;
    vfs_unref(vn);
    if (!wf) {
        if (rf)
            ofile_unref(rf);
        return err ? err : -ENOMEM;
    }
    int cloexec = (flags & O_CLOEXEC) != 0;
    int fds[2];
    fds[0] = fdtable_install(p->fdt, rf, 0, cloexec);
    if (fds[0] < 0) {
        ofile_unref(rf);
        ofile_unref(wf);
        return fds[0];
    }
    fds[1] = fdtable_install(p->fdt, wf, 0, cloexec);
    struct file_ctx c = fileio_ctx(t);
    if (fds[1] < 0) {
        ofile_unref(wf);
        file_close(&c, fds[0]);
        return fds[1];
    }
    if (client_write(p, out, fds, sizeof fds) < 0) {
        file_close(&c, fds[0]);
        file_close(&c, fds[1]);
        return -EFAULT;
    }
    return 0;
}

/* --- waiting for locks (F_SETLKW, F_OFD_SETLKW, flock) ------------------------------
   A waiter is parked with BLOCK_LOCK on the file's lock queue (lock.h) and
   what it wants in aux[]: vnode, kind, type, start, end, owner. A lock on
   that file going away or shrinking runs its call again (fileio.c). */

/* Owners followed when looking for a cycle of POSIX lock waiters. */
#define LOCK_DEADLOCK_DEPTH 16

/* Would want wait, directly or through other waiters, for its own owner? */
static int lock_deadlock(const struct file_lock_want *want)
{
    const void *holder = want->holder;
    for (int depth = 0; depth < LOCK_DEADLOCK_DEPTH; depth++) {
        struct thread *w = NULL;
        for (int i = 0; i < THREAD_MAX && !w; i++)
            if (threads[i].used && threads[i].block == BLOCK_LOCK &&
                threads[i].aux[1] == LOCK_POSIX && threads[i].aux[5] == (uintptr_t)holder)
                w = &threads[i];
        if (!w)
            return 0;
        struct lock_info info;
        if (!lock_test((struct vnode *)(uintptr_t)w->aux[0], LOCK_POSIX, holder, (int)w->aux[2],
                       w->aux[3], w->aux[4], &info) || info.kind != LOCK_POSIX)
            return 0;
        if (info.owner == want->owner)
            return 1;
        holder = info.owner;
    }
    return 0;
}

static long park_lock(struct thread *t, const struct file_lock_want *want)
{
    if (want->kind == LOCK_POSIX && lock_deadlock(want))
        return -EDEADLK;
    t->aux[0] = (uintptr_t)want->vn;
    t->aux[1] = (uint64_t)want->kind;
    t->aux[2] = (uint64_t)want->type;
    t->aux[3] = want->start;
    t->aux[4] = want->end;
    t->aux[5] = (uintptr_t)want->owner;
    struct waitq *q = lock_waitq(want->vn);
    if (!q || sleeper_wait_on(&t->sleep, q) < 0) {
        sleeper_cancel(&t->sleep);
        return -ENOLCK;
    }
    t->block = BLOCK_LOCK;
    return R_DEFER;
}

static int is_lock_cmd(int cmd)
{
    return cmd == F_GETLK || cmd == F_SETLK || cmd == F_SETLKW || cmd == F_OFD_GETLK ||
           cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
}

static long do_fcntl_lock(struct thread *t, int fd, int cmd, uint64_t arg)
{
    struct file_ctx c = fileio_ctx(t);
    struct flock fl;
    if (!fdtable_get(c.fdt, fd))
        return -EBADF;
    if (client_read(t->p, arg, &fl, sizeof fl) < 0)
        return -EFAULT;
    struct file_lock_want want;
    int64_t r = file_fcntl_lock(&c, fd, cmd, &fl, &want);
    if (r == 0 && (cmd == F_GETLK || cmd == F_OFD_GETLK) &&
        client_write(t->p, arg, &fl, sizeof fl) < 0)
        return -EFAULT;
    if (r == -EAGAIN && (cmd == F_SETLKW || cmd == F_OFD_SETLKW))
        return park_lock(t, &want);
    return r;
}

static long do_flock(struct thread *t, int fd, int op)
{
    struct file_ctx c = fileio_ctx(t);
    struct file_lock_want want;
    int64_t r = file_flock(&c, fd, op, &want);
    if (r == -EAGAIN && !(op & LOCK_NB))
        return park_lock(t, &want);
    return r;
}

/* --- the calls ------------------------------------------------------------------------ */

static long open_at(struct thread *t, int dirfd, uint64_t upath, uint32_t flags, uint32_t mode)
{
    struct file_ctx c = fileio_ctx(t);
    long r = fileio_get_path(t->p, upath, path);
    if (r < 0)
        return r;
    fileio_leases_due(); /* breaks whose time ran out end before this open looks */
    return fileio_open_wait(t, file_openat(&c, dirfd, path, flags, mode & ~c.fs->umask));
}

long sys_open(struct thread *t, const uint64_t *a)
{
    return open_at(t, AT_FDCWD, a[0], (uint32_t)a[1], (uint32_t)a[2]);
}

long sys_creat(struct thread *t, const uint64_t *a)
{
    return open_at(t, AT_FDCWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, (uint32_t)a[1]);
}

long sys_openat(struct thread *t, const uint64_t *a)
{
    return open_at(t, (int)a[0], a[1], (uint32_t)a[2], (uint32_t)a[3]);
}

long sys_close(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_close(&c, (int)a[0]);
}

/* close_range: closes the open descriptors from first to last, or with
   CLOSE_RANGE_CLOEXEC marks them close-on-exec. CLOSE_RANGE_UNSHARE has
   nothing to do, as for unshare(CLONE_FILES): each process has its own
   table. EINVAL for first > last or another flag, as Linux. */
long sys_close_range(struct thread *t, const uint64_t *a)
{
    uint32_t first = (uint32_t)a[0], last = (uint32_t)a[1];
    uint64_t flags = a[2];
    if ((flags & ~(uint64_t)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || first > last)
        return -EINVAL;
    struct file_ctx c = fileio_ctx(t);
    for (uint64_t fd = first; fd <= last && fd < c.fdt->cap; fd++) {
        if (!c.fdt->files[fd])
            continue;
        if (flags & CLOSE_RANGE_CLOEXEC)
            c.fdt->cloexec[fd] = 1;
        else
            file_close(&c, (int)fd);
    }
    return 0;
}

long sys_dup(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_dup(&c, (int)a[0]);
}

long sys_dup2(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_dup2(&c, (int)a[0], (int)a[1]);
}

long sys_dup3(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_dup3(&c, (int)a[0], (int)a[1], (uint32_t)a[2]);
}

long sys_pipe(struct thread *t, const uint64_t *a)
{
    return do_pipe(t, a[0], 0);
}

long sys_pipe2(struct thread *t, const uint64_t *a)
{
    return do_pipe(t, a[0], (uint32_t)a[1]);
}

long sys_lseek(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    return file_lseek(&c, (int)a[0], (int64_t)a[1], (int)a[2]);
}

long sys_getdents64(struct thread *t, const uint64_t *a)
{
    struct file_ctx c = fileio_ctx(t);
    size_t n = a[2] < IO_CHUNK ? (size_t)a[2] : IO_CHUNK;
    int64_t g = file_getdents64(&c, (int)a[0], fileio_iobuf, n);
    if (g > 0 && client_write(t->p, a[1], fileio_iobuf, (size_t)g) < 0)
        return -EFAULT;
    return g;
}

long sys_ioctl(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    struct file_ctx c = fileio_ctx(t);
    int in, out;
    size_t n = file_ioctl_size(a[1], &in, &out);
    if (n > IO_CHUNK)
        return -EINVAL;
    if (n && in && client_read(p, a[2], fileio_iobuf, n) < 0)
        return -EFAULT;
    if (!n)
        memcpy(fileio_iobuf, &a[2], sizeof a[2]); /* a by-value argument (TCFLSH, TIOCSCTTY ...) */
    int64_t g = file_ioctl(&c, (int)a[0], a[1], fileio_iobuf);
    if (g >= 0 && n && out && client_write(p, a[2], fileio_iobuf, n) < 0)
        return -EFAULT;
    return g;
}

long sys_fcntl(struct thread *t, const uint64_t *a)
{
    int fd = (int)a[0], cmd = (int)a[1];
    if (is_lock_cmd(cmd))
        return do_fcntl_lock(t, fd, cmd, a[2]);
    if (cmd == F_SETOWN || cmd == F_GETOWN || cmd == F_SETOWN_EX || cmd == F_GETOWN_EX ||
        cmd == F_SETSIG || cmd == F_GETSIG)
        return sigio_fcntl(t, fd, cmd, a[2]);
    struct file_ctx c = fileio_ctx(t);
    return file_fcntl(&c, fd, cmd, a[2]);
}

long sys_flock(struct thread *t, const uint64_t *a)
{
    return do_flock(t, (int)a[0], (int)a[1]);
}

/* Memory is the medium: there is nothing to write back. */
/* fsync, fdatasync: nothing to write back, but only files that have
   something to sync accept it (FILE_OPS_SYNC), as Linux. */
static long do_sync(struct thread *t, int fd)
{
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    return (f->ops->flags & FILE_OPS_SYNC) ? 0 : -EINVAL;
}

long sys_fsync(struct thread *t, const uint64_t *a)
{
    return do_sync(t, (int)a[0]);
}

long sys_fdatasync(struct thread *t, const uint64_t *a)
{
    return do_sync(t, (int)a[0]);
}

long sys_sync(struct thread *t, const uint64_t *a)
{
    (void)t, (void)a;
    return 0;
}
