/* Deadlines in time order (see timerq.h). */
#include "timerq.h"
#include <stddef.h>

void timerq_init(struct timerq *q)
{
    q->head.when = 0;
    q->head.prev = q->head.next = &q->head;
}

static void unlink_timer(struct timer *t)
{
    if (!t->next)
        return;
    t->prev->next = t->next;
    t->next->prev = t->prev;
    t->prev = t->next = NULL;
}

static void link_after(struct timer *at, struct timer *t)
{
    t->prev = at;
    t->next = at->next;
    at->next->prev = t;
    at->next = t;
}

void timerq_set(struct timerq *q, struct timer *t, uint64_t when)
{
    unlink_timer(t);
    t->when = when;
    if (!when)
        return;
    struct timer *at = q->head.prev; /* the latest: new deadlines mostly go last */
    while (at != &q->head && at->when > when)
        at = at->prev;
    link_after(at, t);
}

uint64_t timerq_next(const struct timerq *q)
{
    return q->head.next->when; /* the sentinel's 0 when empty */
}

struct timer *timerq_first(const struct timerq *q)
{
    return q->head.next != &q->head ? q->head.next : NULL;
}

void timerq_take_due(struct timerq *q, uint64_t now, struct timerq *out)
{
    struct timer *t;
    while ((t = timerq_first(q)) && t->when <= now) {
        unlink_timer(t);
        link_after(out->head.prev, t);
    }
}
