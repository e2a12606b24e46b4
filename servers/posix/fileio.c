/* The file syscalls glue (see fileio.h); the console devices are in
 * console.c. */
#include "posix.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "signal.h"
#include "file.h"
#include "vfs.h"
#include "time.h"
#include "pipe.h"
#include "socket.h"
#include "sockcall.h"
#include "poll.h"
#include "lock.h"
#include "devices.h"
#include "console.h"
#include "mount.h"
#include "fsmount.h"
#include "ext2fs.h"
#include "string.h"
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <asm/statfs.h>

/* Bytes one read or write moves through the server at a time (writes loop). */
#define IO_CHUNK 65536
/* iovec entries in one readv/writev (Linux's UIO_MAXIOV). */
#define IOV_MAX_ENTRIES 1024

struct vfs posix_vfs;

static uint64_t lock_gen_seen; /* lock_generation() when lock waiters last ran */
static void retry_locks(void);

static void clock_now(struct vfs_time *now)
{
    uint64_t ns = time_realtime_ns();
    now->sec = (int64_t)(ns / 1000000000u);
    now->nsec = (int64_t)(ns % 1000000000u);
}

int fileio_boot(void)
{
    int r = console_boot(&posix_vfs, clock_now);
    if (r == 0)
        r = mount_init(&posix_vfs);
    if (r == 0)
        r = devices_init(&posix_vfs);
    fsmount_init(clock_now);
    ext2fs_init(clock_now);
    return r;
}

/* The credentials file calls check: effective ids and supplementary groups. */
static struct vfs_cred cred_of(struct proc *p)
{
    struct vfs_cred cred = { .uid = p->euid, .gid = p->egid, .ngroups = p->ngroups,
                             .groups = p->groups, .pid = p->pid };
    return cred;
}

static struct file_ctx ctx_of(struct proc *p)
{
    struct file_ctx c = { .fs = p->fs, .fdt = p->fdt, .cred = cred_of(p), .pid = p->pid };
    return c;
}

struct file_ctx fileio_ctx(struct proc *p)
{
    return ctx_of(p);
}

int fileio_init_proc(struct proc *p)
{
    p->fs = fs_state_new(&posix_vfs);
    p->fdt = fdtable_new();
    if (!p->fs || !p->fdt)
        return -ENOMEM;
    struct file_ctx c = ctx_of(p);
    if (file_openat(&c, AT_FDCWD, "/dev/console", O_RDWR, 0) != 0 || file_dup(&c, 0) != 1 ||
        file_openat(&c, AT_FDCWD, "/dev/ttyS1", O_RDWR, 0) != 2)
        return -EIO;
    return 0;
}

int fileio_fork(struct proc *parent, struct proc *child)
{
    child->fs = fs_state_clone(parent->fs);
    child->fdt = fdtable_clone(parent->fdt);
    if (!child->fs || !child->fdt) {
        fileio_exit(child);
        return -ENOMEM;
    }
    return 0;
}

void fileio_exec(struct proc *p)
{
    if (p->fdt)
        fdtable_close_on_exec(p->fdt);
    if (sock_events()) /* a peer of a closed socket may go on */
        fileio_retry_reads();
}

void fileio_exit(struct proc *p)
{
    if (p->fdt)
        fdtable_unref(p->fdt);
    if (p->fs)
        fs_state_unref(p->fs);
    p->fdt = NULL;
    p->fs = NULL;
    if (pipe_events() | sock_events()) /* readers of its pipes and sockets see EOF, writers EPIPE */
        fileio_retry_reads();
    if (lock_generation() != lock_gen_seen) /* its locks went with its descriptors */
        retry_locks();
}

