/* Pipes and FIFOs (see pipe.h). */
#include "pipe.h"
#include "file.h"
#include "waitq.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm-generic/ioctls.h>
#include <asm-generic/poll.h>
#include <linux/fcntl.h>

struct pipe {
    uint8_t *buf;
    size_t head, len;        /* ring: bytes at head .. head+len (mod PIPE_BUF_SIZE) */
    uint32_t readers, writers; /* open file descriptions reading / writing */
    uint64_t read_opens, write_opens; /* opens ever: what a waiting FIFO open watches */
    struct waitq wq;         /* parked readers, writers, pollers and FIFO openers */
};

static int reads(uint32_t oflags) { return (oflags & O_ACCMODE) != O_WRONLY; }
static int writes(uint32_t oflags) { return (oflags & O_ACCMODE) != O_RDONLY; }

int pipe_is_pipe(const struct vnode *vn)
{
    return vfs_is_dev(vn) && vn->u.chr.ops == &pipe_ops;
}

static struct pipe *pipe_new(void)
{
    struct pipe *p = calloc(1, sizeof *p);
    uint8_t *buf = p ? malloc(PIPE_BUF_SIZE) : NULL;
    if (!buf) {
        free(p);
        return NULL;
    }
    p->buf = buf;
    return p;
}

static void pipe_free(struct pipe *p)
{
    waitq_wake(&p->wq); /* a poller of a closed descriptor looks again */
    free(p->buf);
    free(p);
}

static int64_t pipe_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                         int64_t off)
{
    (void)c, (void)off;
    struct pipe *p = f->vn->u.chr.ctx;
    if (len == 0)
        return 0;
    if (p->len == 0)
        return p->writers ? -EAGAIN : 0;
    size_t n = len < p->len ? len : p->len;
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)buf)[i] = p->buf[(p->head + i) % PIPE_BUF_SIZE];
    p->head = (p->head + n) % PIPE_BUF_SIZE;
    p->len -= n;
    waitq_wake(&p->wq);
    return (int64_t)n;
}

static int64_t pipe_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                          int64_t off)
{
    (void)c, (void)off;
    struct pipe *p = f->vn->u.chr.ctx;
    if (!p->readers)
        return -EPIPE;
    if (len == 0)
        return 0;
    size_t room = PIPE_BUF_SIZE - p->len;
    if (room == 0 || (len <= PIPE_ATOMIC && room < len))
        return -EAGAIN; /* a small write goes in whole or waits */
    size_t n = len < room ? len : room;
    for (size_t i = 0; i < n; i++)
        p->buf[(p->head + p->len + i) % PIPE_BUF_SIZE] = ((const uint8_t *)buf)[i];
    p->len += n;
    waitq_wake(&p->wq);
    return (int64_t)n;
}

static uint32_t pipe_poll(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    (void)c;
    struct pipe *p = f->vn->u.chr.ctx;
    uint32_t oflags = f->flags;
    uint32_t r = 0;
    if (!p)
        return 0;
    poll_wait(pt, &p->wq);
    if (reads(oflags)) {
        if (p->len)
            r |= POLLIN | POLLRDNORM;
        if (!p->writers && p->write_opens)
            r |= POLLHUP;
    }
    if (writes(oflags)) {
        if (PIPE_BUF_SIZE - p->len >= PIPE_ATOMIC)
            r |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            r |= POLLERR;
    }
    return r;
}

static int64_t pipe_ioctl(struct ofile *f, const struct file_ctx *c, uint64_t req, void *arg)
{
    (void)c;
    struct pipe *p = f->vn->u.chr.ctx;
    if (req != FIONREAD)
        return -ENOTTY;
    int n = p ? (int)p->len : 0;
    memcpy(arg, &n, sizeof n);
    return 0;
}

static int pipe_open(struct ofile *f, const struct file_ctx *c)
{
    (void)c;
    struct vnode *vn = f->vn;
    uint32_t oflags = f->flags;
    struct pipe *p = vn->u.chr.ctx;
    if (!p) { /* a FIFO's first open makes its buffer */
        if ((oflags & O_ACCMODE) == O_WRONLY && (oflags & O_NONBLOCK))
            return -ENXIO;
        if (!(p = pipe_new()))
            return -ENOMEM;
        vn->u.chr.ctx = p;
    }
    if ((oflags & O_ACCMODE) == O_WRONLY && (oflags & O_NONBLOCK) && !p->readers)
        return -ENXIO;
    if (reads(oflags)) {
        p->readers++;
        p->read_opens++;
    }
    if (writes(oflags)) {
        p->writers++;
        p->write_opens++;
    }
    waitq_wake(&p->wq);
    return 0;
}

static void pipe_release(struct ofile *f)
{
    struct vnode *vn = f->vn;
    uint32_t oflags = f->flags;
    struct pipe *p = vn->u.chr.ctx;
    if (reads(oflags) && p->readers)
        p->readers--;
    if (writes(oflags) && p->writers)
        p->writers--;
    waitq_wake(&p->wq);
    if (!p->readers && !p->writers) {
        /* The last open file description went: nothing reaches the ring again. */
        pipe_free(p);
        vn->u.chr.ctx = NULL;
    }
}

const struct file_ops pipe_ops = {
    .read = pipe_read, .write = pipe_write, .ioctl = pipe_ioctl, .poll = pipe_poll,
    .open = pipe_open, .release = pipe_release, .flags = FILE_OPS_SIGPIPE,
};

int pipe_create(struct vfs *fs, const struct vfs_cred *cred, struct vnode **out)
{
    struct pipe *p = pipe_new();
    if (!p)
        return -ENOMEM;
    int r = vfs_new_anon(fs, VFS_IFIFO | 0600, &pipe_ops, p, cred, out);
    if (r < 0)
        pipe_free(p);
    return r;
}

size_t pipe_room(const struct vnode *vn)
{
    if (!pipe_is_pipe(vn) || !vn->u.chr.ctx)
        return SIZE_MAX;
    const struct pipe *p = vn->u.chr.ctx;
    return PIPE_BUF_SIZE - p->len;
}

int pipe_open_waits(const struct vnode *vn, uint32_t oflags, uint64_t *since)
{
    const struct pipe *p = pipe_is_pipe(vn) ? vn->u.chr.ctx : NULL;
    if (!p || (oflags & O_NONBLOCK))
        return 0;
    switch (oflags & O_ACCMODE) {
    case O_RDONLY:
        *since = p->write_opens;
        return p->writers == 0;
    case O_WRONLY:
        *since = p->read_opens;
        return p->readers == 0;
    default:
        return 0;
    }
}

int pipe_partner_came(const struct vnode *vn, uint32_t oflags, uint64_t since)
{
    const struct pipe *p = vn->u.chr.ctx;
    if (!p)
        return 1;
    return (oflags & O_ACCMODE) == O_RDONLY ? p->write_opens != since : p->read_opens != since;
}
