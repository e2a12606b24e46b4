/* The file layer's glue (see fileio.h): per-process file state, and
 * parking calls on files' wait queues and running them again. The file
 * calls themselves are in rwcall.c, fdcall.c, statcall.c, attrcall.c,
 * namecall.c, mountcall.c and sockcall.c; the console devices in
 * console.c. */
#include "posix.h"
#include "fileio.h"
#include "sigio.h"
#include "fasync.h"
#include "lease.h"
#include "time.h"
#include "client.h"
#include "proc.h"
#include "signal.h"
#include "file.h"
#include "vfs.h"
#include "time.h"
#include "pipe.h"
#include "socket.h"
#include "poll.h"
#include "lock.h"
#include "waitq.h"
#include "devices.h"
#include "console.h"
#include "mount.h"
#include "fsmount.h"
#include "ext2fs.h"
#include "ipc.h"
#include "string.h"
#include <linux/fcntl.h>
#include <linux/stat.h>
#include <asm/statfs.h>

struct vfs posix_vfs;

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

/* p's tables and credentials; the thread is t (NULL: the server itself). */
static struct file_ctx ctx_of(struct proc *p, struct thread *t)
{
    struct file_ctx c = { .fs = p->fs, .fdt = p->fdt, .cred = cred_of(p), .pid = p->pid,
                          .ruid = p->uid, .rgid = p->gid, .t = t };
    return c;
}

struct file_ctx fileio_ctx(struct thread *t)
{
    return ctx_of(t->p, t);
}

int fileio_init_proc(struct proc *p)
{
    p->fs = fs_state_new(&posix_vfs);
    p->fdt = fdtable_new();
    if (!p->fs || !p->fdt)
        return -ENOMEM;
    struct file_ctx c = ctx_of(p, NULL);
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
}

void fileio_exit(struct proc *p)
{
    if (p->fdt)
        fdtable_unref(p->fdt);
    if (p->fs)
        fs_state_unref(p->fs);
    p->fdt = NULL;
    p->fs = NULL;
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

/* --- what the file calls share ------------------------------------------------------ */

uint8_t fileio_iobuf[IO_WHOLE_MAX];

long fileio_get_path(struct proc *p, uint64_t addr, char *buf)
{
    long r = client_string(p, addr, buf, VFS_PATH_MAX);
    return r < 0 ? r : 0;
}

/* --- FIFO opens that wait for the other side ---------------------------------------- */

/* After an open succeeded: a blocking FIFO open with nobody on the other side
   waits (BLOCK_OPEN) with its descriptor already in the table (a sharing
   thread could see it early; documented). */
/* /proc/sys/fs/lease-break-time (procsys.c): seconds a lease's holder has. */
int64_t lease_break_time = 45;

void fileio_leases_due(void)
{
    lease_expire(time_now_ns());
}

long fileio_lease_wait(struct thread *t, long r)
{
    sigio_leases(); /* holders of leases this call started breaking hear of it */
    if (r != LEASE_WAIT && r != -EWOULDBLOCK)
        return r;
    /* The break's time runs from its start, whether the caller waits or not. */
    int64_t secs = lease_break_time > 0 ? lease_break_time : 0;
    uint64_t due = lease_set_deadlines(time_now_ns() + (uint64_t)secs * 1000000000u);
    if (r != LEASE_WAIT)
        return r;
    if (sleeper_wait_on(&t->sleep, &lease_changed) < 0)
        return -ENOMEM;
    t->block = BLOCK_LEASE;
    time_set_deadline(t, due);
    return R_DEFER;
}

long fileio_open_wait(struct thread *t, long fd)
{
    fd = fileio_lease_wait(t, fd);
    if (fd < 0)
        return fd;
    struct ofile *f = fdtable_get(t->p->fdt, (int)fd);
    uint64_t since;
    if (!f || !pipe_open_waits(f->vn, f->flags, &since))
        return fd;
    t->aux[0] = (uint64_t)fd;
    t->aux[1] = (uint64_t)(uintptr_t)f;
    t->aux[2] = since;
    return fileio_park(t, f, BLOCK_OPEN);
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
    if (f && !pipe_partner_came(f->vn, f->flags, t->aux[2]))
        return fileio_park(t, f, BLOCK_OPEN);
    return (long)t->aux[0];
}

long fileio_open_interrupted(struct thread *t)
{
    if (open_waiter(t)) {
        struct file_ctx c = ctx_of(t->p, t);
        file_close(&c, (int)t->aux[0]);
    }
    return -ERESTARTSYS;
}

/* --- parking and waking -------------------------------------------------------------- */

long fileio_park(struct thread *t, struct ofile *f, enum block why)
{
    struct poll_table pt = { &t->sleep, 0 };
    struct file_ctx c = ctx_of(t->p, t);
    poll_ofile(f, &c, &pt);
    if (pt.err < 0) {
        sleeper_cancel(&t->sleep);
        return pt.err;
    }
    t->block = why;
    return R_DEFER;
}

/* Runs a parked call again; one that still has to wait parks itself anew.
   A parked read, write or lock wait runs its own handler again, whole. */
static void rerun_parked(struct thread *t)
{
    enum block why = t->block;
    t->block = BLOCK_NONE;
    sleeper_cancel(&t->sleep);
    long r = why == BLOCK_POLL ? poll_retry(t)
           : why == BLOCK_OPEN ? open_retry(t)
           : why == BLOCK_IPC ? ipc_retry(t)
           : t->handler(t, t->args);
    if (r != R_DEFER)
        signal_finish(t, r);
}

void fileio_run_woken_calls(void)
{
    struct sleeper *s;
    while ((s = waitq_take_ready()) != NULL) {
        if (s->async) { /* an O_ASYNC description's, not a thread's */
            sigio_woken(async_of_sleeper(s));
            continue;
        }
        struct thread *t = thread_of_sleeper(s);
        if (t->used && (t->block == BLOCK_READ || t->block == BLOCK_POLL ||
                        t->block == BLOCK_OPEN || t->block == BLOCK_LOCK ||
                        t->block == BLOCK_MQ || t->block == BLOCK_IPC || t->block == BLOCK_LEASE))
            rerun_parked(t);
    }
}

void fileio_rerun(struct thread *t)
{
    rerun_parked(t);
}