int fileio_lookup_exec(struct proc *p, const char *path, struct vnode **out)
{
    struct vfs_cred cred = cred_of(p);
    struct vfs_path at;
    int r = vfs_walk(&p->fs->root, &p->fs->cwd, path, 0, &cred, &at); /* chroot too */
    if (r < 0)
        return r;
    struct vnode *vn = at.vn;
    if (!vfs_is_reg(vn) || vfs_permission(vn, &cred, VFS_MAY_EXEC) < 0 ||
        (at.mnt && (at.mnt->flags & VFS_MNT_NOEXEC))) {
        vfs_path_unref(&at);
        return -EACCES;
    }
    vfs_ref(vn);
    vfs_path_unref(&at);
    *out = vn;
    return 0;
}

long fileio_slurp(const char *path, const uint8_t **data)
{
    static uint8_t *copy; /* the previous call's file, dropped by the next */
    struct vnode *vn;
    int r = vfs_lookup(&posix_vfs, posix_vfs.root, path, 0, NULL, &vn);
    if (r < 0)
        return r;
    free(copy);
    size_t size;
    r = vfs_map(vn, &copy, &size);
    vfs_unref(vn);
    if (r < 0)
        return r;
    *data = copy;
    return (long)size;
}

/* --- syscalls ---------------------------------------------------------------------- */

static uint8_t iobuf[IO_CHUNK];
static char path1[VFS_PATH_MAX], path2[VFS_PATH_MAX];

static long get_path(struct proc *p, uint64_t addr, char *buf)
{
    long r = client_string(p, addr, buf, VFS_PATH_MAX);
    return r < 0 ? r : 0;
}

/* A read that found a device empty: park the thread unless non-blocking. */
static long maybe_park(struct thread *t, int fd, long r)
{
    if (r != -EAGAIN)
        return r;
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    if (!f || (f->flags & O_NONBLOCK))
        return r;
    t->block = BLOCK_READ;
    return R_DEFER;
}

/* A write that failed before moving anything: a full pipe parks the
   writer, a pipe without readers raises SIGPIPE. */
static long write_error(struct thread *t, int fd, long r)
{
    if (r == -EPIPE) {
        signal_send_thread(t, SIGPIPE, NULL);
        return r; /* a default SIGPIPE ended the caller: t is not touched again */
    }
    return maybe_park(t, fd, r);
}

/* read and pread64 (off >= 0): IO_CHUNK at a time until count, a short chunk
   or an error, so a large read of a file or of /dev/zero is as full as on
   Linux (dd counts a short read as a partial record); a pipe or terminal
   gives what it has, as its first chunk comes back short or the next one
   finds it empty (the bytes already moved are the answer). */
static long do_read(struct thread *t, int fd, uint64_t buf, size_t count, int64_t off)
{
    struct file_ctx c = ctx_of(t->p);
    if (count > FILE_IO_MAX)
        count = FILE_IO_MAX;
    size_t done = 0;
    do {
        size_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;
        int64_t r = off < 0 ? file_read(&c, fd, iobuf, n)
                            : file_pread(&c, fd, iobuf, n, off + (int64_t)done);
        if (r < 0)
            return done ? (long)done : maybe_park(t, fd, r);
        if (r > 0 && client_write(t->p, buf + done, iobuf, (size_t)r) < 0)
            return done ? (long)done : -EFAULT;
        done += (size_t)r;
        if ((size_t)r < n)
            break;
    } while (done < count);
    return (long)done;
}

static long do_write(struct thread *t, int fd, uint64_t buf, size_t count, int64_t off)
{
    struct file_ctx c = ctx_of(t->p);
    size_t done = 0;
    while (done < count) {
        size_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;
        if (client_read(t->p, buf + done, iobuf, n) < 0)
            return done ? (long)done : -EFAULT;
        int64_t r = off < 0 ? file_write(&c, fd, iobuf, n)
                            : file_pwrite(&c, fd, iobuf, n, off + (int64_t)done);
        if (r < 0)
            return done ? (long)done : write_error(t, fd, r);
        done += (size_t)r;
        if ((size_t)r < n)
            break;
    }
    if (count == 0) {
        int64_t r = file_write(&c, fd, iobuf, 0);
        if (r < 0)
            return r;
    }
    return (long)done;
}

