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

/* The bytes sit in one ring, but room is counted as Linux counts it: in
   page-sized buffers (slots). A write's odd tail (length mod a page) joins
   the last buffer when it fits there; the rest goes in new buffers of up to
   a page each while slots are free; a read frees a buffer once it has
   taken all of it. So a pipe of N pages holds N pages' worth only when
   writes fill whole pages, as on Linux. */
struct slot {
    uint16_t len; /* bytes still in it */
    uint16_t end; /* where in its page its data ends: merges go there */
};

struct pipe {
    uint8_t *buf;
    size_t size;             /* the capacity in bytes (slots * PIPE_PAGE) */
    size_t head, len;        /* ring: bytes at head .. head+len (mod size) */
    struct slot *slots;      /* a ring of size / PIPE_PAGE */
    size_t first, used;      /* the oldest slot, slots in use */
    uint32_t readers, writers; /* open file descriptions reading / writing */
    uint64_t read_opens, write_opens; /* opens ever: what a waiting FIFO open watches */
    struct waitq wq;         /* parked readers, writers, pollers and FIFO openers */
};

static int reads(uint32_t oflags) { return (oflags & O_ACCMODE) != O_WRONLY; }
static int writes(uint32_t oflags) { return (oflags & O_ACCMODE) != O_RDONLY; }

int64_t pipe_max_size = 1048576;

int pipe_is_pipe(const struct vnode *vn)
{
    return vfs_is_dev(vn) && vn->u.chr.ops == &pipe_ops;
}

static size_t nslots(const struct pipe *p)
{
    return p->size / PIPE_PAGE; /* a power of two: PIPE_PAGE and size are */
}

static struct slot *slot_at(const struct pipe *p, size_t i)
{
    return &p->slots[(p->first + i) & (nslots(p) - 1)];
}

/* A new pipe's capacity is PIPE_BUF_SIZE, or pipe-max-size when that is
   smaller and the creator unprivileged (Linux's alloc_pipe_info). */
static struct pipe *pipe_new(const struct vfs_cred *cred)
{
    size_t size = PIPE_BUF_SIZE;
    if ((int64_t)size > pipe_max_size && cred && cred->uid != 0)
        size = (size_t)pipe_max_size;
    struct pipe *p = calloc(1, sizeof *p);
    uint8_t *buf = p ? malloc(size) : NULL;
    struct slot *slots = buf ? calloc(size / PIPE_PAGE, sizeof *slots) : NULL;
    if (!slots) {
        free(buf);
        free(p);
        return NULL;
    }
    p->buf = buf;
    p->slots = slots;
    p->size = size;
    return p;
}

static void pipe_free(struct pipe *p)
{
    waitq_wake(&p->wq); /* a poller of a closed descriptor looks again */
    free(p->slots);
    free(p->buf);
    free(p);
}

/* Copies n bytes of the ring, from its start, out to dst. */
static void ring_out(const struct pipe *p, uint8_t *dst, size_t n)
{
    size_t first = n < p->size - p->head ? n : p->size - p->head;
    memcpy(dst, p->buf + p->head, first);
    if (n > first)
        memcpy(dst + first, p->buf, n - first);
}

/* Copies n bytes from src into the ring after its data. */
static void ring_in(struct pipe *p, const uint8_t *src, size_t n)
{
    size_t at = (p->head + p->len) & (p->size - 1);
    size_t first = n < p->size - at ? n : p->size - at;
    memcpy(p->buf + at, src, first);
    if (n > first)
        memcpy(p->buf, src + first, n - first);
    p->len += n;
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
    ring_out(p, buf, n);
    p->head = (p->head + n) & (p->size - 1);
    p->len -= n;
    for (size_t left = n; left;) { /* buffers taken whole are free again */
        struct slot *s = slot_at(p, 0);
        size_t k = left < s->len ? left : s->len;
        s->len -= (uint16_t)k;
        left -= k;
        if (!s->len) {
            p->first = (p->first + 1) & (nslots(p) - 1);
            p->used--;
        }
    }
    waitq_wake(&p->wq);
    return (int64_t)n;
}

static int64_t pipe_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                          int64_t off)
{
    (void)c, (void)off;
    struct pipe *p = f->vn->u.chr.ctx;
    const uint8_t *src = buf;
    if (!p->readers)
        return -EPIPE;
    if (len == 0)
        return 0;
    size_t done = 0;
    /* The odd tail first, into the last buffer when it all fits there. */
    size_t odd = len % PIPE_PAGE;
    if (odd && p->used) {
        struct slot *last = slot_at(p, p->used - 1);
        if (last->end + odd <= PIPE_PAGE) {
            ring_in(p, src, odd);
            last->len += (uint16_t)odd;
            last->end += (uint16_t)odd;
            done = odd;
        }
    }
    /* Then a new buffer per page while slots are free. A write of at most
       PIPE_BUF thus goes in whole or not at all. */
    while (done < len && p->used < nslots(p)) {
        size_t k = len - done < PIPE_PAGE ? len - done : PIPE_PAGE;
        ring_in(p, src + done, k);
        *slot_at(p, p->used++) = (struct slot){ (uint16_t)k, (uint16_t)k };
        done += k;
    }
    if (!done)
        return -EAGAIN;
    waitq_wake(&p->wq);
    return (int64_t)done;
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
        if (p->used < nslots(p)) /* a free buffer, as Linux's pipe_full */
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
    struct vnode *vn = f->vn;
    uint32_t oflags = f->flags;
    struct pipe *p = vn->u.chr.ctx;
    if (!p) { /* a FIFO's first open makes its buffer */
        if ((oflags & O_ACCMODE) == O_WRONLY && (oflags & O_NONBLOCK))
            return -ENXIO;
        if (!(p = pipe_new(c ? &c->cred : NULL)))
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
    struct pipe *p = pipe_new(cred);
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
    return (nslots(p) - p->used) * PIPE_PAGE;
}

long pipe_get_size(const struct vnode *vn)
{
    const struct pipe *p = pipe_is_pipe(vn) ? vn->u.chr.ctx : NULL;
    return p ? (long)p->size : -EBADF;
}

long pipe_set_size(struct vnode *vn, uint64_t want, int privileged)
{
    struct pipe *p = pipe_is_pipe(vn) ? vn->u.chr.ctx : NULL;
    if (!p)
        return -EBADF;
    /* Linux's round_pipe_size: a page at least, else a power of two. */
    if (want > (1ull << 31))
        return -EINVAL;
    size_t size = PIPE_PAGE;
    while (size < want)
        size <<= 1;
    if (size > p->size && (int64_t)size > pipe_max_size && !privileged)
        return -EPERM;
    size_t n = size / PIPE_PAGE;
    if (n < p->used)
        return -EBUSY; /* Linux: fewer slots than buffers in use */
    if (size == p->size)
        return (long)size;
    uint8_t *buf = malloc(size);
    struct slot *slots = buf ? calloc(n, sizeof *slots) : NULL;
    if (!slots) {
        free(buf);
        return -ENOMEM;
    }
    ring_out(p, buf, p->len);
    for (size_t i = 0; i < p->used; i++)
        slots[i] = *slot_at(p, i);
    free(p->buf);
    free(p->slots);
    p->buf = buf;
    p->slots = slots;
    p->size = size;
    p->head = p->first = 0;
    waitq_wake(&p->wq); /* writers may have room now */
    return (long)size;
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
