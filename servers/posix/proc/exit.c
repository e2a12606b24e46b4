/* Ending: exit, exit_group, the kernel's exit notice (a zombie), and the
 * orphans it leaves: children reparented, orphaned process groups. */
#include "posix.h"
#include "proc.h"
#include "proc_internal.h"
#include "fileio.h"
#include "mm.h"
#include "signal.h"
#include "ptimer.h"
#include "futex_pi.h"
#include "thread.h"
#include "console.h"
#include "native_grant.h"
#include "time.h"
#include "ipc.h"
#include "cputime.h"

long sys_exit(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    int code = (int)(a[0] & 0xff);
    if (p->nthreads == 1 && !p->status_set) {
        p->status = code << 8;
        p->status_set = 1;
    }
    futex_owner_exit(t);
    thread_exit_cleanup(t);
    thread_reply(t, CX_PREPLY_EXIT_THREAD, (uint64_t)code);
    thread_free(t);
    return R_GONE;
}

void proc_terminate(struct proc *p, int status)
{
    if (!p->status_set) {
        p->status = status;
        p->status_set = 1;
    }
    p->stopped = 0;
    int was_dying = p->dying;
    p->dying = 1;
    if (!was_dying)
        futex_owners_exit(p); /* while its memory is still there */
    cx_process_kill(p->cap, status);
    /* Held tokens die with their callers; nothing more is answered. */
    proc_drop_threads(p, NULL);
}

long sys_exit_group(struct thread *t, const uint64_t *a)
{
    proc_terminate(t->p, (int)((a[0] & 0xff) << 8));
    return R_GONE;
}

static int fault_signal(uint64_t kind)
{
    switch (kind) {
    case CX_FAULT_ILLEGAL_INSTRUCTION: return SIGILL;
    case CX_FAULT_ARITHMETIC: return SIGFPE;
    case CX_FAULT_BREAKPOINT: return SIGTRAP;
    case CX_FAULT_ALIGNMENT: return SIGBUS;
    default: return SIGSEGV;
    }
}

/* The new parent of p's children: the nearest living ancestor that is a
   child subreaper (prctl), else init. */
static struct proc *new_parent_of_orphans(struct proc *p)
{
    for (struct proc *a = proc_by_pid(p->ppid); a && a != p; a = proc_by_pid(a->ppid)) {
        if (a->state == P_ALIVE && a->subreaper)
            return a;
        if (a->pid == init_pid)
            break;
    }
    struct proc *init = proc_by_pid(init_pid);
    return init != p ? init : NULL;
}

int proc_pgrp_orphaned(int pgid)
{
    for (int i = 0; i < PROC_MAX; i++) {
        struct proc *q = &procs[i];
        if (q->state != P_ALIVE || q->pgid != pgid)
            continue;
        struct proc *pp = proc_by_pid(q->ppid);
        if (pp && pp->state == P_ALIVE && pp->pgid != pgid && pp->sid == q->sid)
            return 0;
    }
    return 1;
}

/* A group that has just become orphaned with a stopped member gets SIGHUP
   then SIGCONT, every member (POSIX _exit; nobody is left to continue it). */
static void hup_if_orphaned(int pgid)
{
    int stopped = 0;
    for (int i = 0; i < PROC_MAX; i++)
        if (procs[i].state == P_ALIVE && procs[i].pgid == pgid && procs[i].stopped)
            stopped = 1;
    if (!stopped || !proc_pgrp_orphaned(pgid))
        return;
    for (int i = 0; i < PROC_MAX; i++) {
        if (procs[i].state == P_ALIVE && procs[i].pgid == pgid) {
            signal_send_proc(&procs[i], SIGHUP, NULL);
            signal_send_proc(&procs[i], SIGCONT, NULL);
        }
    }
}

/* p (now a zombie) was what kept its own group, or a child's, from being
   orphaned when its parent, or it, sat in another group of the session. */
static void hup_orphaned_groups(struct proc *p, const struct proc *old_parent, int *child_pgids,
                                int nchild)
{
    if (old_parent && old_parent->pgid != p->pgid && old_parent->sid == p->sid)
        hup_if_orphaned(p->pgid);
    for (int i = 0; i < nchild; i++)
        hup_if_orphaned(child_pgids[i]);
}

static void reparent_children(struct proc *p)
{
    struct proc *heir = new_parent_of_orphans(p);
    struct proc *parent = proc_by_pid(p->ppid);
    int linked[PROC_MAX], nlinked = 0; /* children's groups p linked to the session */
    for (int i = 0; i < PROC_MAX; i++) {
        struct proc *c = &procs[i];
        if (c->state == P_FREE || c->ppid != p->pid)
            continue;
        if (c->state == P_ALIVE && c->pgid != p->pgid && c->sid == p->sid)
            linked[nlinked++] = c->pgid;
        c->ppid = heir ? heir->pid : 0;
        c->exit_signal = SIGCHLD; /* as Linux: a new parent hears of it the ordinary way */
        if (c->state == P_ZOMBIE && heir)
            proc_notify_parent(c);
        else if (c->state == P_ALIVE && c->pdeath_signal)
            signal_send_proc(c, c->pdeath_signal, NULL);
    }
    hup_orphaned_groups(p, parent && parent->state == P_ALIVE ? parent : NULL, linked, nlinked);
}

void proc_kernel_exit(uint64_t kpid, const struct cx_pmsg *m)
{
    struct cx_exit_info info = { 0, 0, 0, 0 };
    cx_process_wait(kpid, CX_TIMEOUT_POLL, &info);
    native_grant_end(kpid); /* an ended image, or one execve replaced */
    struct proc *p = proc_by_kpid(kpid);
    if (!p)
        return; /* an image replaced by execve */
    if (!p->status_set) {
        if (m->nr == CX_EXIT_NORMAL)
            p->status = (int)((m->arg[0] & 0xff) << 8);
        else if (m->nr == CX_EXIT_FAULT)
            p->status = fault_signal(m->arg[1]);
        else
            p->status = SIGKILL;
        p->status_set = 1;
    }
    cputime_exit(p);
    cx_capability_revoke(p->cap);
    p->cap = CX_CAP_NULL;
    proc_set_kpid(p, 0);
    proc_drop_threads(p, NULL);
    fileio_exit(p);
    ipc_exit(p); /* SEM_UNDO adjustments, shared memory attachments */
    mm_release(p);
    mm_set_program(p, NULL);
    p->exiting = 1; /* a zombie nobody may reap before this function is done with it */
    p->state = P_ZOMBIE;
    p->stopped = 0;
    time_set_alarm(p, 0);
    ptimer_exit(p);
    signal_discard_all(p); /* a zombie takes no signal: free what queued */
    console_proc_exit(p);
    if (p->pid == init_pid) {
        int s = p->status;
        int code = (s & 0x7f) ? 128 + (s & 0x7f) : (s >> 8) & 0xff;
        cx_exit(code);
    }
    reparent_children(p);
    proc_release_vfork(p);
    p->exiting = 0;
    proc_notify_parent(p); /* may reap and free p: the last use */
}
