/* Resource limits: the initial ones, RLIMIT_NPROC's count, prlimit64,
 * getrlimit, setrlimit. */
#include "posix.h"
#include "proc.h"
#include "proc_internal.h"
#include "client.h"
#include "file.h"

/* Linux's initial limits (INIT_RLIMITS), with RLIMIT_NPROC and
   RLIMIT_SIGPENDING at half the task table as Linux sets them at boot
   (max_threads / 2): one user cannot take every slot, and root, exempt
   from RLIMIT_NPROC, always finds the other half. */
void proc_rlimits_default(struct proc *p)
{
    for (int i = 0; i < RLIM_NLIMITS; i++)
        p->rlim[i].rlim_cur = p->rlim[i].rlim_max = RLIM_INFINITY;
    p->rlim[RLIMIT_STACK].rlim_cur = 8ul << 20;
    p->rlim[RLIMIT_CORE].rlim_cur = 0;
    p->rlim[RLIMIT_NOFILE].rlim_cur = p->rlim[RLIMIT_NOFILE].rlim_max = 1024;
    p->rlim[RLIMIT_NPROC].rlim_cur = p->rlim[RLIMIT_NPROC].rlim_max = PROC_NPROC_DEFAULT;
    p->rlim[RLIMIT_SIGPENDING].rlim_cur = p->rlim[RLIMIT_SIGPENDING].rlim_max = PROC_NPROC_DEFAULT;
    p->rlim[RLIMIT_MEMLOCK].rlim_cur = p->rlim[RLIMIT_MEMLOCK].rlim_max = 8ul << 20;
    p->rlim[RLIMIT_MSGQUEUE].rlim_cur = p->rlim[RLIMIT_MSGQUEUE].rlim_max = 819200;
    p->rlim[RLIMIT_NICE].rlim_cur = p->rlim[RLIMIT_NICE].rlim_max = 0;
    p->rlim[RLIMIT_RTPRIO].rlim_cur = p->rlim[RLIMIT_RTPRIO].rlim_max = 0;
}

/* The tasks counted against uid's RLIMIT_NPROC, as Linux counts them: every
   thread of its processes (by real uid), a zombie until it is reaped. */
static uint64_t user_tasks(uint32_t uid)
{
    uint64_t n = 0;
    for (int i = 0; i < proc_slots; i++) {
        const struct proc *q = &procs[i];
        if (q->state != P_FREE && q->uid == uid)
            n += q->state == P_ALIVE && q->nthreads > 0 ? (uint64_t)q->nthreads : 1;
    }
    return n;
}

int proc_nproc_allows(const struct proc *p)
{
    if (p->uid == 0 || p->euid == 0)
        return 1; /* root (CAP_SYS_RESOURCE) is exempt */
    return user_tasks(p->uid) < p->rlim[RLIMIT_NPROC].rlim_cur;
}

/* Linux's check_prlimit_permission: another process's limits, read or
   written, need all of its uids and gids to be the caller's real ones, or
   root (CAP_SYS_RESOURCE). */
static int may_prlimit(const struct proc *me, const struct proc *p)
{
    return me == p || me->euid == 0 ||
           (p->uid == me->uid && p->euid == me->uid && p->suid == me->uid &&
            p->gid == me->gid && p->egid == me->gid && p->sgid == me->gid);
}

/* In Linux's order (prlimit64, do_prlimit): the new value's bytes, the
   target, permission, the resource, the value, raising the hard limit. */
static long rlimit_op(struct thread *t, int pid, unsigned res, uint64_t newp, uint64_t oldp)
{
    struct rlimit nl;
    if (newp && client_read(t->p, newp, &nl, sizeof nl) < 0)
        return -EFAULT;
    struct proc *p = proc_or_self(t, pid);
    if (!p)
        return -ESRCH;
    if (!may_prlimit(t->p, p))
        return -EPERM;
    if (res >= RLIM_NLIMITS || (newp && nl.rlim_cur > nl.rlim_max))
        return -EINVAL;
    if (newp && nl.rlim_max > p->rlim[res].rlim_max && t->p->euid != 0)
        return -EPERM;
    if (oldp && client_write(t->p, oldp, &p->rlim[res], sizeof p->rlim[res]) < 0)
        return -EFAULT;
    if (newp) {
        /* The server's own tables bound these: never promise more. */
        if (res == RLIMIT_NPROC && nl.rlim_max > PROC_MAX)
            nl.rlim_max = PROC_MAX;
        if (res == RLIMIT_NPROC && nl.rlim_cur > nl.rlim_max)
            nl.rlim_cur = nl.rlim_max;
        /* The descriptor table enforces RLIMIT_NOFILE; above what it can
           hold is EPERM, as Linux above fs.nr_open. */
        if (res == RLIMIT_NOFILE && p->fdt &&
            fdtable_set_limit(p->fdt, nl.rlim_cur > UINT32_MAX ? UINT32_MAX : (uint32_t)nl.rlim_cur) < 0)
            return -EPERM;
        p->rlim[res] = nl;
    }
    return 0;
}

long sys_prlimit64(struct thread *t, const uint64_t *a)
{
    return rlimit_op(t, (int)a[0], (unsigned)a[1], a[2], a[3]);
}

long sys_getrlimit(struct thread *t, const uint64_t *a)
{
    if ((unsigned)a[0] >= RLIM_NLIMITS)
        return -EINVAL; /* before the buffer is looked at */
    return rlimit_op(t, 0, (unsigned)a[0], 0, a[1]);
}

long sys_setrlimit(struct thread *t, const uint64_t *a)
{
    return rlimit_op(t, 0, (unsigned)a[0], a[1], 0);
}
