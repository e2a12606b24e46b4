/* Scheduling calls (see sched.h). */
#include "posix.h"
#include "sched.h"
#include "client.h"
#include "thread.h"
#include "string.h"
#include <linux/sched.h>
#include <linux/sched/types.h>
#include <linux/time.h>

#define RT_PRIO_MAX 99
#define RR_INTERVAL_NS 100000000u   /* Linux's SCHED_RR time slice */
#define OTHER_INTERVAL_NS CX_SCHED_SLICE_NS /* the kernel's slice */

/* The thread a scheduling call names, as Linux: 0 is the calling thread,
   else a tid (a process's pid is its first thread's tid). */
static struct thread *sched_target(struct thread *t, int pid)
{
    if (pid == 0)
        return t;
    struct thread *to = thread_by_tid(pid);
    return to && to->p->state == P_ALIVE && !to->p->dying ? to : NULL;
}

static int is_rt(int policy)
{
    return policy == SCHED_FIFO || policy == SCHED_RR;
}

void sched_server_init(void)
{
    cx_thread_set_priority(CX_CAP_NULL, 0, CX_SCHED_PRIORITIES - 1, CX_SCHED_SLICE_NS);
}

/* The kernel priority t's own policy asks for. */
static unsigned policy_level(const struct thread *t)
{
    if (is_rt(t->sched_policy))
        return CX_SCHED_DEFAULT_PRIORITY + 1 + (unsigned)(t->rt_priority - 1) * SCHED_RT_LEVELS / RT_PRIO_MAX;
    return t->sched_policy == SCHED_IDLE ? SCHED_IDLE_LEVEL : CX_SCHED_DEFAULT_PRIORITY;
}

int sched_rank(const struct thread *t)
{
    if (is_rt(t->sched_policy))
        return 1000 + t->rt_priority;
    return t->sched_policy == SCHED_IDLE ? 0 : 500 - t->p->nice;
}

/* Links of a PI chain followed (Linux follows up to 1024; a longer one
   here is a program's deadlock anyway). */
#define PI_DEPTH 8

/* t's priority with what the threads waiting for its PI futexes lend it,
   theirs counting what is lent to them. */
static unsigned lent_level(const struct thread *t, int depth)
{
    unsigned level = policy_level(t);
    if (depth >= PI_DEPTH || !futex_pi_parked())
        return level;
    for (int i = 0; i < thread_slots; i++) {
        const struct thread *w = &threads[i];
        if (w->used && w->futex_pi && w->pi_owner == t->tid) {
            unsigned l = lent_level(w, depth + 1);
            if (l > level)
                level = l;
        }
    }
    return level;
}

void sched_apply(struct thread *t)
{
    if (!t->ktid || !t->p->cap)
        return; /* not known yet: proc_thread_for applies it when it is */
    unsigned level = lent_level(t, 0);
    uint64_t slice = CX_SCHED_SLICE_NS;
    if (is_rt(t->sched_policy))
        slice = t->sched_policy == SCHED_RR ? RR_INTERVAL_NS : 0;
    if (level > policy_level(t))
        slice = 0; /* boosted: it runs until it gives the futex back or blocks */
    cx_thread_set_priority(t->p->cap, t->ktid, level, slice);
    t->sched_level = level;
}

void sched_pi_changed(struct thread *t)
{
    for (int depth = 0; t && depth < PI_DEPTH; depth++) {
        if (t->sched_level && lent_level(t, 0) == t->sched_level)
            return; /* nothing changed for it, so nothing for those it lends to */
        sched_apply(t);
        t = t->futex_pi && t->pi_owner ? thread_by_tid(t->pi_owner) : NULL;
    }
}

