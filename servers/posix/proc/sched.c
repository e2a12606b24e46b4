/* Scheduling calls (see sched.h). */
#include "posix.h"
#include "sched.h"
#include "client.h"
#include "string.h"
#include <linux/sched.h>
#include <linux/time.h>

#define RT_PRIO_MAX 99
#define RR_INTERVAL_NS 100000000u   /* Linux's SCHED_RR time slice */
#define OTHER_INTERVAL_NS 10000000u /* the kernel's tick-sized slice */

/* The process a scheduling call names: 0 is the caller; pid names a thread
   (tid) or process, as Linux, and the process answers for all its threads. */
static struct proc *sched_target(struct thread *t, int pid)
{
    if (pid == 0)
        return t->p;
    struct thread *to = thread_by_tid(pid);
    return to && to->p->state == P_ALIVE && !to->p->dying ? to->p : NULL;
}

/* Linux's check_same_owner: the caller's effective uid is the target's real
   or effective uid; else only root (CAP_SYS_NICE) may change it. */
static int may_change(const struct proc *from, const struct proc *to)
{
    return from->euid == 0 || from->euid == to->euid || from->euid == to->uid;
}

long sys_sched_yield(struct thread *t, const uint64_t *a)
{
    (void)t, (void)a;
    return 0; /* the answer itself goes through the scheduler */
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
    struct proc *p = sched_target(t, (int)a[0]);
    if (!p)
        return -ESRCH;
    if (!may_change(t->p, p))
        return -EPERM;
    return mask & SCHED_CPU_MASK ? 0 : -EINVAL; /* no CPU it could run on */
}

static int policy_valid(int policy)
{
    return policy == SCHED_NORMAL || policy == SCHED_FIFO || policy == SCHED_RR ||
           policy == SCHED_BATCH || policy == SCHED_IDLE;
}

static int is_rt(int policy)
{
    return policy == SCHED_FIFO || policy == SCHED_RR;
}

/* sched_setscheduler and sched_setparam (policy -1: keep it), in Linux's
   order: arguments, the target, the priority's range, then permission. */
static long set_scheduler(struct thread *t, int pid, int policy, uint64_t param)
{
    if (pid < 0 || !param)
        return -EINVAL;
    int prio;
    if (client_read(t->p, param, &prio, sizeof prio) < 0)
        return -EFAULT;
    struct proc *p = sched_target(t, pid);
    if (!p)
        return -ESRCH;
    int reset = p->sched_reset_on_fork;
    if (policy < 0) {
        policy = p->sched_policy;
    } else {
        reset = (policy & SCHED_RESET_ON_FORK) != 0;
        policy &= ~SCHED_RESET_ON_FORK;
        if (!policy_valid(policy))
            return -EINVAL;
    }
    if (prio < 0 || prio > RT_PRIO_MAX || is_rt(policy) != (prio != 0))
        return -EINVAL;
    struct proc *me = t->p;
    if (me->euid != 0) {
        /* RLIMIT_RTPRIO bounds what a user may ask for real time. */
        uint64_t room = p->rlim[RLIMIT_RTPRIO].rlim_cur;
        if (is_rt(policy) && policy != p->sched_policy && room == 0)
            return -EPERM;
        if (is_rt(policy) && prio > p->rt_priority && (uint64_t)prio > room)
            return -EPERM;
        if (!may_change(me, p))
            return -EPERM;
        if (p->sched_reset_on_fork && !reset)
            return -EPERM; /* only root clears it */
    }
    p->sched_policy = policy;
    p->rt_priority = prio;
    p->sched_reset_on_fork = reset;
    return 0;
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
    struct proc *p = sched_target(t, (int)a[0]);
    if (!p)
        return -ESRCH;
    return p->sched_policy | (p->sched_reset_on_fork ? SCHED_RESET_ON_FORK : 0);
}

long sys_sched_getparam(struct thread *t, const uint64_t *a)
{
    if ((int)a[0] < 0 || !a[1])
        return -EINVAL;
    struct proc *p = sched_target(t, (int)a[0]);
    if (!p)
        return -ESRCH;
    int prio = p->rt_priority;
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
    struct proc *p = sched_target(t, (int)a[0]);
    if (!p)
        return -ESRCH;
    uint64_t ns = p->sched_policy == SCHED_FIFO ? 0
                  : p->sched_policy == SCHED_RR ? RR_INTERVAL_NS : OTHER_INTERVAL_NS;
    struct __kernel_timespec ts = { (long long)(ns / 1000000000u), (long long)(ns % 1000000000u) };
    return client_write(t->p, a[1], &ts, sizeof ts) < 0 ? -EFAULT : 0;
}
