/* futex_waitv (see futex_waitv.h). */
#include "posix.h"
#include "futex_waitv.h"
#include "thread.h"
#include "client.h"
#include "signal.h"
#include "time.h"
#include <calyx/malloc.h>
#include <linux/futex.h>
#include <linux/time.h>

/* struct futex_waitv, as the caller passes it. */
struct lx_futex_waitv {
    uint64_t val, uaddr;
    uint32_t flags, reserved;
};

#define FUTEX2_SIZE_U32 2
#define FUTEX2_PRIVATE  FUTEX_PRIVATE_FLAG

/* One waiting thread and its keys, in arrival order. */
struct waitv {
    struct waitv *prev, *next;
    struct thread *t;
    size_t n;
    struct futex_key keys[];
};

static struct waitv *head, *tail;

static void unlink_waitv(struct waitv *w)
{
    if (w->prev)
        w->prev->next = w->next;
    else
        head = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else
        tail = w->prev;
}

int futex_waitv_waiting(void)
{
    return head != NULL;
}

int futex_waitv_wake(const struct futex_key *key, int n)
{
    int woken = 0;
    for (struct waitv *w = head, *next; w && woken < n; w = next) {
        next = w->next;
        for (size_t i = 0; i < w->n; i++) {
            if (w->keys[i].space != key->space || w->keys[i].word != key->word)
                continue;
            struct thread *t = w->t;
            futex_waitv_forget(t);
            t->block = BLOCK_NONE;
            time_set_deadline(t, 0);
            woken++;
            signal_finish(t, (long)i);
            break;
        }
    }
    return woken;
}

void futex_waitv_forget(struct thread *t)
{
    struct waitv *w = t->waitv;
    if (!w)
        return;
    unlink_waitv(w);
    free(w);
    t->waitv = NULL;
}

long sys_futex_waitv(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    size_t n = (size_t)a[1];
    if (a[2] || !n || n > FUTEX_WAITV_MAX)
        return -EINVAL;
    uint64_t deadline = 0, rt = 0;
    if (a[3]) { /* absolute, on CLOCK_MONOTONIC or CLOCK_REALTIME */
        int clk = (int)a[4];
        if (clk != CLOCK_MONOTONIC && clk != CLOCK_REALTIME)
            return -EINVAL;
        long r = futex_timeout(t, a[3], 1, clk == CLOCK_REALTIME, &deadline, &rt);
        if (r < 0)
            return r;
    }
    static struct lx_futex_waitv v[FUTEX_WAITV_MAX];
    if (client_read(p, a[0], v, n * sizeof v[0]) < 0)
        return -EFAULT;
    for (size_t i = 0; i < n; i++)
        if ((v[i].flags & ~(uint32_t)(FUTEX2_SIZE_U32 | FUTEX2_PRIVATE)) || v[i].reserved ||
            !(v[i].flags & FUTEX2_SIZE_U32) || (v[i].uaddr & 3))
            return -EINVAL;
    struct waitv *w = malloc(sizeof *w + n * sizeof w->keys[0]);
    if (!w)
        return -ENOMEM;
    /* Every word has its expected value, or nothing waits (Linux checks all
       before it sleeps). */
    for (size_t i = 0; i < n; i++) {
        uint32_t cur;
        if (client_read_u32(p, v[i].uaddr, &cur) < 0) {
            free(w);
            return -EFAULT;
        }
        if (cur != v[i].val) {
            free(w);
            return -EAGAIN;
        }
        mm_futex_key(p, v[i].uaddr, (v[i].flags & FUTEX2_PRIVATE) != 0, &w->keys[i]);
    }
    if (deadline && deadline <= time_now_ns()) {
        free(w);
        return -ETIMEDOUT;
    }
    w->t = t;
    w->n = n;
    w->next = NULL;
    w->prev = tail;
    if (tail)
        tail->next = w;
    else
        head = w;
    tail = w;
    t->waitv = w;
    t->block = BLOCK_FUTEX;
    if (rt)
        time_set_deadline_realtime(t, rt);
    else
        time_set_deadline(t, deadline);
    return R_DEFER;
}