void sched_inherit(struct thread *child, const struct thread *parent)
{
    child->sched_policy = parent->sched_policy;
    child->rt_priority = parent->rt_priority;
    child->sched_reset_on_fork = 0; /* Linux's sched_fork: the flag is not inherited */
    if (parent->sched_reset_on_fork && is_rt(parent->sched_policy))
        child->sched_policy = SCHED_NORMAL, child->rt_priority = 0;
    if (child->sched_policy != SCHED_NORMAL)
        sched_apply(child);
}

/* Linux's check_same_owner: the caller's effective uid is the target's real
   or effective uid; else only root (CAP_SYS_NICE) may change it. */
static int may_change(const struct proc *from, const struct proc *to)
{
    return from->euid == 0 || from->euid == to->euid || from->euid == to->uid;
}

/* The answer itself goes through the scheduler: the kernel makes the caller
   ready behind every ready thread of its priority (sched_block_answered),
   so it goes to the end of its priority's queue, as Linux's. */
long sys_sched_yield(struct thread *t, const uint64_t *a)
{
    (void)t, (void)a;
    return 0;
}

long sys_sched_getaffinity(struct thread *t, const uint64_t *a)
{
    /* Linux: the mask must hold nr_cpu_ids bits in whole longs. */
    if (a[1] < sizeof(uint64_t) || (a[1] & 7))
        return -EINVAL;
    if (!sched_target(t, (int)a[0]))
        return -ESRCH;
    uint64_t mask = SCHED_CPU_MASK;
    return client_write(t->p, a[2], &mask, sizeof mask) < 0 ? -EFAULT : (long)sizeof mask;
}

long sys_sched_setaffinity(struct thread *t, const uint64_t *a)
{
    uint64_t mask = 0;
    size_t len = a[1] < sizeof mask ? (size_t)a[1] : sizeof mask; /* a shorter mask is zero-filled */
    if (len && client_read(t->p, a[2], &mask, len) < 0)
        return -EFAULT;
    struct thread *to = sched_target(t, (int)a[0]);
    if (!to)
        return -ESRCH;
    if (!may_change(t->p, to->p))
        return -EPERM;
    return mask & SCHED_CPU_MASK ? 0 : -EINVAL; /* no CPU it could run on */
}

static int policy_valid(int policy)
{
    return policy == SCHED_NORMAL || policy == SCHED_FIFO || policy == SCHED_RR ||
           policy == SCHED_BATCH || policy == SCHED_IDLE;
}

/* Linux's __sched_setscheduler for thread `to` (policy -1: keep it, as
   sched_setparam): the priority's range, then, for users without root
   (CAP_SYS_NICE), RLIMIT_RTPRIO, leaving SCHED_IDLE (RLIMIT_NICE),
   ownership and SCHED_RESET_ON_FORK. */
static long set_policy(struct thread *t, struct thread *to, int policy, int prio, int reset)
{
    if (policy < 0)
        policy = to->sched_policy;
    if (!policy_valid(policy))
        return -EINVAL;
    if (prio < 0 || prio > RT_PRIO_MAX || is_rt(policy) != (prio != 0))
        return -EINVAL;
    struct proc *me = t->p, *p = to->p;
    if (me->euid != 0) {
        uint64_t room = p->rlim[RLIMIT_RTPRIO].rlim_cur;
        if (is_rt(policy) && policy != to->sched_policy && room == 0)
            return -EPERM; /* can't set or change the real-time policy */
        if (is_rt(policy) && prio > to->rt_priority && (uint64_t)prio > room)
            return -EPERM; /* can't raise the priority beyond the limit */
        /* SCHED_IDLE counts as nice 20: leaving it is a nice reduction. */
        if (to->sched_policy == SCHED_IDLE && policy != SCHED_IDLE &&
            (uint64_t)(20 - p->nice) > p->rlim[RLIMIT_NICE].rlim_cur)
            return -EPERM;
        if (!may_change(me, p))
            return -EPERM;
        if (to->sched_reset_on_fork && !reset)
            return -EPERM; /* only root clears it */
    }
    to->sched_policy = policy;
    to->rt_priority = prio;
    to->sched_reset_on_fork = reset;
    sched_apply(to);
    if (to->futex_pi && to->pi_owner) /* it lends a new priority */
        sched_pi_changed(thread_by_tid(to->pi_owner));
    return 0;
}

