/* Pipes (see pipe.h). */
#include "posix.h"
#include "pipe.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/fcntl.h>
#include <asm-generic/poll.h>

struct pipe {
    uint8_t *buf;
    size_t head, len;       /* ring: bytes at head .. head+len (mod size) */
    uint32_t readers, writers;
};

static int events;

int pipe_events(void)
{
    int e = events;
    events = 0;
    return e;
}

static int64_t pipe_read(struct vnode *vn, void *buf, size_t len, uint32_t oflags)
{
    (void)oflags;
    struct pipe *p = vn->u.chr.ctx;
    if (p->len == 0)
        return p->writers ? -EAGAIN : 0;
    size_t n = len < p->len ? len : p->len;
    for (size_t i = 0; i < n; i++)
        ((uint8_t *)buf)[i] = p->buf[(p->head + i) % PIPE_BUF_SIZE];
    p->head = (p->head + n) % PIPE_BUF_SIZE;
    p->len -= n;
    events = 1;
    return (int64_t)n;
}

static int64_t pipe_write(struct vnode *vn, const void *buf, size_t len, uint32_t oflags)
{
    (void)oflags;
    struct pipe *p = vn->u.chr.ctx;
    if (!p->readers)
        return -EPIPE;
    size_t room = PIPE_BUF_SIZE - p->len;
    if (len == 0)
        return 0;
    if (room == 0)
        return -EAGAIN;
    size_t n = len < room ? len : room;
    for (size_t i = 0; i < n; i++)
        p->buf[(p->head + p->len + i) % PIPE_BUF_SIZE] = ((const uint8_t *)buf)[i];
    p->len += n;
    events = 1;
    return (int64_t)n;
}

static uint32_t pipe_poll(struct vnode *vn, uint32_t oflags)
{
    struct pipe *p = vn->u.chr.ctx;
    uint32_t r = 0;
    if ((oflags & O_ACCMODE) != O_WRONLY)
        r |= p->len ? POLLIN : (p->writers ? 0 : POLLHUP);
    if ((oflags & O_ACCMODE) != O_RDONLY)
        r |= !p->readers ? POLLERR : (p->len < PIPE_BUF_SIZE ? POLLOUT : 0);
    return r;
}

static int pipe_open(struct vnode *vn, uint32_t oflags)
{
    struct pipe *p = vn->u.chr.ctx;
    if ((oflags & O_ACCMODE) != O_WRONLY)
        p->readers++;
    if ((oflags & O_ACCMODE) != O_RDONLY)
        p->writers++;
    return 0;
}

static void pipe_release(struct vnode *vn, uint32_t oflags)
{
    struct pipe *p = vn->u.chr.ctx;
    if ((oflags & O_ACCMODE) != O_WRONLY && p->readers)
        p->readers--;
    if ((oflags & O_ACCMODE) != O_RDONLY && p->writers)
        p->writers--;
    events = 1;
    if (!p->readers && !p->writers) {
        /* The last open file description went: nothing reaches the ring again. */
        free(p->buf);
        free(p);
        vn->u.chr.ctx = NULL;
    }
}

static const struct vfs_chr_ops pipe_ops = {
    .read = pipe_read, .write = pipe_write, .poll = pipe_poll,
    .open = pipe_open, .release = pipe_release,
};

int pipe_create(struct vfs *fs, const struct vfs_cred *cred, struct vnode **out)
{
    struct pipe *p = calloc(1, sizeof *p);
    uint8_t *buf = p ? malloc(PIPE_BUF_SIZE) : NULL;
    if (!buf) {
        free(p);
        return -ENOMEM;
    }
    p->buf = buf;
    int r = vfs_new_anon(fs, VFS_IFIFO | 0600, &pipe_ops, p, cred, out);
    if (r < 0) {
        free(buf);
        free(p);
    }
    return r;
}
