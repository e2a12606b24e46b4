/* eventfd and eventfd2: a 64-bit counter behind a descriptor, as Linux's.
 *
 * read (8 bytes at least, else EINVAL) takes the whole count and leaves 0,
 * or with EFD_SEMAPHORE takes 1; on 0 it waits (EAGAIN with O_NONBLOCK).
 * write (8 bytes at least) adds a value; 0xffffffffffffffff is EINVAL, and
 * an addition that would pass 0xfffffffffffffffe waits for a read (EAGAIN
 * with O_NONBLOCK). poll: POLLIN while the count is not 0, POLLOUT while
 * 1 can still be added. One wait queue: every change wakes it. */
#include "posix.h"
#include "proc.h"
#include "file.h"
#include "fileio.h"
#include "waitq.h"
#include "string.h"
#include <calyx/malloc.h>
#include <asm-generic/poll.h>
#include <linux/fcntl.h>

#define EFD_SEMAPHORE 1
#define COUNT_MAX     0xfffffffffffffffeull

struct eventfd {
    uint64_t count;
    int semaphore;
    struct waitq wq; /* readers waiting for a count, writers for room */
};

static struct eventfd *eventfd_of(const struct ofile *f)
{
    return f->vn->u.chr.ctx;
}

static int64_t efd_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                        int64_t off)
{
    (void)c, (void)off;
    struct eventfd *e = eventfd_of(f);
    if (len < sizeof(uint64_t))
        return -EINVAL;
    if (e->count == 0)
        return -EAGAIN;
    uint64_t v = e->semaphore ? 1 : e->count;
    e->count -= v;
    memcpy(buf, &v, sizeof v);
    waitq_wake(&e->wq);
    return sizeof v;
}

static int64_t efd_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                         int64_t off)
{
    (void)c, (void)off;
    struct eventfd *e = eventfd_of(f);
    uint64_t v;
    if (len < sizeof v)
        return -EINVAL;
    memcpy(&v, buf, sizeof v);
    if (v == UINT64_MAX)
        return -EINVAL;
    if (v > COUNT_MAX - e->count)
        return -EAGAIN;
    e->count += v;
    if (v)
        waitq_wake(&e->wq);
    return sizeof v;
}

static uint32_t efd_poll(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    (void)c;
    struct eventfd *e = eventfd_of(f);
    poll_wait(pt, &e->wq);
    uint32_t r = 0;
    if (e->count)
        r |= POLLIN | POLLRDNORM;
    if (e->count < COUNT_MAX)
        r |= POLLOUT | POLLWRNORM;
    return r;
}

static void efd_destroy(struct vnode *vn)
{
    struct eventfd *e = vn->u.chr.ctx;
    waitq_wake(&e->wq); /* a poller of a closed descriptor looks again */
    free(e);
}

static const struct file_ops eventfd_ops = {
    .read = efd_read, .write = efd_write, .poll = efd_poll, .destroy = efd_destroy,
};

static long create(struct thread *t, uint64_t count, uint64_t flags)
{
    if (flags & ~(uint64_t)(EFD_SEMAPHORE | O_NONBLOCK | O_CLOEXEC))
        return -EINVAL;
    struct proc *p = t->p;
    struct eventfd *e = calloc(1, sizeof *e);
    if (!e)
        return -ENOMEM;
    e->count = (uint32_t)count; /* the initial value is an unsigned int */
    e->semaphore = (flags & EFD_SEMAPHORE) != 0;
    struct vfs_cred cred = { .uid = p->euid, .gid = p->egid };
    struct vnode *vn;
    int r = vfs_new_anon(&posix_vfs, VFS_IFCHR | 0600, &eventfd_ops, e, &cred, &vn);
    if (r < 0) {
        free(e);
        return r;
    }
    int err = 0;
    struct ofile *f = ofile_new(vn, O_RDWR | (uint32_t)(flags & O_NONBLOCK), NULL, &err);
    vfs_unref(vn); /* frees the counter when ofile_new failed */
    if (!f)
        return err;
    int fd = fdtable_install(p->fdt, f, 0, (flags & O_CLOEXEC) != 0);
    if (fd < 0)
        ofile_unref(f);
    return fd;
}

long sys_eventfd(struct thread *t, const uint64_t *a)
{
    return create(t, a[0], 0);
}

long sys_eventfd2(struct thread *t, const uint64_t *a)
{
    return create(t, a[0], a[1]);
}