/* sched_setscheduler and sched_setparam (policy -1), in Linux's order:
   arguments, the parameter's bytes, the target, then set_policy. */
static long set_scheduler(struct thread *t, int pid, int policy, uint64_t param)
{
    if (pid < 0 || !param)
        return -EINVAL;
    int prio;
    if (client_read(t->p, param, &prio, sizeof prio) < 0)
        return -EFAULT;
    struct thread *to = sched_target(t, pid);
    if (!to)
        return -ESRCH;
    int reset = to->sched_reset_on_fork;
    if (policy >= 0) {
        reset = (policy & SCHED_RESET_ON_FORK) != 0;
        policy &= ~SCHED_RESET_ON_FORK;
        if (!policy_valid(policy))
            return -EINVAL;
    }
    return set_policy(t, to, policy, prio, reset);
}

/* sched_setattr(pid, attr, flags), in Linux's order (sched_copy_attr):
   a size of 0 is the first version's 48 bytes; below that or above a page
   is E2BIG with the size this server knows written back, and so is a
   longer struct whose extra bytes are not zero. SCHED_DEADLINE is not
   provided (EINVAL); the utilization clamps are accepted and ignored. */
long sys_sched_setattr(struct thread *t, const uint64_t *a)
{
    int pid = (int)a[0];
    uint64_t ua = a[1];
    if (!ua || pid < 0 || (uint32_t)a[2])
        return -EINVAL;
    struct sched_attr attr;
    uint32_t size;
    if (client_read_u32(t->p, ua, &size) < 0)
        return -EFAULT;
    if (!size)
        size = SCHED_ATTR_SIZE_VER0;
    int too_big = size < SCHED_ATTR_SIZE_VER0 || size > 4096;
    memset(&attr, 0, sizeof attr);
    if (!too_big) {
        uint32_t n = size < sizeof attr ? size : (uint32_t)sizeof attr;
        if (client_read(t->p, ua, &attr, n) < 0)
            return -EFAULT;
        uint8_t extra[64];
        for (uint32_t off = n; off < size && !too_big; off += sizeof extra) {
            uint32_t k = size - off < sizeof extra ? size - off : (uint32_t)sizeof extra;
            if (client_read(t->p, ua + off, extra, k) < 0)
                return -EFAULT;
            for (uint32_t i = 0; i < k; i++)
                too_big |= extra[i] != 0;
        }
    }
    if (too_big) {
        client_write_u32(t->p, ua, (uint32_t)sizeof attr);
        return -E2BIG;
    }
    if ((attr.sched_flags & SCHED_FLAG_UTIL_CLAMP) && size < SCHED_ATTR_SIZE_VER1)
        return -EINVAL;
    int nice = attr.sched_nice < -20 ? -20 : attr.sched_nice > 19 ? 19 : attr.sched_nice;
    int policy = (int)attr.sched_policy;
    if (policy < 0)
        return -EINVAL;
    if (attr.sched_flags & SCHED_FLAG_KEEP_POLICY)
        policy = -1;
    struct thread *to = sched_target(t, pid);
    if (!to)
        return -ESRCH;
    int prio = (int)attr.sched_priority;
    if (attr.sched_flags & SCHED_FLAG_KEEP_PARAMS)
        prio = to->rt_priority, nice = to->p->nice;
    int reset = to->sched_reset_on_fork;
    if (policy >= 0) {
        reset = (attr.sched_flags & SCHED_FLAG_RESET_ON_FORK) != 0;
        if (!policy_valid(policy))
            return -EINVAL;
    }
    if (attr.sched_flags & ~(uint64_t)SCHED_FLAG_ALL)
        return -EINVAL;
    int fair = !is_rt(policy < 0 ? to->sched_policy : policy);
    if (fair && nice < to->p->nice && t->p->euid != 0 &&
        (uint64_t)(20 - nice) > to->p->rlim[RLIMIT_NICE].rlim_cur)
        return -EPERM; /* a lower nice value than the limit allows */
    long r = set_policy(t, to, policy, prio, reset);
    if (r == 0 && fair)
        to->p->nice = nice; /* nice values are per process here (nice.c) */
    return r;
}

