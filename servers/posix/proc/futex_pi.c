/* Priority-inheritance futexes and robust lists (see futex_pi.h). */
#include "posix.h"
#include "futex_pi.h"
#include "thread.h"
#include "client.h"
#include "signal.h"
#include "time.h"
#include "mm.h"
#include "sched.h"
#include <linux/futex.h>
#include <linux/time_types.h>

/* Words that keep changing under the server are a client fighting it:
   it gets EAGAIN rather than a server that spins. */
#define CMPXCHG_TRIES 1000
#define ROBUST_LIST_LIMIT 2048 /* Linux's bound on a robust list's length */

/* Replaces *cur by want when the word still holds *cur: 1 done, 0 the word
   had changed (*cur is its new value), -EFAULT. */
static int exchange(struct proc *p, uint64_t addr, uint32_t *cur, uint32_t want)
{
    uint32_t seen;
    if (client_cmpxchg_u32(p, addr, *cur, want, &seen) < 0)
        return -EFAULT;
    if (seen == *cur)
        return 1;
    *cur = seen;
    return 0;
}

long futex_lock_pi(struct thread *t, uint64_t addr, int private_op, uint64_t uts, int realtime,
                   int trylock)
{
    struct proc *p = t->p;
    if (addr & 3)
        return -EINVAL;
    uint64_t deadline, rt;
    long r = futex_timeout(t, uts, 1, realtime, &deadline, &rt);
    if (r < 0)
        return r;
    struct futex_key key;
    mm_futex_key(p, addr, private_op, &key);
    uint32_t cur;
    if (client_read_u32(p, addr, &cur) < 0)
        return -EFAULT;
    for (int tries = 0; tries < CMPXCHG_TRIES; tries++) {
        uint32_t owner = cur & FUTEX_TID_MASK;
        if (owner == (uint32_t)t->tid)
            return -EDEADLK;
        if (!owner) {
            /* Free (or its owner died): take it, keeping OWNER_DIED for the
               robust mutex code to see, WAITERS while others still wait. */
            uint32_t want = (uint32_t)t->tid | (cur & FUTEX_OWNER_DIED) |
                            (futex_pi_waiter(&key, NULL) ? FUTEX_WAITERS : 0);
            int x = exchange(p, addr, &cur, want);
            if (x < 0)
                return x;
            if (x)
                return 0;
            continue;
        }
        if (!thread_by_tid((int)owner))
            return -ESRCH; /* the owner named is no thread: Linux's answer */
        if (trylock)
            return -EAGAIN;
        if (!(cur & FUTEX_WAITERS)) {
            int x = exchange(p, addr, &cur, cur | FUTEX_WAITERS);
            if (x < 0)
                return x;
            if (!x)
                continue;
        }
        if (deadline && deadline <= time_now_ns())
            return -ETIMEDOUT;
        futex_park(t, &key, FUTEX_BITSET_MATCH_ANY, 1, deadline);
        if (rt)
            time_set_deadline_realtime(t, rt);
        t->aux[0] = addr; /* futex_owner_exit finds what it waits on */
        t->pi_owner = (int)owner; /* and the owner runs at its priority, if higher */
        sched_pi_changed(thread_by_tid((int)owner));
        return R_DEFER; /* futex_unlock_pi or futex_owner_exit answers 0 */
    }
    return -EAGAIN;
}

/* Gives the futex at addr, whose word is cur, to its oldest waiter (keeping
   the bits in keep), or frees it when none waits. 0 or -errno. */
/* The waiter the futex goes to: the highest priority first and, among
   equals, the one waiting longest, as Linux's rt_mutex orders its waiters;
   never a thread that is going too. */
static struct thread *next_owner(const struct futex_key *key)
{
    struct thread *best = NULL;
    for (struct thread *w = futex_pi_waiter(key, NULL); w; w = futex_pi_waiter(key, w))
        if (!w->p->dying && (!best || sched_rank(w) > sched_rank(best)))
            best = w;
    return best;
}

static long hand_over(struct proc *p, uint64_t addr, const struct futex_key *key, uint32_t cur,
                      uint32_t keep, uint32_t expected_owner)
{
    for (int tries = 0; tries < CMPXCHG_TRIES; tries++) {
        if ((cur & FUTEX_TID_MASK) != expected_owner)
            return -EPERM;
        struct thread *w = next_owner(key);
        /* As Linux: the new owner's word says WAITERS, so its unlock comes
           here, which then finds whether anyone still waits. */
        uint32_t want = w ? ((uint32_t)w->tid | FUTEX_WAITERS | (cur & keep)) : (cur & keep);
        int x = exchange(p, addr, &cur, want);
        if (x < 0)
            return x;
        if (!x)
            continue;
        if (w) {
            /* The others now wait for w: they lend it their priority. */
            for (struct thread *o = futex_pi_waiter(key, NULL); o; o = futex_pi_waiter(key, o))
                if (o != w)
                    o->pi_owner = w->tid;
            futex_forget(w); /* the old owner loses w's priority */
            w->block = BLOCK_NONE;
            time_set_deadline(w, 0);
            sched_pi_changed(w);
            signal_finish(w, 0);
        }
        return 0;
    }
    return -EAGAIN;
}