static long read_iov(struct proc *p, uint64_t iov, uint64_t cnt, struct uiovec *v, size_t *total)
{
    return cnt > IOV_MAX_ENTRIES ? -EINVAL : client_iovecs(p, iov, cnt, v, total);
}

static long do_writev(struct thread *t, int fd, uint64_t iov, uint64_t cnt, int64_t off)
{
    static struct uiovec v[IOV_MAX_ENTRIES];
    size_t total;
    long r = read_iov(t->p, iov, cnt, v, &total);
    if (r < 0)
        return r;
    struct file_ctx c = ctx_of(t->p);
    size_t done = 0;
    uint64_t i = 0, in = 0; /* position in v */
    do {
        /* Gather up to IO_CHUNK bytes so small writev calls stay one write. */
        size_t n = 0;
        while (i < cnt && n < IO_CHUNK) {
            size_t take = v[i].len - in < IO_CHUNK - n ? v[i].len - in : IO_CHUNK - n;
            if (take && client_read(t->p, v[i].base + in, iobuf + n, take) < 0)
                return done ? (long)done : -EFAULT;
            n += take, in += take;
            if (in == v[i].len)
                i++, in = 0;
        }
        int64_t w = off < 0 ? file_write(&c, fd, iobuf, n)
                            : file_pwrite(&c, fd, iobuf, n, off + (int64_t)done);
        if (w < 0)
            return done ? (long)done : write_error(t, fd, w);
        done += (size_t)w;
        if ((size_t)w < n)
            break;
    } while (i < cnt);
    return (long)done;
}

static long do_readv(struct thread *t, int fd, uint64_t iov, uint64_t cnt, int64_t off)
{
    static struct uiovec v[IOV_MAX_ENTRIES];
    size_t total;
    long r = read_iov(t->p, iov, cnt, v, &total);
    if (r < 0)
        return r;
    struct file_ctx c = ctx_of(t->p);
    if (total > FILE_IO_MAX)
        total = FILE_IO_MAX;
    /* As do_read: whole chunks until total or a short one; each chunk is
       scattered from where the last left off (entry i, offset in). */
    size_t done = 0, in = 0;
    uint64_t i = 0;
    do {
        size_t want = total - done < IO_CHUNK ? total - done : IO_CHUNK;
        int64_t got = off < 0 ? file_read(&c, fd, iobuf, want)
                              : file_pread(&c, fd, iobuf, want, off + (int64_t)done);
        if (got < 0)
            return done ? (long)done : maybe_park(t, fd, got);
        size_t put = 0;
        while (i < cnt && put < (size_t)got) {
            size_t n = (size_t)got - put < v[i].len - in ? (size_t)got - put : v[i].len - in;
            if (client_write(t->p, v[i].base + in, iobuf + put, n) < 0)
                return done ? (long)done : -EFAULT;
            put += n;
            in += n;
            if (in == v[i].len)
                i++, in = 0;
        }
        done += (size_t)got;
        if ((size_t)got < want)
            break;
    } while (done < total);
    return (long)done;
}

static long put_stat(struct proc *p, uint64_t addr, int64_t r, const struct stat *st)
{
    if (r < 0)
        return r;
    return client_write(p, addr, st, sizeof *st) < 0 ? -EFAULT : r;
}

/* --- FIFO opens that wait for the other side ---------------------------------------- */

/* After an open succeeded: a blocking FIFO open with nobody on the other side
   waits (BLOCK_OPEN) with its descriptor already in the table (a sharing
   thread could see it early; documented). */
static long open_wait(struct thread *t, long fd)
{
    if (fd < 0)
        return fd;
    struct ofile *f = fdtable_get(t->p->fdt, (int)fd);
    uint64_t since;
    if (!f || !pipe_open_waits(f->vn, f->flags, &since))
        return fd;
    t->aux[0] = (uint64_t)fd;
    t->aux[1] = (uint64_t)(uintptr_t)f;
    t->aux[2] = since;
    t->block = BLOCK_OPEN;
    return R_DEFER;
}

