/* The POSIX message queue calls: mq_open, mq_unlink, mq_timedsend,
 * mq_timedreceive, mq_notify, mq_getsetattr (the queues and their
 * filesystem are fs/mqueue.c's). Arguments are checked in Linux's order
 * (ipc/mqueue.c), so each bad input gets Linux's errno.
 *
 * Names: the client gives the part after the leading '/' (musl strips it).
 * "" is ENOENT (getname's), a name with '/' or "." or ".." EACCES, more
 * than 255 bytes ENAMETOOLONG. mq_open's descriptors are close-on-exec,
 * as Linux's.
 *
 * Waiting: a send to a full queue or a receive from an empty one parks
 * (BLOCK_MQ) on the queue's senders' or receivers' wait queue and runs
 * again whole when the queue changes; the absolute CLOCK_REALTIME timeout
 * becomes the thread's deadline (ETIMEDOUT), a signal cuts it short
 * (restarted after an SA_RESTART handler, else EINTR, as Linux). */
#include "posix.h"
#include "mqueue.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "file.h"
#include "time.h"
#include "socket.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/fcntl.h>
#include <linux/time_types.h>

#define NSEC 1000000000ull
/* Beyond this many seconds a timeout is as good as forever (no overflow). */
#define TIMEOUT_FOREVER_SEC 100000000000ll
#define LX_NSIG 64

/* struct sigevent of 64-bit Linux (64 bytes). */
struct lx_sigevent {
    uint64_t value;
    int32_t signo;
    int32_t notify;
    int32_t pad[12];
};

static char name_buf[VFS_PATH_MAX];

/* getname and lookup_one_len's answers for a queue name. */
static long get_name(struct proc *p, uint64_t addr)
{
    long r = fileio_get_path(p, addr, name_buf);
    if (r)
        return r;
    size_t len = strlen(name_buf);
    if (len == 0)
        return -ENOENT;
    if (strchr(name_buf, '/') || !strcmp(name_buf, ".") || !strcmp(name_buf, ".."))
        return -EACCES;
    return len > VFS_NAME_MAX ? -ENAMETOOLONG : 0;
}

/* Is there a descriptor free below the limit? (mq_open takes one first.) */
static int fd_free(const struct fdtable *t)
{
    uint32_t n = t->cap < t->limit ? t->cap : t->limit;
    for (uint32_t i = 0; i < n; i++)
        if (!t->files[i])
            return 1;
    return t->cap < t->limit;
}

static int access_of(uint32_t oflag)
{
    switch (oflag & O_ACCMODE) {
    case O_RDONLY: return VFS_MAY_READ;
    case O_WRONLY: return VFS_MAY_WRITE;
    default: return VFS_MAY_READ | VFS_MAY_WRITE;
    }
}

