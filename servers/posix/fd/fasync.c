/* Signal-driven I/O's records (see fasync.h). */
#include "file_internal.h"
#include "fasync.h"
#include <calyx/malloc.h>
#include <asm-generic/errno.h>
#include <asm-generic/poll.h>
#include <linux/fcntl.h>

struct file_async *file_async_of(struct ofile *f, int create)
{
    if (!f->async && create) {
        struct file_async *a = calloc(1, sizeof *a);
        if (!a)
            return NULL;
        a->s.async = 1;
        a->f = f;
        f->async = a;
    }
    return f->async;
}

/* The file's readiness, with the sleeper (re)registered on its queues. */
static uint32_t look(struct file_async *a, const struct file_ctx *c)
{
    sleeper_cancel(&a->s);
    struct poll_table pt = { &a->s, 0 };
    return a->f->ops->poll ? a->f->ops->poll(a->f, c, &pt) : 0;
}

int file_async_set(struct ofile *f, const struct file_ctx *c, int on, int fd)
{
    struct file_async *a = file_async_of(f, on);
    if (!on) {
        if (a && a->armed) {
            sleeper_cancel(&a->s);
            a->armed = 0;
        }
        return 0;
    }
    if (!a)
        return -ENOMEM;
    a->fd = fd;
    a->pid = c ? c->pid : 0;
    if (!a->armed) {
        a->armed = 1;
        a->last = look(a, c);
    }
    return 0;
}

uint32_t file_async_events(struct file_async *a, const struct file_ctx *c)
{
    if (!a->armed)
        return 0;
    uint32_t now = look(a, c);
    uint32_t risen = now & ~a->last;
    a->last = now;
    return risen & (POLLIN | POLLOUT | POLLHUP | POLLERR | POLLPRI | POLLRDHUP);
}

void file_async_free(struct ofile *f)
{
    struct file_async *a = f->async;
    if (!a)
        return;
    sleeper_release(&a->s);
    free(a);
    f->async = NULL;
}
