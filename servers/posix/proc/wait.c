/* wait4 and waitid: a parent collects its children's state changes. */
#include "posix.h"
#include "proc.h"
#include "proc_internal.h"
#include "client.h"
#include "signal.h"
#include "cputime.h"
#include "string.h"
#include <linux/wait.h>

/* Which call waits, kept beside the options in aux[2]: above their 32
   bits, so no option (__WALL is bit 30) can be mistaken for it. */
#define WAIT_IS_WAITID (1ull << 32)

static int wait_matches(struct proc *parent, struct proc *c, int idtype, int id, uint64_t options)
{
    if (c->state == P_FREE || c->ppid != parent->pid)
        return 0;
    /* Linux's eligible_child: __WCLONE waits only for children that signal
       their parent with something other than SIGCHLD, its absence only for
       the others; __WALL for both. */
    if (!(options & __WALL) && ((c->exit_signal != SIGCHLD) != !!(options & __WCLONE)))
        return 0;
    switch (idtype) {
    case P_ALL: return 1;
    case P_PID: return c->pid == id;
    case P_PGID: return c->pgid == id;
    default: return 0;
    }
}

static void fill_child_info(const struct proc *c, int code, int status, siginfo_t *si)
{
    memset(si, 0, sizeof *si);
    si->si_signo = SIGCHLD;
    si->si_code = code;
    si->si_pid = c->pid;
    si->si_uid = c->uid;
    si->si_status = status;
}

/* One attempt at wait4/waitid for thread t: a result, or R_DEFER. */
static long wait_try(struct thread *t, int idtype, int id, uint64_t options, uint64_t out,
                     uint64_t rusage)
{
    struct proc *p = t->p;
    int waitid = (options & WAIT_IS_WAITID) != 0;
    int any = 0;
    for (int i = 0; i < PROC_MAX; i++) {
        struct proc *c = &procs[i];
        if (!wait_matches(p, c, idtype, id, options))
            continue;
        any = 1;
        if (c->exiting)
            continue; /* its exit is still being processed (proc_kernel_exit) */
        int status, code, sistatus;
        int consume = !(options & WNOWAIT);
        if (c->state == P_ZOMBIE && (options & WEXITED)) {
            status = c->status;
            if (status & 0x7f) {
                code = (status & 0x80) ? CLD_DUMPED : CLD_KILLED;
                sistatus = status & 0x7f;
            } else {
                code = CLD_EXITED;
                sistatus = (status >> 8) & 0xff;
            }
        } else if (c->state == P_ALIVE && c->report == REPORT_STOPPED && (options & WSTOPPED)) {
            status = 0x7f | (c->stopsig << 8);
            code = CLD_STOPPED;
            sistatus = c->stopsig;
        } else if (c->state == P_ALIVE && c->report == REPORT_CONTINUED &&
                   (options & WCONTINUED)) {
            status = 0xffff;
            code = CLD_CONTINUED;
            sistatus = SIGCONT;
        } else {
            continue;
        }
        int pid = c->pid;
        if (waitid) {
            siginfo_t si;
            fill_child_info(c, code, sistatus, &si);
            if (out && client_write(p, out, &si, sizeof si) < 0)
                return -EFAULT;
        } else {
            if (out && client_write_u32(p, out, (uint32_t)status) < 0)
                return -EFAULT;
        }
        if (rusage && cputime_put_child_rusage(p, rusage, c) < 0)
            return -EFAULT;
        if (consume) {
            if (c->state == P_ZOMBIE) {
                cputime_reap(p, c);
                proc_free(c);
            }
            else
                c->report = 0;
        }
        return waitid ? 0 : pid;
    }
    if (!any)
        return -ECHILD;
    if (options & WNOHANG) {
        if (waitid && out) {
            siginfo_t si;
            memset(&si, 0, sizeof si);
            if (client_write(p, out, &si, sizeof si) < 0)
                return -EFAULT;
        }
        return 0;
    }
    return R_DEFER;
}

