/* Wait queues (see waitq.h). */
#include "waitq.h"
#include <calyx/malloc.h>
#include <asm-generic/errno-base.h>

struct sleeper *waitq_ready_head;
static struct sleeper *ready_tail;

/* A free waiter slot for s (the n-th), adding a block when all are used. */
static struct waiter *next_free(struct sleeper *s)
{
    if (s->n < WAITQ_INLINE)
        return &s->inline_w[s->n];
    size_t i = s->n - WAITQ_INLINE;
    struct waiter_block **link = &s->blocks;
    for (; *link && i >= WAITQ_BLOCK; i -= WAITQ_BLOCK)
        link = &(*link)->next;
    if (!*link && !(*link = calloc(1, sizeof **link)))
        return NULL;
    return &(*link)->w[i];
}

int sleeper_wait_on(struct sleeper *s, struct waitq *q)
{
    struct waiter *w = next_free(s);
    if (!w)
        return -ENOMEM;
    s->n++;
    w->s = s;
    w->q = q;
    w->next = NULL;
    w->prev = q->tail;
    if (q->tail)
        q->tail->next = w;
    else
        q->head = w;
    q->tail = w;
    return 0;
}

static void unlink_waiter(struct waiter *w)
{
    struct waitq *q = w->q;
    if (w->prev)
        w->prev->next = w->next;
    else
        q->head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        q->tail = w->prev;
    w->q = NULL;
}

/* s leaves every queue (not the ready list). */
static void leave_queues(struct sleeper *s)
{
    size_t n = s->n;
    for (size_t i = 0; i < n && i < WAITQ_INLINE; i++)
        unlink_waiter(&s->inline_w[i]);
    n = n > WAITQ_INLINE ? n - WAITQ_INLINE : 0;
    for (struct waiter_block *b = s->blocks; n; b = b->next) {
        size_t k = n < WAITQ_BLOCK ? n : WAITQ_BLOCK;
        for (size_t i = 0; i < k; i++)
            unlink_waiter(&b->w[i]);
        n -= k;
    }
    s->n = 0;
}

static void ready_remove(struct sleeper *s)
{
    if (!s->ready)
        return;
    if (s->ready_prev)
        s->ready_prev->ready_next = s->ready_next;
    else
        waitq_ready_head = s->ready_next;
    if (s->ready_next)
        s->ready_next->ready_prev = s->ready_prev;
    else
        ready_tail = s->ready_prev;
    s->ready_prev = s->ready_next = NULL;
    s->ready = 0;
}

void sleeper_cancel(struct sleeper *s)
{
    leave_queues(s);
    ready_remove(s);
}

void sleeper_release(struct sleeper *s)
{
    sleeper_cancel(s);
    while (s->blocks) {
        struct waiter_block *b = s->blocks;
        s->blocks = b->next;
        free(b);
    }
}

size_t waitq_sleepers(const struct waitq *q, struct sleeper **out, size_t max)
{
    size_t n = 0;
    for (const struct waiter *w = q->head; w && n < max; w = w->next)
        out[n++] = w->s;
    return n;
}

void waitq_wake(struct waitq *q)
{
    while (q->head) {
        struct sleeper *s = q->head->s;
        leave_queues(s); /* takes q->head off too */
        if (s->ready)
            continue;
        s->ready = 1;
        s->ready_next = NULL;
        s->ready_prev = ready_tail;
        if (ready_tail)
            ready_tail->ready_next = s;
        else
            waitq_ready_head = s;
        ready_tail = s;
    }
}

struct sleeper *waitq_take_ready(void)
{
    struct sleeper *s = waitq_ready_head;
    if (s)
        ready_remove(s);
    return s;
}