long sys_mq_open(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t oflag = (uint32_t)a[1];
    struct lx_mq_attr attr;
    if (a[3] && client_read(p, a[3], &attr, sizeof attr) < 0)
        return -EFAULT;
    long r = get_name(p, a[0]);
    if (r && r != -EACCES && r != -ENAMETOOLONG)
        return r; /* getname's own errors come before the descriptor's */
    if (!fd_free(p->fdt))
        return -EMFILE;
    if (r)
        return r;
    struct file_ctx c = fileio_ctx(t);
    struct vnode *dir = mqueue_fs()->root, *vn = vfs_dir_find(dir, name_buf);
    if (!vn) {
        if (!(oflag & O_CREAT))
            return -ENOENT;
        uint32_t mode = (uint32_t)a[2] & ~p->fs->umask;
        int e = mq_create(p, &c.cred, name_buf, mode, a[3] ? &attr : NULL, &vn);
        if (e)
            return e;
    } else {
        if ((oflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
            return -EEXIST;
        if ((oflag & O_ACCMODE) == O_ACCMODE)
            return -EINVAL;
        int e = vfs_permission(vn, &c.cred, access_of(oflag));
        if (e)
            return e;
        vfs_ref(vn);
    }
    int err = 0;
    struct ofile *f = ofile_new(vn, oflag & (O_ACCMODE | O_NONBLOCK), &c, &err);
    vfs_unref(vn);
    if (!f)
        return err;
    int fd = fdtable_install(p->fdt, f, 0, 1); /* always close-on-exec, as Linux */
    if (fd < 0)
        ofile_unref(f);
    return fd;
}

long sys_mq_unlink(struct thread *t, const uint64_t *a)
{
    long r = get_name(t->p, a[0]);
    if (r)
        return r;
    struct file_ctx c = fileio_ctx(t);
    struct vnode *dir = mqueue_fs()->root;
    if (!vfs_dir_find(dir, name_buf))
        return -ENOENT;
    return vfs_unlink(dir, name_buf, &c.cred);
}

/* The queue behind fd, open for reading or writing (EBADF otherwise). */
static struct mqueue *queue_at(struct thread *t, int fd, int want, struct ofile **fp)
{
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    struct mqueue *q = f ? mq_of(f) : NULL;
    if (!q)
        return NULL;
    uint32_t acc = f->flags & O_ACCMODE;
    int ok = want == VFS_MAY_READ ? acc == O_RDONLY || acc == O_RDWR
                                  : acc == O_WRONLY || acc == O_RDWR;
    if (fp)
        *fp = f;
    return ok ? q : NULL;
}

/* An absolute CLOCK_REALTIME timeout (prepare_timeout): *abs in ns, or
   UINT64_MAX for none or too far to matter. 0, -EFAULT, -EINVAL. */
static long get_timeout(struct proc *p, uint64_t addr, uint64_t *abs)
{
    *abs = UINT64_MAX;
    if (!addr)
        return 0;
    struct __kernel_timespec ts;
    if (client_read(p, addr, &ts, sizeof ts) < 0)
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC)
        return -EINVAL;
    if (ts.tv_sec < TIMEOUT_FOREVER_SEC)
        *abs = (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
    return 0;
}

/* A call that must wait: ETIMEDOUT when its time is up, else parked until
   the queue changes or the deadline passes. */
static long wait_for(struct thread *t, struct mqueue *q, int send, uint64_t abs)
{
    if (abs != UINT64_MAX) {
        if (abs <= time_realtime_ns())
            return -ETIMEDOUT;
        time_set_deadline_realtime(t, abs); /* follows clock_settime */
    }
    if (mq_wait(q, t, send) < 0) {
        sleeper_cancel(&t->sleep);
        return -ENOMEM;
    }
    t->block = BLOCK_MQ;
    return R_DEFER;
}

static long do_send(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t abs;
    long r = get_timeout(p, a[4], &abs);
    if (r)
        return r;
    unsigned prio = (unsigned)a[3];
    if (prio >= MQ_PRIO_MAX)
        return -EINVAL;
    struct ofile *f;
    struct mqueue *q = queue_at(t, (int)a[0], VFS_MAY_WRITE, &f);
    if (!q)
        return -EBADF;
    struct lx_mq_attr attr;
    mq_attr_get(q, &attr);
    if (a[2] > (uint64_t)attr.mq_msgsize)
        return -EMSGSIZE;
    struct mq_msg *m = mq_msg_new((size_t)a[2], prio);
    if (!m)
        return -ENOMEM;
    if (a[2] && client_read(p, a[1], m->data, (size_t)a[2]) < 0) {
        free(m);
        return -EFAULT;
    }
    r = mq_put(q, m, p);
    if (r == 0)
        return 0;
    free(m);
    if (r != -EAGAIN || (f->flags & O_NONBLOCK))
        return r;
    return wait_for(t, q, 1, abs);
}

static long do_receive(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint64_t abs;
    long r = get_timeout(p, a[4], &abs);
    if (r)
        return r;
    struct ofile *f;
    struct mqueue *q = queue_at(t, (int)a[0], VFS_MAY_READ, &f);
    if (!q)
        return -EBADF;
    struct lx_mq_attr attr;
    mq_attr_get(q, &attr);
    if (a[2] < (uint64_t)attr.mq_msgsize)
        return -EMSGSIZE;
    struct mq_msg *m = mq_take(q);
    if (!m) {
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        return wait_for(t, q, 0, abs);
    }
    /* The message is gone from the queue even when the copy faults, as Linux. */
    r = (long)m->len;
    if ((a[3] && client_write_u32(p, a[3], m->prio) < 0) ||
        (m->len && client_write(p, a[1], m->data, m->len) < 0))
        r = -EFAULT;
    free(m);
    return r;
}

/* A finished call leaves no deadline behind (a parked one keeps its own). */
static long done(struct thread *t, long r)
{
    if (r != R_DEFER)
        time_set_deadline(t, 0);
    return r;
}

long sys_mq_timedsend(struct thread *t, const uint64_t *a)
{
    return done(t, do_send(t, a));
}

long sys_mq_timedreceive(struct thread *t, const uint64_t *a)
{
    return done(t, do_receive(t, a));
}

/* SIGEV_THREAD: the cookie, and the netlink socket named by sigev_signo. */
static long thread_target(struct thread *t, const struct lx_sigevent *ev, uint8_t *cookie,
                          struct ofile **sock)
{
    if (client_read(t->p, ev->value, cookie, MQ_COOKIE_LEN) < 0)
        return -EFAULT;
    struct ofile *f = fdtable_get(t->p->fdt, ev->signo);
    if (!f)
        return -EBADF;
    int r = sock_netlink_check(f);
    if (r)
        return r;
    *sock = f;
    return 0;
}

long sys_mq_notify(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    struct lx_sigevent ev;
    uint8_t cookie[MQ_COOKIE_LEN] = { 0 };
    struct ofile *sock = NULL;
    if (a[1]) {
        if (client_read(p, a[1], &ev, sizeof ev) < 0)
            return -EFAULT;
        if (ev.notify != MQ_SIGEV_NONE && ev.notify != MQ_SIGEV_SIGNAL &&
            ev.notify != MQ_SIGEV_THREAD)
            return -EINVAL;
        if (ev.notify == MQ_SIGEV_SIGNAL && (uint32_t)ev.signo > LX_NSIG)
            return -EINVAL;
        if (ev.notify == MQ_SIGEV_THREAD) {
            long r = thread_target(t, &ev, cookie, &sock);
            if (r)
                return r;
        }
    }
    struct ofile *f = fdtable_get(p->fdt, (int)a[0]);
    struct mqueue *q = f ? mq_of(f) : NULL;
    if (!q)
        return -EBADF;
    if (!a[1]) {
        mq_notify_clear(q, p);
        return 0;
    }
    return mq_notify_set(q, p, p->fdt, ev.notify, ev.signo, ev.value, sock, cookie);
}

long sys_mq_getsetattr(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    struct lx_mq_attr nattr, oattr;
    if (a[1]) {
        if (client_read(p, a[1], &nattr, sizeof nattr) < 0)
            return -EFAULT;
        if (nattr.mq_flags & ~(int64_t)O_NONBLOCK)
            return -EINVAL;
    }
    struct ofile *f = fdtable_get(p->fdt, (int)a[0]);
    struct mqueue *q = f ? mq_of(f) : NULL;
    if (!q)
        return -EBADF;
    mq_attr_get(q, &oattr);
    oattr.mq_flags = f->flags & O_NONBLOCK;
    if (a[1])
        f->flags = (f->flags & ~(uint32_t)O_NONBLOCK) | (uint32_t)(nattr.mq_flags & O_NONBLOCK);
    if (a[2] && client_write(p, a[2], &oattr, sizeof oattr) < 0)
        return -EFAULT;
    return 0;
}
