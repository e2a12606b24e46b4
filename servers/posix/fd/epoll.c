/* epoll instances (see epoll.h). */
#include "posix.h"
#include "epoll.h"
#include "poll.h"
#include "proc.h"
#include "client.h"
#include "file.h"
#include "fileio.h"
#include "string.h"
#include "waitq.h"
#include <calyx/malloc.h>
#include <linux/eventpoll.h>
#include <linux/fcntl.h>

/* Reports copied out to the caller at a time. */
#define EPOLL_CHUNK 128
/* The bits of an entry's events that are flags, not readiness. */
#define EP_FLAGS (EPOLLET | EPOLLONESHOT | EPOLLEXCLUSIVE | EPOLLWAKEUP)

struct epitem {
    struct ofile *f;   /* no reference: the entry goes when f is freed */
    int fd;
    uint32_t events;   /* as asked: readiness bits | EP_FLAGS */
    uint64_t data;
    uint32_t last;     /* EPOLLET: the ready bits at the previous look */
    int disabled;      /* EPOLLONESHOT reported: silent until EPOLL_CTL_MOD */
};

struct epoll {
    struct epitem *items;
    size_t count, cap;
    size_t cursor;     /* where the next report starts (rotation) */
    struct waitq wq;   /* waits on the instance: woken by epoll_ctl and its end */
    struct epoll *next; /* all instances, for ofile_free_hook */
};

static struct epoll *instances;
static const struct file_ops epoll_ops;

static struct epoll *epoll_of(const struct ofile *f)
{
    return f && vfs_is_dev(f->vn) && f->vn->u.chr.ops == &epoll_ops ? f->vn->u.chr.ctx : NULL;
}

static void remove_item(struct epoll *ep, size_t i)
{
    ep->items[i] = ep->items[--ep->count];
}

/* A description is going away: no instance may keep it. */
static void forget_ofile(struct ofile *f)
{
    for (struct epoll *ep = instances; ep; ep = ep->next)
        for (size_t i = ep->count; i-- > 0;)
            if (ep->items[i].f == f)
                remove_item(ep, i);
}

/* The bits to report for an entry now (0: nothing), without changing it;
   with pt, also waits on its file's queues. */
static uint32_t item_ready(const struct epitem *it, const struct file_ctx *c,
                           struct poll_table *pt)
{
    if (it->disabled)
        return 0;
    uint32_t ready = poll_ofile(it->f, c, pt) & ((it->events & ~EP_FLAGS) | EPOLLERR | EPOLLHUP);
    if ((it->events & EPOLLET) && !(ready & ~it->last))
        return 0;
    return ready;
}

/* Readable when an entry has something to report. With pt every entry is
   looked at, so the waiter is on every file's queues and the instance's. */
static uint32_t epoll_poll(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    struct epoll *ep = f->vn->u.chr.ctx;
    uint32_t r = 0;
    poll_wait(pt, &ep->wq);
    for (size_t i = 0; i < ep->count && (pt || !r); i++)
        if (item_ready(&ep->items[i], c, pt))
            r = EPOLLIN | EPOLLRDNORM;
    return r;
}

/* Nesting, as Linux: an instance may watch another, but no instance may
   come to watch itself through others, and chains of instances are at
   most EPOLL_MAX_NESTS deep (ELOOP for both). */
#define EPOLL_MAX_NESTS 4

/* The longest chain of instances under ep (0: it watches none); -1 when
   target is among them. */
static int depth_below(const struct epoll *ep, const struct epoll *target, int level)
{
    if (ep == target)
        return -1;
    int deepest = 0;
    for (size_t i = 0; i < ep->count && level <= EPOLL_MAX_NESTS; i++) {
        const struct epoll *sub = epoll_of(ep->items[i].f);
        if (!sub)
            continue;
        int d = depth_below(sub, target, level + 1);
        if (d < 0)
            return -1;
        if (d + 1 > deepest)
            deepest = d + 1;
    }
    return deepest;
}

/* The longest chain of instances above ep (that watch it, and so on up). */
static int depth_above(const struct epoll *ep, int level)
{
    int deepest = 0;
    for (const struct epoll *x = instances; x && level <= EPOLL_MAX_NESTS; x = x->next)
        for (size_t i = 0; i < x->count; i++)
            if (epoll_of(x->items[i].f) == ep) {
                int d = 1 + depth_above(x, level + 1);
                if (d > deepest)
                    deepest = d;
                break;
            }
    return deepest;
}

static void epoll_destroy(struct vnode *vn)
{
    struct epoll *ep = vn->u.chr.ctx;
    waitq_wake(&ep->wq);
    for (struct epoll **pp = &instances; *pp; pp = &(*pp)->next) {
        if (*pp == ep) {
            *pp = ep->next;
            break;
        }
    }
    free(ep->items);
    free(ep);
}

static const struct file_ops epoll_ops = { .poll = epoll_poll, .destroy = epoll_destroy };

static long create(struct thread *t, int cloexec)
{
    struct proc *p = t->p;
    struct epoll *ep = calloc(1, sizeof *ep);
    if (!ep)
        return -ENOMEM;
    struct vfs_cred cred = { .uid = p->euid, .gid = p->egid };
    struct vnode *vn;
    int r = vfs_new_anon(&posix_vfs, VFS_IFCHR | 0600, &epoll_ops, ep, &cred, &vn);
    if (r < 0) {
        free(ep);
        return r;
    }
    ep->next = instances;
    instances = ep;
    ofile_free_hook = forget_ofile;
    int err = 0;
    struct ofile *f = ofile_new(vn, O_RDWR, NULL, &err);
    vfs_unref(vn); /* frees the instance when ofile_new failed */
    if (!f)
        return err;
    int fd = fdtable_install(p->fdt, f, 0, cloexec);
    if (fd < 0)
        ofile_unref(f);
    return fd;
}