static long wait_start(struct thread *t, int idtype, int id, uint64_t options, uint64_t out,
                       uint64_t rusage)
{
    long r = wait_try(t, idtype, id, options, out, rusage);
    if (r == R_DEFER) {
        sleeper_wait_on(&t->sleep, &t->p->child_wait); /* its first waiter: never fails */
        t->block = BLOCK_WAIT;
        t->aux[0] = (uint64_t)(uint32_t)idtype | ((uint64_t)(uint32_t)id << 32);
        t->aux[1] = out;
        t->aux[2] = options;
        t->aux[3] = rusage;
    }
    return r;
}

/* p's waits look again, at once, each at the children it waits for: only
   p's own parked waits (its child_wait queue), not every thread. */
void proc_recheck_waits(struct proc *p)
{
    struct sleeper *waiting[PROC_THREADS];
    size_t n = waitq_sleepers(&p->child_wait, waiting, PROC_THREADS);
    for (size_t i = 0; i < n; i++) {
        struct thread *t = thread_of_sleeper(waiting[i]);
        if (!t->used || t->p != p || t->block != BLOCK_WAIT)
            continue; /* an earlier answer ended it (a fatal signal ...) */
        long r = wait_try(t, (int)(uint32_t)t->aux[0], (int)(t->aux[0] >> 32),
                          t->aux[2], t->aux[1], t->aux[3]);
        if (r != R_DEFER) {
            t->block = BLOCK_NONE;
            signal_finish(t, r);
        }
    }
}

void proc_notify_parent(struct proc *child)
{
    struct proc *parent = child->ppid ? proc_by_pid(child->ppid) : NULL;
    if (!parent || parent->state != P_ALIVE) {
        if (child->state == P_ZOMBIE)
            proc_free(child); /* nobody will wait for it */
        return;
    }
    if (child->state == P_ZOMBIE) {
        struct k_sigaction *act = &parent->act[SIGCHLD - 1];
        int autoreap = act->handler == (uint64_t)SIG_IGN || (act->flags & SA_NOCLDWAIT);
        int s = child->status;
        struct ksiginfo info = { 0 };
        info.signo = child->exit_signal ? child->exit_signal : SIGCHLD;
        info.code = (s & 0x7f) ? ((s & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
        info.pid = child->pid;
        info.uid = child->uid;
        info.status = (s & 0x7f) ? (s & 0x7f) : (s >> 8) & 0xff;
        if (autoreap)
            proc_free(child);
        /* A waiting wait answers first (the child's status, or ECHILD when
           it was the last and reaped itself): the signal then arrives
           after that result, as on Linux, not as an EINTR. */
        proc_recheck_waits(parent);
        if (info.signo > 0 && info.signo <= NSIG_LINUX)
            signal_send_proc(parent, info.signo, &info);
        return;
    }
    proc_recheck_waits(parent);
}

long sys_wait4(struct thread *t, const uint64_t *a)
{
    int pid = (int)a[0];
    uint32_t options = (uint32_t)a[2];
    if (options & ~(uint32_t)(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
        return -EINVAL;
    options |= WEXITED;
    int idtype = P_ALL, id = 0;
    if (pid < -1)
        idtype = P_PGID, id = -pid;
    else if (pid == 0)
        idtype = P_PGID, id = t->p->pgid;
    else if (pid > 0)
        idtype = P_PID, id = pid;
    if (pid == INT32_MIN)
        return -ESRCH;
    return wait_start(t, idtype, id, options, a[1], a[3]);
}

long sys_waitid(struct thread *t, const uint64_t *a)
{
    int idtype = (int)a[0], id = (int)a[1];
    uint32_t options = (uint32_t)a[3];
    if (options & ~(uint32_t)(WNOHANG | WEXITED | WSTOPPED | WCONTINUED | WNOWAIT | __WNOTHREAD |
                              __WALL | __WCLONE))
        return -EINVAL;
    if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    if (idtype == P_PGID && id == 0)
        id = t->p->pgid;
    if (idtype != P_ALL && idtype != P_PID && idtype != P_PGID)
        return -EINVAL;
    if (idtype != P_ALL && id <= 0)
        return -EINVAL;
    return wait_start(t, idtype, id, (uint64_t)options | WAIT_IS_WAITID, a[2], a[4]);
}