/* The descriptor a waiting open made, if it is still there. */
static struct ofile *open_waiter(struct thread *t)
{
    struct ofile *f = fdtable_get(t->p->fdt, (int)t->aux[0]);
    return f == (struct ofile *)(uintptr_t)t->aux[1] ? f : NULL;
}

static long open_retry(struct thread *t)
{
    struct ofile *f = open_waiter(t);
    if (f && !pipe_partner_came(f->vn, f->flags, t->aux[2])) {
        t->block = BLOCK_OPEN;
        return R_DEFER;
    }
    return (long)t->aux[0];
}

long fileio_open_interrupted(struct thread *t)
{
    if (open_waiter(t)) {
        struct file_ctx c = ctx_of(t->p);
        file_close(&c, (int)t->aux[0]);
    }
    return -ERESTARTSYS;
}

static int retrying;

/* Runs a parked call again; one that still has to wait parks itself anew. */
static void rerun_parked(struct thread *t)
{
    enum block why = t->block;
    t->block = BLOCK_NONE;
    int handled;
    long r = why == BLOCK_POLL ? poll_retry(t)
           : why == BLOCK_OPEN ? open_retry(t)
           : fileio_syscall(t, t->args, &handled);
    if (r != R_DEFER)
        signal_finish(t, r);
}

void fileio_retry_reads(void)
{
    if (retrying)
        return; /* the outer loop sees the new events */
    retrying = 1;
    do {
        pipe_events();
        sock_events();
        for (int i = 0; i < thread_slots; i++) {
            struct thread *t = &threads[i];
            if (t->used && (t->block == BLOCK_READ || t->block == BLOCK_POLL ||
                            t->block == BLOCK_OPEN))
                rerun_parked(t);
        }
    } while (pipe_events() | sock_events());
    retrying = 0;
}

