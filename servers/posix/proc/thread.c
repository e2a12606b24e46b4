/* Threads and futexes (see thread.h). */
#include "posix.h"
#include "sched.h"
#include "thread.h"
#include "client.h"
#include "signal.h"
#include "time.h"
#include "errno_map.h"
#include "mm.h"
#include "string.h"
#include "abi/abi.h"
#include "futex_pi.h"
#include "futex_waitv.h"
#include <linux/futex.h>
#include <linux/sched.h>
#include <linux/time_types.h>

static uint64_t futex_seq;
static int pi_parked; /* threads waiting in FUTEX_LOCK_PI */

/* The waiters of every futex, in FUTEX_BUCKETS lists by key hash, each in
   wait_seq order (oldest first): a wake looks at its own bucket only, not
   at every thread. A thread is in a list exactly while block is
   BLOCK_FUTEX; whatever ends the wait takes it out (futex_forget). */
#define FUTEX_BUCKETS 64

struct futex_bucket {
    struct thread *head, *tail;
};
static struct futex_bucket buckets[FUTEX_BUCKETS];

static struct futex_bucket *bucket_of(uint64_t space, uint64_t word)
{
    uint64_t h = (space ^ (word >> 2)) * 0x9E3779B97F4A7C15ull;
    return &buckets[h >> 58]; /* the top 6 bits: FUTEX_BUCKETS == 64 */
}

/* Puts t (its key and wait_seq set) into its bucket, in wait_seq order. */
static void enqueue(struct thread *t)
{
    struct futex_bucket *b = bucket_of(t->futex_space, t->futex_word);
    struct thread *after = b->tail;
    while (after && after->wait_seq > t->wait_seq)
        after = after->futex_prev;
    t->futex_prev = after;
    t->futex_next = after ? after->futex_next : b->head;
    if (t->futex_next)
        t->futex_next->futex_prev = t;
    else
        b->tail = t;
    if (after)
        after->futex_next = t;
    else
        b->head = t;
    t->futex_queued = 1;
}

void futex_forget(struct thread *t)
{
    if (t->waitv)
        futex_waitv_forget(t);
    if (!t->futex_queued)
        return;
    struct futex_bucket *b = bucket_of(t->futex_space, t->futex_word);
    if (t->futex_prev)
        t->futex_prev->futex_next = t->futex_next;
    else
        b->head = t->futex_next;
    if (t->futex_next)
        t->futex_next->futex_prev = t->futex_prev;
    else
        b->tail = t->futex_prev;
    t->futex_next = t->futex_prev = NULL;
    t->futex_queued = 0;
    pi_parked -= t->futex_pi != 0;
    t->futex_pi = 0;
    if (t->pi_owner) { /* it no longer lends its priority */
        struct thread *o = thread_by_tid(t->pi_owner);
        t->pi_owner = 0;
        if (o)
            sched_pi_changed(o);
    }
}

/* The oldest waiter on key: a FUTEX_WAIT one whose bitset meets bitset,
   or (pi) a FUTEX_LOCK_PI one. */
static struct thread *oldest(const struct futex_key *key, uint32_t bitset, int pi)
{
    for (struct thread *t = bucket_of(key->space, key->word)->head; t; t = t->futex_next)
        if (t->futex_space == key->space && t->futex_word == key->word && t->futex_pi == pi &&
            (pi || (t->futex_bitset & bitset)))
            return t;
    return NULL;
}

static struct thread *oldest_waiter(const struct futex_key *key, uint32_t bitset)
{
    return oldest(key, bitset, 0);
}

struct thread *futex_pi_waiter(const struct futex_key *key, const struct thread *after)
{
    struct thread *t = after ? after->futex_next : bucket_of(key->space, key->word)->head;
    for (; t; t = t->futex_next)
        if (t->futex_space == key->space && t->futex_word == key->word && t->futex_pi)
            return t;
    return NULL;
}

int futex_pi_parked(void)
{
    return pi_parked;
}

