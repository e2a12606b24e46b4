/* Wait queues: how a parked call learns that the object it waits on changed.
 *
 * Every object a call can wait on (a pipe, a socket, a terminal, a vnode's
 * locks, an epoll instance) has a struct waitq. A call that must wait
 * registers its thread's sleeper on the queues it depends on (poll_wait,
 * usually from the object's poll operation) and parks. A change to an object
 * wakes its queue: each sleeper on it leaves every queue it is on and goes to
 * the ready list, once. The server's loop then runs the ready sleepers'
 * calls again, in the order they were woken. Nothing else is looked at: an
 * event costs the number of its own waiters, not the number of parked calls.
 *
 * A sleeper may wait on any number of queues (poll over many descriptors);
 * the first WAITQ_INLINE waiters live in the sleeper, more in blocks that are
 * kept for the sleeper's next wait. Not thread-safe: the server serialises.
 */
#ifndef POSIX_WAITQ_H
#define POSIX_WAITQ_H

#include <stddef.h>
#include <asm-generic/errno-base.h>

struct waitq;
struct sleeper;

/* One sleeper's place on one queue. */
struct waiter {
    struct waiter *prev, *next;
    struct waitq *q;
    struct sleeper *s;
};

struct waitq {
    struct waiter *head, *tail;
};

#define WAITQ_INLINE 4
#define WAITQ_BLOCK  32

struct waiter_block {
    struct waiter_block *next;
    struct waiter w[WAITQ_BLOCK];
};

struct sleeper {
    struct waiter inline_w[WAITQ_INLINE];
    struct waiter_block *blocks; /* more waiters, kept between waits */
    size_t n;                    /* waiters in use */
    struct sleeper *ready_prev, *ready_next;
    int ready;                   /* on the ready list */
    int async;                   /* an O_ASYNC description's (fasync.h), not a thread's */
};

/* A zeroed struct waitq or struct sleeper is ready to use. */

/* Adds s to q. 0, or -ENOMEM (s waits on what it had so far). */
int sleeper_wait_on(struct sleeper *s, struct waitq *q);
/* s leaves every queue and the ready list. */
void sleeper_cancel(struct sleeper *s);
/* The same, only when s waits or is ready (the common case costs two loads). */
static inline void sleeper_stop(struct sleeper *s)
{
    if (s->n || s->ready)
        sleeper_cancel(s);
}
/* sleeper_cancel, and frees the extra blocks. */
void sleeper_release(struct sleeper *s);
/* Is s on any queue? */
static inline int sleeper_waiting(const struct sleeper *s) { return s->n != 0; }

/* The sleepers on q now, oldest first, at most max of them: for a waker
   that decides per sleeper (a child's exit answers only the waits it
   matches). Nothing changes. Returns how many. */
size_t waitq_sleepers(const struct waitq *q, struct sleeper **out, size_t max);

/* Every sleeper on q leaves all its queues and joins the ready list. */
void waitq_wake(struct waitq *q);
static inline int waitq_empty(const struct waitq *q) { return q->head == NULL; }

/* The sleeper woken first, taken off the ready list; NULL when none. */
struct sleeper *waitq_take_ready(void);
/* The ready list's head (read it through waitq_any_ready): every call the
   server answers asks, so the question costs a load, not a call. */
extern struct sleeper *waitq_ready_head;
static inline int waitq_any_ready(void) { return waitq_ready_head != NULL; }

/* What an object's poll operation gets: NULL to only ask for readiness,
   else the sleeper to register on the object's queues. */
struct poll_table {
    struct sleeper *s;
    int err; /* -ENOMEM when a registration failed */
};

static inline void poll_wait(struct poll_table *pt, struct waitq *q)
{
    if (pt && sleeper_wait_on(pt->s, q) < 0)
        pt->err = -ENOMEM;
}

#endif
