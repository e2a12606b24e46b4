/* Nice values: getpriority, setpriority (kept and shown, not used by the
 * kernel's scheduler). */
#include "posix.h"
#include "proc.h"

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2

/* 1 if q is among the processes (which, who) names for caller p. */
static int prio_match(const struct proc *p, const struct proc *q, int which, int who)
{
    if (q->state != P_ALIVE)
        return 0;
    switch (which) {
    case PRIO_PROCESS: return q->pid == (who ? who : p->pid);
    case PRIO_PGRP: return q->pgid == (who ? who : p->pgid);
    default: return q->uid == (who ? (uint32_t)who : p->uid);
    }
}

/* The raw call answers 20 - nice (1..40), the highest priority among them;
   the C library turns it back into a nice value. */
long sys_getpriority(struct thread *t, const uint64_t *a)
{
    int which = (int)a[0], who = (int)a[1];
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    int best = -1;
    for (int i = 0; i < proc_slots; i++)
        if (prio_match(t->p, &procs[i], which, who) && 20 - procs[i].nice > best)
            best = 20 - procs[i].nice;
    return best < 0 ? -ESRCH : best;
}

/* As Linux: the value is clamped to -20..19; only root lowers a nice value
   (EACCES), and only root or the owner (real or effective uid equal to the
   caller's effective uid) changes a process at all (EPERM). */
long sys_setpriority(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    int which = (int)a[0], who = (int)a[1], nice = (int)a[2];
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    nice = nice < -20 ? -20 : nice > 19 ? 19 : nice;
    int found = 0;
    long r = 0;
    for (int i = 0; i < proc_slots; i++) {
        struct proc *q = &procs[i];
        if (!prio_match(p, q, which, who))
            continue;
        found = 1;
        if (p->euid != 0 && p->euid != q->uid && p->euid != q->euid)
            r = -EPERM;
        else if (nice < q->nice && p->euid != 0)
            r = -EACCES;
        else
            q->nice = nice;
    }
    return found ? r : -ESRCH;
}