void futex_park(struct thread *t, const struct futex_key *key, uint32_t bitset, int pi,
                uint64_t deadline)
{
    pi_parked += pi != 0;
    t->block = BLOCK_FUTEX;
    t->futex_space = key->space;
    t->futex_word = key->word;
    t->futex_bitset = bitset;
    t->futex_pi = pi;
    t->wait_seq = ++futex_seq;
    enqueue(t);
    time_set_deadline(t, deadline);
}

static int wake_key(const struct futex_key *key, int n, uint32_t bitset)
{
    int woken = 0;
    while (woken < n) {
        struct thread *t = oldest_waiter(key, bitset);
        if (!t)
            break;
        futex_forget(t);
        t->block = BLOCK_NONE;
        time_set_deadline(t, 0);
        woken++;
        signal_finish(t, 0);
    }
    if (woken < n && futex_waitv_waiting())
        woken += futex_waitv_wake(key, n - woken);
    return woken;
}

int futex_wake(struct proc *p, uint64_t addr, int n, uint32_t bitset, int private_op)
{
    struct futex_key key;
    mm_futex_key(p, addr, private_op, &key);
    return wake_key(&key, n, bitset);
}

static int futex_requeue(struct proc *p, uint64_t addr, int nwake, int nmove, uint64_t addr2,
                         int private_op)
{
    struct futex_key key, key2;
    mm_futex_key(p, addr, private_op, &key);
    mm_futex_key(p, addr2, private_op, &key2);
    int done = wake_key(&key, nwake, FUTEX_BITSET_MATCH_ANY);
    for (int moved = 0; moved < nmove; moved++) {
        struct thread *t = oldest_waiter(&key, FUTEX_BITSET_MATCH_ANY);
        if (!t)
            break;
        futex_forget(t);
        t->futex_space = key2.space;
        t->futex_word = key2.word;
        enqueue(t); /* keeps its place in time among key2's waiters */
        done++;
    }
    return done;
}