/* sched_getattr(pid, attr, size, flags): the thread's policy, its reset flag
   and priority (real time) or nice value (the others), in as many bytes as
   both sides know, with that size in the size field. */
long sys_sched_getattr(struct thread *t, const uint64_t *a)
{
    int pid = (int)a[0];
    uint32_t usize = (uint32_t)a[2];
    if (!a[1] || pid < 0 || usize > 4096 || usize < SCHED_ATTR_SIZE_VER0 || (uint32_t)a[3])
        return -EINVAL;
    struct thread *to = sched_target(t, pid);
    if (!to)
        return -ESRCH;
    struct sched_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = usize < sizeof attr ? usize : (uint32_t)sizeof attr;
    attr.sched_policy = (uint32_t)to->sched_policy;
    attr.sched_flags = to->sched_reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0;
    if (is_rt(to->sched_policy))
        attr.sched_priority = (uint32_t)to->rt_priority;
    else
        attr.sched_nice = to->p->nice;
    return client_write(t->p, a[1], &attr, attr.size) < 0 ? -EFAULT : 0;
}

long sys_sched_setscheduler(struct thread *t, const uint64_t *a)
{
    if ((int)a[1] < 0)
        return -EINVAL;
    return set_scheduler(t, (int)a[0], (int)a[1], a[2]);
}

long sys_sched_setparam(struct thread *t, const uint64_t *a)
{
    return set_scheduler(t, (int)a[0], -1, a[1]);
}

long sys_sched_getscheduler(struct thread *t, const uint64_t *a)
{
    if ((int)a[0] < 0)
        return -EINVAL;
    struct thread *to = sched_target(t, (int)a[0]);
    if (!to)
        return -ESRCH;
    return to->sched_policy | (to->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

long sys_sched_getparam(struct thread *t, const uint64_t *a)
{
    if ((int)a[0] < 0 || !a[1])
        return -EINVAL;
    struct thread *to = sched_target(t, (int)a[0]);
    if (!to)
        return -ESRCH;
    int prio = to->rt_priority;
    return client_write(t->p, a[1], &prio, sizeof prio) < 0 ? -EFAULT : 0;
}

long sys_sched_get_priority_max(struct thread *t, const uint64_t *a)
{
    (void)t;
    int policy = (int)a[0];
    return !policy_valid(policy) ? -EINVAL : is_rt(policy) ? RT_PRIO_MAX : 0;
}

long sys_sched_get_priority_min(struct thread *t, const uint64_t *a)
{
    (void)t;
    int policy = (int)a[0];
    return !policy_valid(policy) ? -EINVAL : is_rt(policy) ? 1 : 0;
}

long sys_sched_rr_get_interval(struct thread *t, const uint64_t *a)
{
    if ((int)a[0] < 0)
        return -EINVAL;
    struct thread *to = sched_target(t, (int)a[0]);
    if (!to)
        return -ESRCH;
    uint64_t ns = to->sched_policy == SCHED_FIFO ? 0
                  : to->sched_policy == SCHED_RR ? RR_INTERVAL_NS : OTHER_INTERVAL_NS;
    struct __kernel_timespec ts = { (long long)(ns / 1000000000u), (long long)(ns % 1000000000u) };
    return client_write(t->p, a[1], &ts, sizeof ts) < 0 ? -EFAULT : 0;
}