long sys_epoll_create(struct thread *t, const uint64_t *a)
{
    return (int)a[0] <= 0 ? -EINVAL : create(t, 0);
}

long sys_epoll_create1(struct thread *t, const uint64_t *a)
{
    if (a[0] & ~(uint64_t)EPOLL_CLOEXEC)
        return -EINVAL;
    return create(t, (a[0] & EPOLL_CLOEXEC) != 0);
}

static struct epitem *find(struct epoll *ep, const struct ofile *f, int fd)
{
    for (size_t i = 0; i < ep->count; i++)
        if (ep->items[i].f == f && ep->items[i].fd == fd)
            return &ep->items[i];
    return NULL;
}

static long add(struct epoll *ep, struct ofile *f, int fd, const struct epoll_event *ev)
{
    if (find(ep, f, fd))
        return -EEXIST;
    if (ep->count == EPOLL_MAX_WATCHES)
        return -ENOSPC;
    if (ep->count == ep->cap) {
        size_t cap = ep->cap ? ep->cap * 2 : 8;
        struct epitem *items = realloc(ep->items, cap * sizeof *items);
        if (!items)
            return -ENOMEM;
        ep->items = items;
        ep->cap = cap;
    }
    struct epitem *it = &ep->items[ep->count++];
    memset(it, 0, sizeof *it);
    it->f = f;
    it->fd = fd;
    it->events = ev->events & ~(uint32_t)EPOLLWAKEUP;
    it->data = ev->data;
    return 0;
}

long sys_epoll_ctl(struct thread *t, const uint64_t *a)
{
    int epfd = (int)a[0], op = (int)a[1], fd = (int)a[2];
    struct epoll_event ev = { 0, 0 };
    if (op != EPOLL_CTL_DEL && client_read(t->p, a[3], &ev, sizeof ev) < 0)
        return -EFAULT;
    struct ofile *epf = fdtable_get(t->p->fdt, epfd);
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    if (!epf || !f || (epf->flags & O_PATH) || (f->flags & O_PATH))
        return -EBADF;
    if (!f->ops->poll)
        return -EPERM; /* Linux: a file that cannot be polled */
    struct epoll *ep = epoll_of(epf), *sub = epoll_of(f);
    if (!ep || fd == epfd || sub == ep)
        return -EINVAL;
    struct epitem *it;
    switch (op) {
    case EPOLL_CTL_ADD:
        if ((ev.events & EPOLLEXCLUSIVE) && (ev.events & EPOLLONESHOT))
            return -EINVAL;
        if (sub) {
            int below = depth_below(sub, ep, 1);
            if (below < 0 || depth_above(ep, 1) + 1 + below > EPOLL_MAX_NESTS)
                return -ELOOP;
        }
        waitq_wake(&ep->wq);
        return add(ep, f, fd, &ev);
    case EPOLL_CTL_MOD:
        if (!(it = find(ep, f, fd)))
            return -ENOENT;
        if ((ev.events & EPOLLEXCLUSIVE) || (it->events & EPOLLEXCLUSIVE))
            return -EINVAL;
        it->events = ev.events & ~(uint32_t)EPOLLWAKEUP;
        it->data = ev.data;
        it->disabled = 0;
        it->last = 0;
        waitq_wake(&ep->wq);
        return 0;
    case EPOLL_CTL_DEL:
        if (!(it = find(ep, f, fd)))
            return -ENOENT;
        remove_item(ep, (size_t)(it - ep->items));
        waitq_wake(&ep->wq);
        return 0;
    default:
        return -EINVAL;
    }
}

/* Writes out the buffered reports; -EFAULT if the caller's array is bad. */
static long flush(struct thread *t, uint64_t at, const struct epoll_event *buf, size_t n)
{
    return n && client_write(t->p, at, buf, n * sizeof *buf) < 0 ? -EFAULT : 0;
}

long epoll_collect(struct thread *t, int epfd, uint64_t events, int maxevents)
{
    static struct epoll_event buf[EPOLL_CHUNK];
    if (maxevents <= 0 || maxevents > EPOLL_MAX_EVENTS)
        return -EINVAL;
    struct ofile *epf = fdtable_get(t->p->fdt, epfd);
    if (!epf || (epf->flags & O_PATH))
        return -EBADF;
    struct epoll *ep = epoll_of(epf);
    if (!ep)
        return -EINVAL;
    struct file_ctx c = fileio_ctx(t);
    size_t n = 0, done = 0, start = ep->count ? ep->cursor % ep->count : 0;
    for (size_t k = 0; k < ep->count && done + n < (size_t)maxevents; k++) {
        struct epitem *it = &ep->items[(start + k) % ep->count];
        uint32_t ready = item_ready(it, &c, NULL);
        if (!ready)
            continue;
        buf[n].events = ready;
        buf[n].data = it->data;
        n++;
        it->last = ready;
        if (it->events & EPOLLONESHOT)
            it->disabled = 1;
        ep->cursor = (start + k + 1) % ep->count;
        if (n == EPOLL_CHUNK) {
            if (flush(t, events + done * sizeof *buf, buf, n) < 0)
                return -EFAULT;
            done += n;
            n = 0;
        }
    }
    if (flush(t, events + done * sizeof *buf, buf, n) < 0)
        return -EFAULT;
    /* EPOLLET: what is no longer ready may make a new edge later. */
    for (size_t i = 0; i < ep->count; i++) {
        struct epitem *it = &ep->items[i];
        if ((it->events & EPOLLET) && !it->disabled)
            it->last &= poll_ofile(it->f, &c, NULL);
    }
    return (long)(done + n);
}