long futex_unlock_pi(struct thread *t, uint64_t addr, int private_op)
{
    struct proc *p = t->p;
    if (addr & 3)
        return -EINVAL;
    uint32_t cur;
    if (client_read_u32(p, addr, &cur) < 0)
        return -EFAULT;
    struct futex_key key;
    mm_futex_key(p, addr, private_op, &key);
    return hand_over(p, addr, &key, cur, 0, (uint32_t)t->tid);
}

/* Linux's handle_futex_death for one futex of dying t: pending marks an
   entry it was about to add or remove (list_op_pending). */
static void owner_died(struct thread *t, uint64_t addr, int pi, int pending)
{
    struct proc *p = t->p;
    uint32_t cur;
    if ((addr & 3) || client_read_u32(p, addr, &cur) < 0)
        return;
    struct futex_key key;
    mm_futex_key(p, addr, 0, &key); /* Linux wakes with a shared key */
    if (pending && !pi && !cur) { /* unlocked, but a waiter may not know yet */
        futex_wake(p, addr, 1, FUTEX_BITSET_MATCH_ANY, 0);
        return;
    }
    for (int tries = 0; tries < CMPXCHG_TRIES; tries++) {
        if ((cur & FUTEX_TID_MASK) != (uint32_t)t->tid)
            return;
        if (pi && futex_pi_waiter(&key, NULL)) {
            hand_over(p, addr, &key, cur | FUTEX_OWNER_DIED, FUTEX_OWNER_DIED, (uint32_t)t->tid);
            return;
        }
        int x = exchange(p, addr, &cur, (cur & FUTEX_WAITERS) | FUTEX_OWNER_DIED);
        if (x < 0)
            return;
        if (!x)
            continue;
        if (!pi && (cur & FUTEX_WAITERS))
            futex_wake(p, addr, 1, FUTEX_BITSET_MATCH_ANY, 0);
        return;
    }
}

/* A robust list entry: the address of the next, with bit 0 saying PI. */
static int read_entry(struct proc *p, uint64_t at, uint64_t *entry, int *pi)
{
    uint64_t v;
    if (client_read(p, at, &v, sizeof v) < 0)
        return -EFAULT;
    *entry = v & ~1ull;
    *pi = (int)(v & 1);
    return 0;
}

/* struct robust_list_head: { next, futex_offset, list_op_pending }. */
static void walk_robust_list(struct thread *t)
{
    struct proc *p = t->p;
    uint64_t head = t->robust_list;
    t->robust_list = 0;
    uint64_t entry, pending;
    int64_t offset;
    int pi, pending_pi;
    if (read_entry(p, head, &entry, &pi) < 0 ||
        client_read(p, head + 8, &offset, sizeof offset) < 0 ||
        read_entry(p, head + 16, &pending, &pending_pi) < 0)
        return;
    for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
        uint64_t next;
        int next_pi;
        int bad = read_entry(p, entry, &next, &next_pi) < 0;
        if (entry != pending) /* a pending one may be listed too: once */
            owner_died(t, entry + (uint64_t)offset, pi, 0);
        if (bad)
            return;
        entry = next, pi = next_pi;
    }
    if (pending)
        owner_died(t, pending + (uint64_t)offset, pending_pi, 1);
}

/* PI futexes t owned that others wait for pass on, robust or not, as
   Linux's exit_pi_state_list. */
static void pass_on_pi(struct thread *t)
{
    for (int i = 0; i < thread_slots && futex_pi_parked(); i++) {
        struct thread *w = &threads[i];
        if (!w->used || w->block != BLOCK_FUTEX || !w->futex_pi || w->p->dying)
            continue;
        uint32_t cur;
        if (client_read_u32(w->p, w->aux[0], &cur) < 0 ||
            (cur & FUTEX_TID_MASK) != (uint32_t)t->tid)
            continue;
        struct futex_key key = { .space = w->futex_space, .word = w->futex_word };
        hand_over(w->p, w->aux[0], &key, cur, FUTEX_OWNER_DIED, (uint32_t)t->tid);
    }
}

void futex_owner_exit(struct thread *t)
{
    if (t->robust_list)
        walk_robust_list(t);
    if (futex_pi_parked())
        pass_on_pi(t);
}

void futex_owners_exit(struct proc *p)
{
    for (struct thread *t = p->thread_head; t; t = t->proc_next)
        futex_owner_exit(t);
}