long futex_timeout(struct thread *t, uint64_t uts, int absolute, int realtime, uint64_t *deadline,
                   uint64_t *rt)
{
    *deadline = *rt = 0;
    if (!uts)
        return 0;
    struct __kernel_timespec ts;
    if (client_read(t->p, uts, &ts, sizeof ts) < 0)
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    uint64_t ns = (uint64_t)ts.tv_sec > 1000000000000ull ? UINT64_MAX / 4
                                                         : (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
    if (!absolute) {
        *deadline = time_now_ns() + ns;
    } else if (realtime) {
        *deadline = time_realtime_to_mono(ns);
        *rt = ns ? ns : 1;
    } else {
        *deadline = ns;
    }
    if (*deadline == 0)
        *deadline = 1;
    return 0;
}

/* FUTEX_WAKE_OP: changes the word at addr2 as encoded in op (Linux's
   FUTEX_OP: operation, argument, comparison, its argument), wakes up to
   nwake at addr, and up to nwake2 at addr2 when the old value compares. */
static long futex_wake_op(struct proc *p, uint64_t addr, int nwake, int nwake2, uint64_t addr2,
                          uint32_t op, int private_op)
{
    int kind = (op >> 28) & 7, cmp = (op >> 24) & 15;
    /* Both arguments are 12-bit signed numbers. */
    uint32_t oparg = (uint32_t)((int32_t)(op << 8) >> 20), cmparg = (uint32_t)((int32_t)(op << 20) >> 20);
    if (op & (FUTEX_OP_OPARG_SHIFT << 28))
        oparg = 1u << (oparg & 31); /* Linux masks a shift out of 0..31 the same way */
    uint32_t old, want;
    for (int tries = 0;; tries++) {
        if (client_read_u32(p, addr2, &old) < 0)
            return -EFAULT;
        switch (kind) {
        case FUTEX_OP_SET: want = oparg; break;
        case FUTEX_OP_ADD: want = old + oparg; break;
        case FUTEX_OP_OR: want = old | oparg; break;
        case FUTEX_OP_ANDN: want = old & ~oparg; break;
        case FUTEX_OP_XOR: want = old ^ oparg; break;
        default: return -ENOSYS;
        }
        uint32_t seen;
        if (client_cmpxchg_u32(p, addr2, old, want, &seen) < 0)
            return -EFAULT;
        if (seen == old)
            break;
        if (tries > 1000)
            return -EAGAIN;
    }
    int yes;
    switch (cmp) {
    case FUTEX_OP_CMP_EQ: yes = old == cmparg; break;
    case FUTEX_OP_CMP_NE: yes = old != cmparg; break;
    case FUTEX_OP_CMP_LT: yes = (int32_t)old < (int32_t)cmparg; break;
    case FUTEX_OP_CMP_LE: yes = (int32_t)old <= (int32_t)cmparg; break;
    case FUTEX_OP_CMP_GT: yes = (int32_t)old > (int32_t)cmparg; break;
    case FUTEX_OP_CMP_GE: yes = (int32_t)old >= (int32_t)cmparg; break;
    default: return -ENOSYS;
    }
    int done = futex_wake(p, addr, nwake > 0 ? nwake : 0, FUTEX_BITSET_MATCH_ANY, private_op);
    if (yes)
        done += futex_wake(p, addr2, nwake2 > 0 ? nwake2 : 0, FUTEX_BITSET_MATCH_ANY, private_op);
    return done;
}

long sys_futex(struct thread *t, const uint64_t *a)
{
    uint64_t addr = a[0];
    int op = (int)a[1];
    int cmd = op & FUTEX_CMD_MASK;
    uint32_t val = (uint32_t)a[2];
    struct proc *p = t->p;
    int private_op = (op & FUTEX_PRIVATE_FLAG) != 0;
    if (addr & 3)
        return -EINVAL;
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
        uint32_t bitset = cmd == FUTEX_WAIT ? FUTEX_BITSET_MATCH_ANY : (uint32_t)a[5];
        if (!bitset)
            return -EINVAL;
        uint64_t deadline, rt;
        long r = futex_timeout(t, a[3], cmd == FUTEX_WAIT_BITSET,
                               (op & FUTEX_CLOCK_REALTIME) != 0, &deadline, &rt);
        if (r < 0)
            return r;
        uint32_t cur;
        if (client_read_u32(p, addr, &cur) < 0)
            return -EFAULT;
        if (cur != val)
            return -EAGAIN;
        if (deadline && deadline <= time_now_ns())
            return -ETIMEDOUT;
        struct futex_key key;
        mm_futex_key(p, addr, private_op, &key);
        futex_park(t, &key, bitset, 0, deadline);
        if (rt)
            time_set_deadline_realtime(t, rt); /* follows clock_settime */
        return R_DEFER;
    }
    case FUTEX_WAKE:
        return futex_wake(p, addr, (int)val > 0 ? (int)val : 0, FUTEX_BITSET_MATCH_ANY, private_op);
    case FUTEX_WAKE_BITSET:
        if (!(uint32_t)a[5])
            return -EINVAL;
        return futex_wake(p, addr, (int)val > 0 ? (int)val : 0, (uint32_t)a[5], private_op);
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE: {
        if ((int)val < 0 || (int)a[3] < 0)
            return -EINVAL;
        if (a[4] & 3)
            return -EINVAL;
        if (cmd == FUTEX_CMP_REQUEUE) {
            uint32_t cur;
            if (client_read_u32(p, addr, &cur) < 0)
                return -EFAULT;
            if (cur != (uint32_t)a[5])
                return -EAGAIN;
        }
        return futex_requeue(p, addr, (int)val, (int)a[3], a[4], private_op);
    }
    case FUTEX_WAKE_OP:
        if (a[4] & 3)
            return -EINVAL;
        return futex_wake_op(p, addr, (int)val, (int)a[3], a[4], (uint32_t)a[5], private_op);
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
        return futex_lock_pi(t, addr, private_op, a[3], cmd == FUTEX_LOCK_PI ||
                             (op & FUTEX_CLOCK_REALTIME), 0);
    case FUTEX_TRYLOCK_PI:
        return futex_lock_pi(t, addr, private_op, 0, 0, 1);
    case FUTEX_UNLOCK_PI:
        return futex_unlock_pi(t, addr, private_op);
    default:
        return -ENOSYS; /* FUTEX_WAIT_REQUEUE_PI, FUTEX_CMP_REQUEUE_PI */
    }
}