static long do_pipe(struct thread *t, uint64_t out, uint32_t flags)
{
    if (flags & ~(uint32_t)(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
        return -EINVAL;
    struct proc *p = t->p;
    struct vfs_cred cred = cred_of(p);
    struct vnode *vn;
    int r = pipe_create(&posix_vfs, &cred, &vn);
    if (r < 0)
        return r;
    int err = 0;
    uint32_t st = flags & O_NONBLOCK;
    struct ofile *rf = ofile_new(vn, O_RDONLY | st, &err);
    struct ofile *wf = rf ? ofile_new(vn, O_WRONLY | st, &err) : NULL;
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
    struct file_ctx c = ctx_of(p);
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

/* sendfile: in_fd's bytes to out_fd through the server's buffer. A regular
   in_fd is read at a position (its offset, or *offp which then gets the new
   position and leaves the offset alone) that advances only by what out_fd
   took, so nothing is lost when out_fd takes less; from a pipe or device
   only as much is read as out_fd surely takes (pipe_room). */
static long do_sendfile(struct thread *t, int out_fd, int in_fd, uint64_t offp, size_t count)
{
    struct proc *p = t->p;
    struct file_ctx c = ctx_of(p);
    struct ofile *in = fdtable_get(p->fdt, in_fd);
    if (!in || (in->flags & O_PATH) || (in->flags & O_ACCMODE) == O_WRONLY)
        return -EBADF;
    int seekable = vfs_is_reg(in->vn);
    int64_t pos = (int64_t)in->offset;
    if (offp) {
        if (vfs_is_dev(in->vn))
            return -ESPIPE;
        if (client_read(p, offp, &pos, sizeof pos) < 0)
            return -EFAULT;
        if (pos < 0)
            return -EINVAL;
    }
    struct ofile *out = fdtable_get(p->fdt, out_fd);
    if (!out || (out->flags & O_PATH) || (out->flags & O_ACCMODE) == O_RDONLY)
        return -EBADF;
    if ((out->flags & O_APPEND) || (!seekable && !vfs_is_dev(in->vn)))
        return -EINVAL; /* as Linux: no appending output, no directory input */
    if (count > FILE_IO_MAX)
        count = FILE_IO_MAX;
    size_t done = 0;
    while (done < count) {
        size_t n = count - done < IO_CHUNK ? count - done : IO_CHUNK;
        int64_t got;
        if (seekable) {
            got = file_pread(&c, in_fd, iobuf, n, pos);
        } else {
            size_t room = pipe_room(out->vn);
            if (room == 0) {
                if (done)
                    break;
                return write_error(t, out_fd, -EAGAIN);
            }
            got = file_read(&c, in_fd, iobuf, n < room ? n : room);
        }
        if (got < 0 && !done)
            return maybe_park(t, in_fd, got);
        if (got <= 0)
            break;
        int64_t w = file_write(&c, out_fd, iobuf, (size_t)got);
        if (w < 0 && !done)
            return write_error(t, out_fd, w);
        if (w <= 0)
            break;
        done += (size_t)w;
        pos += w;
        if (w < got)
            break;
    }
    if (offp) {
        if (client_write(p, offp, &pos, sizeof pos) < 0)
            return -EFAULT;
    } else if (seekable) {
        in->offset = (uint64_t)pos;
    }
    return (long)done;
}

static long file_call(struct thread *t, const uint64_t *a, int *handled);

/* --- waiting for locks (F_SETLKW, F_OFD_SETLKW, flock) ------------------------------
   A waiter is parked with BLOCK_LOCK and what it wants in aux[]: vnode,
   kind, type, start, end, owner. Every change of lock_generation() re-runs
   the waiters' calls. */

/* Owners followed when looking for a cycle of POSIX lock waiters. */
#define LOCK_DEADLOCK_DEPTH 16

static void retry_locks(void)
{
    static int busy;
    if (busy)
        return; /* the outer loop sees the new generation */
    busy = 1;
    while (lock_generation() != lock_gen_seen) {
        lock_gen_seen = lock_generation();
        for (int i = 0; i < thread_slots; i++)
            if (threads[i].used && threads[i].block == BLOCK_LOCK)
                rerun_parked(&threads[i]);
    }
    busy = 0;
}

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
    struct file_ctx c = ctx_of(t->p);
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
    struct file_ctx c = ctx_of(t->p);
    struct file_lock_want want;
    int64_t r = file_flock(&c, fd, op, &want);
    if (r == -EAGAIN && !(op & LOCK_NB))
        return park_lock(t, &want);
    return r;
}

/* --- ownership and times: the Linux argument layouts ---------------------------- */

struct lx_timespec { int64_t sec, nsec; };
struct lx_timeval { int64_t sec, usec; };
struct lx_utimbuf { int64_t actime, modtime; };

static long do_utimensat(struct thread *t, int fd, uint64_t path, uint64_t times, int flags)
{
    struct file_ctx c = ctx_of(t->p);
    const char *pp = NULL;
    if (path) {
        long r = get_path(t->p, path, path1);
        if (r < 0)
            return r;
        pp = path1;
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
static long do_utimes(struct thread *t, int fd, uint64_t path, uint64_t times, int utimbuf)
{
    struct file_ctx c = ctx_of(t->p);
    long r = get_path(t->p, path, path1);
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
    return file_utimensat(&c, fd, path1, times ? tv : NULL, 0);
}

static long do_statx(struct thread *t, int fd, uint64_t path, int flags, uint32_t mask, uint64_t buf)
{
    struct file_ctx c = ctx_of(t->p);
    const char *pp = NULL;
    if (path) {
        long r = get_path(t->p, path, path1);
        if (r < 0)
            return r;
        pp = path1;
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

struct thread *fileio_caller;

long fileio_syscall(struct thread *t, const uint64_t *a, int *handled)
{
    fileio_caller = t;
    long r = sockcall_syscall(t, a, handled); /* socket calls, and reads and writes of sockets */
    if (!*handled)
        r = file_call(t, a, handled);
    fileio_caller = NULL;
    if (*handled && console_events())
        fileio_retry_reads();
    if (*handled && (pipe_events() | sock_events()))
        fileio_retry_reads();
    if (*handled && lock_generation() != lock_gen_seen)
        retry_locks();
    return r;
}

static long file_call(struct thread *t, const uint64_t *a, int *handled)
{
    struct proc *p = t->p;
    struct file_ctx c = ctx_of(p);
    struct stat st;
    long r;
    int fd = (int)a[0];
    *handled = 1;
    switch (t->nr) {
    case __NR_read: return do_read(t, fd, a[1], (size_t)a[2], -1);
    case __NR_write: return do_write(t, fd, a[1], (size_t)a[2], -1);
    case __NR_pread64: {
        if ((int64_t)a[3] < 0)
            return -EINVAL;
        return do_read(t, fd, a[1], (size_t)a[2], (int64_t)a[3]);
    }
    case __NR_pwrite64:
        if ((int64_t)a[3] < 0)
            return -EINVAL;
        return do_write(t, fd, a[1], (size_t)a[2], (int64_t)a[3]);
    case __NR_readv: return do_readv(t, fd, a[1], a[2], -1);
    case __NR_writev: return do_writev(t, fd, a[1], a[2], -1);
    case __NR_preadv:
        if ((int64_t)a[3] < 0)
            return -EINVAL;
        return do_readv(t, fd, a[1], a[2], (int64_t)a[3]);
    case __NR_pwritev:
        if ((int64_t)a[3] < 0)
            return -EINVAL;
        return do_writev(t, fd, a[1], a[2], (int64_t)a[3]);
    case __NR_open:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return open_wait(t, file_openat(&c, AT_FDCWD, path1, (uint32_t)a[1],
                                        (uint32_t)a[2] & ~c.fs->umask));
    case __NR_creat:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return open_wait(t, file_openat(&c, AT_FDCWD, path1, O_CREAT | O_WRONLY | O_TRUNC,
                                        (uint32_t)a[1] & ~c.fs->umask));
    case __NR_openat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return open_wait(t, file_openat(&c, fd, path1, (uint32_t)a[2],
                                        (uint32_t)a[3] & ~c.fs->umask));
    case __NR_close: return file_close(&c, fd);
    case __NR_lseek: return file_lseek(&c, fd, (int64_t)a[1], (int)a[2]);
    case __NR_fstat: return put_stat(p, a[1], file_fstat(&c, fd, &st), &st);
    case __NR_stat:
    case __NR_lstat:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return put_stat(p, a[1],
                        file_fstatat(&c, AT_FDCWD, path1, &st,
                                     t->nr == __NR_lstat ? AT_SYMLINK_NOFOLLOW : 0), &st);
    case __NR_newfstatat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return put_stat(p, a[2], file_fstatat(&c, fd, path1, &st, (int)a[3]), &st);
    case __NR_getdents64: {
        size_t n = a[2] < IO_CHUNK ? (size_t)a[2] : IO_CHUNK;
        int64_t g = file_getdents64(&c, fd, iobuf, n);
        if (g > 0 && client_write(p, a[1], iobuf, (size_t)g) < 0)
            return -EFAULT;
        return g;
    }
    case __NR_ioctl: {
        int in, out;
        size_t n = file_ioctl_size(a[1], &in, &out);
        if (n > sizeof iobuf)
            return -EINVAL;
        if (n && in && client_read(p, a[2], iobuf, n) < 0)
            return -EFAULT;
        if (!n)
            memcpy(iobuf, &a[2], sizeof a[2]); /* a by-value argument (TCFLSH, TIOCSCTTY ...) */
        int64_t g = file_ioctl(&c, fd, a[1], iobuf);
        if (g >= 0 && n && out && client_write(p, a[2], iobuf, n) < 0)
            return -EFAULT;
        return g;
    }
    case __NR_fcntl:
        if (is_lock_cmd((int)a[1]))
            return do_fcntl_lock(t, fd, (int)a[1], a[2]);
        return file_fcntl(&c, fd, (int)a[1], a[2]);
    case __NR_flock: return do_flock(t, fd, (int)a[1]);
    case __NR_chown:
    case __NR_lchown:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_fchownat(&c, AT_FDCWD, path1, (uint32_t)a[1], (uint32_t)a[2],
                             t->nr == __NR_lchown ? AT_SYMLINK_NOFOLLOW : 0);
    case __NR_fchown: return file_fchown(&c, fd, (uint32_t)a[1], (uint32_t)a[2]);
    case __NR_fchownat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return file_fchownat(&c, fd, path1, (uint32_t)a[2], (uint32_t)a[3], (int)a[4]);
    case __NR_utimensat: return do_utimensat(t, fd, a[1], a[2], (int)a[3]);
    case __NR_futimesat: return do_utimes(t, fd, a[1], a[2], 0);
    case __NR_utimes: return do_utimes(t, AT_FDCWD, a[0], a[1], 0);
    case __NR_utime: return do_utimes(t, AT_FDCWD, a[0], a[1], 1);
    case __NR_statx: return do_statx(t, fd, a[1], (int)a[2], (uint32_t)a[3], a[4]);
    case __NR_statfs: {
        struct statfs sf;
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return put_statfs(p, a[1], file_statfs(&c, path1, &sf), &sf);
    }
    case __NR_fstatfs: {
        struct statfs sf;
        return put_statfs(p, a[1], file_fstatfs(&c, fd, &sf), &sf);
    }
    case __NR_chroot:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_chroot(&c, path1);
    case __NR_mount: {
        /* the source may be NULL (propagation, remount), as may type and data */
        static char fstype[FSMOUNT_DATA_MAX], data[FSMOUNT_DATA_MAX];
        if (a[0] && (r = get_path(p, a[0], path2)) < 0)
            return r;
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        if (a[2] && (r = client_string(p, a[2], fstype, sizeof fstype)) < 0)
            return r;
        if (a[4] && (r = client_string(p, a[4], data, sizeof data)) < 0)
            return r;
        return file_mount(&c, a[0] ? path2 : NULL, path1, a[2] ? fstype : NULL, a[3],
                          a[4] ? data : NULL);
    }
    case __NR_umount2:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_umount(&c, path1, (int)a[1]);
    case __NR_fallocate:
        return file_fallocate(&c, fd, (int)a[1], (int64_t)a[2], (int64_t)a[3]);
    case __NR_dup: return file_dup(&c, fd);
    case __NR_dup2: return file_dup2(&c, fd, (int)a[1]);
    case __NR_dup3: return file_dup3(&c, fd, (int)a[1], (uint32_t)a[2]);
    case __NR_getcwd: {
        size_t n = a[1] < sizeof path1 ? (size_t)a[1] : sizeof path1;
        int64_t g = file_getcwd(&c, path1, n);
        if (g > 0 && client_write(p, a[0], path1, (size_t)g) < 0)
            return -EFAULT;
        return g;
    }
    case __NR_chdir:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_chdir(&c, path1);
    case __NR_fchdir: return file_fchdir(&c, fd);
    case __NR_mkdir:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_mkdirat(&c, AT_FDCWD, path1, (uint32_t)a[1] & ~c.fs->umask);
    case __NR_mkdirat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return file_mkdirat(&c, fd, path1, (uint32_t)a[2] & ~c.fs->umask);
    case __NR_unlink:
    case __NR_rmdir:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_unlinkat(&c, AT_FDCWD, path1, t->nr == __NR_rmdir ? AT_REMOVEDIR : 0);
    case __NR_unlinkat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return file_unlinkat(&c, fd, path1, (int)a[2]);
    case __NR_rename:
        if ((r = get_path(p, a[0], path1)) < 0 || (r = get_path(p, a[1], path2)) < 0)
            return r;
        return file_renameat(&c, AT_FDCWD, path1, AT_FDCWD, path2, 0);
    case __NR_renameat:
    case __NR_renameat2:
        if ((r = get_path(p, a[1], path1)) < 0 || (r = get_path(p, a[3], path2)) < 0)
            return r;
        return file_renameat(&c, fd, path1, (int)a[2], path2,
                             t->nr == __NR_renameat2 ? (uint32_t)a[4] : 0);
    case __NR_link:
        if ((r = get_path(p, a[0], path1)) < 0 || (r = get_path(p, a[1], path2)) < 0)
            return r;
        return file_linkat(&c, AT_FDCWD, path1, AT_FDCWD, path2, 0);
    case __NR_linkat:
        if ((r = get_path(p, a[1], path1)) < 0 || (r = get_path(p, a[3], path2)) < 0)
            return r;
        return file_linkat(&c, fd, path1, (int)a[2], path2, (int)a[4]);
    case __NR_symlink:
        if ((r = get_path(p, a[0], path1)) < 0 || (r = get_path(p, a[1], path2)) < 0)
            return r;
        return file_symlinkat(&c, path1, AT_FDCWD, path2);
    case __NR_symlinkat:
        if ((r = get_path(p, a[0], path1)) < 0 || (r = get_path(p, a[2], path2)) < 0)
            return r;
        return file_symlinkat(&c, path1, (int)a[1], path2);
    case __NR_readlink:
    case __NR_readlinkat: {
        int at = t->nr == __NR_readlinkat;
        if ((r = get_path(p, a[at], path1)) < 0)
            return r;
        size_t n = a[at + 2] < sizeof path2 ? (size_t)a[at + 2] : sizeof path2;
        int64_t g = file_readlinkat(&c, at ? fd : AT_FDCWD, path1, path2, n);
        if (g > 0 && client_write(p, a[at + 1], path2, (size_t)g) < 0)
            return -EFAULT;
        return g;
    }
    case __NR_access:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_faccessat(&c, AT_FDCWD, path1, (int)a[1], 0);
    case __NR_faccessat:
    case __NR_faccessat2:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return file_faccessat(&c, fd, path1, (int)a[2], t->nr == __NR_faccessat2 ? (int)a[3] : 0);
    case __NR_truncate:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_truncate(&c, path1, (int64_t)a[1]);
    case __NR_ftruncate: return file_ftruncate(&c, fd, (int64_t)a[1]);
    case __NR_chmod:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_fchmodat(&c, AT_FDCWD, path1, (uint32_t)a[1]);
    case __NR_fchmodat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return file_fchmodat(&c, fd, path1, (uint32_t)a[2]);
    case __NR_fchmod: return file_fchmod(&c, fd, (uint32_t)a[1]);
    case __NR_pipe: return do_pipe(t, a[0], 0);
    case __NR_pipe2: return do_pipe(t, a[0], (uint32_t)a[1]);
    case __NR_fsync:
    case __NR_fdatasync:
        return fdtable_get(p->fdt, fd) ? 0 : -EBADF; /* memory is the medium */
    case __NR_sync: return 0;
    case __NR_mknod:
        if ((r = get_path(p, a[0], path1)) < 0)
            return r;
        return file_mknodat(&c, AT_FDCWD, path1, (uint32_t)a[1], (uint32_t)a[2]);
    case __NR_mknodat:
        if ((r = get_path(p, a[1], path1)) < 0)
            return r;
        return file_mknodat(&c, fd, path1, (uint32_t)a[2], (uint32_t)a[3]);
    case __NR_sendfile: return do_sendfile(t, fd, (int)a[1], a[2], (size_t)a[3]);
    default:
        *handled = 0;
        return -ENOSYS;
    }
}