void thread_exit_cleanup(struct thread *t)
{
    if (t->clear_child_tid) {
        if (client_write_u32(t->p, t->clear_child_tid, 0) == 0)
            futex_wake(t->p, t->clear_child_tid, 1, FUTEX_BITSET_MATCH_ANY, 0);
        t->clear_child_tid = 0;
    }
}

long sys_set_tid_address(struct thread *t, const uint64_t *a)
{
    t->clear_child_tid = a[0];
    return t->tid;
}

/* The robust list is walked when the thread ends (futex_pi.h). */
long sys_set_robust_list(struct thread *t, const uint64_t *a)
{
    if (a[1] != 24) /* sizeof(struct robust_list_head) */
        return -EINVAL;
    t->robust_list = a[0];
    t->robust_len = a[1];
    return 0;
}

long sys_get_robust_list(struct thread *t, const uint64_t *a)
{
    struct thread *o = a[0] ? thread_by_tid((int)a[0]) : t;
    if (!o)
        return -ESRCH;
    if (client_write_u64(t->p, a[1], o->robust_list) < 0 ||
        client_write_u64(t->p, a[2], o->robust_len ? o->robust_len : 24) < 0)
        return -EFAULT;
    return 0;
}

uint64_t thread_clone_regs(struct thread *t, uint64_t flags, uint64_t newsp, uint64_t tls,
                           struct cx_regs *regs)
{
    uint64_t r = cx_thread_get_regs(t->p->cap, t->ktid, regs);
    if (CX_IS_ERR(r))
        return r;
    abi_clone_regs(regs, flags, newsp, tls);
    return 0;
}

long thread_clone(struct thread *t, uint64_t flags, uint64_t newsp, uint64_t ptid, uint64_t ctid,
                  uint64_t tls)
{
    struct proc *p = t->p;
    /* A thread shares everything: Linux demands these with CLONE_THREAD. */
    if (!(flags & CLONE_SIGHAND) || !(flags & CLONE_VM))
        return -EINVAL;
    if (!proc_nproc_allows(p))
        return -EAGAIN;
    int tid = pid_alloc();
    if (tid < 0)
        return -EAGAIN;
    struct thread *nt = thread_alloc(p, tid);
    if (!nt)
        return -EAGAIN;
    static struct cx_regs regs;
    uint64_t r = thread_clone_regs(t, flags, newsp, tls, &regs);
    if (CX_IS_ERR(r)) {
        thread_free(nt);
        return -errno_from_cx(r);
    }
    if (flags & CLONE_PARENT_SETTID)
        client_write_u32(p, ptid, (uint32_t)tid);
    if (flags & CLONE_CHILD_SETTID)
        client_write_u32(p, ctid, (uint32_t)tid);
    if (flags & CLONE_CHILD_CLEARTID)
        nt->clear_child_tid = ctid;
    nt->sigmask = t->sigmask;
    r = cx_thread_spawn(p->cap, &regs);
    if (CX_IS_ERR(r)) {
        thread_free(nt);
        return CX_ERR_CODE(r) == CX_ERR_OUT_OF_MEMORY ? -ENOMEM : -EAGAIN;
    }
    thread_set_ktid(nt, r);
    sched_inherit(nt, t); /* before it runs: the server's priority is above it */
    return tid;
}
