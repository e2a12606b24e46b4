/* The process and thread table: lookups (hash tables over the slots),
 * pid allocation, allocating and freeing records, holding replies. */
#include "posix.h"
#include "sched.h"
#include "proc.h"
#include "thread.h"
#include "ptimer.h"
#include "proc_internal.h"
#include "mm.h"
#include "procfs.h"
#include "string.h"
#include "time.h"
#include <linux/sched.h>

struct proc procs[PROC_MAX];
struct thread threads[THREAD_MAX];
int proc_slots, thread_slots;
int init_pid;
static int next_pid = 1;

/* --- lookups -------------------------------------------------------------------
   Every message looks its process up by kernel pid and its thread by kernel
   thread id, so these are hash tables rather than scans of the slots. A
   record is in a table exactly while the key is set: pid for a process in
   use, kpid while it is alive with a kernel process, tid for a thread in
   use, ktid once the kernel's id is known. Kernel ids are the kernel's (one
   process or thread each); pids and tids are unique among records in use. */
static struct idhash by_pid, by_kpid, by_tid, by_ktid;

struct proc *proc_by_kpid(uint64_t kpid)
{
    struct idlink *l = kpid ? idhash_first(&by_kpid, kpid) : NULL;
    return l ? IDHASH_ENTRY(l, struct proc, kpid_link) : NULL;
}

void proc_set_kpid(struct proc *p, uint64_t kpid)
{
    idhash_del(&p->kpid_link);
    p->kpid = kpid;
    if (kpid)
        idhash_add(&by_kpid, &p->kpid_link, kpid);
}

struct proc *proc_by_pid(int pid)
{
    struct idlink *l = idhash_first(&by_pid, (uint64_t)pid);
    return l ? IDHASH_ENTRY(l, struct proc, pid_link) : NULL;
}

struct thread *thread_by_tid(int tid)
{
    struct idlink *l = idhash_first(&by_tid, (uint64_t)tid);
    return l ? IDHASH_ENTRY(l, struct thread, tid_link) : NULL;
}

void thread_set_tid(struct thread *t, int tid)
{
    idhash_del(&t->tid_link);
    t->tid = tid;
    idhash_add(&by_tid, &t->tid_link, (uint64_t)tid);
}

struct thread *thread_by_ktid(struct proc *p, uint64_t ktid)
{
    if (!ktid)
        return NULL;
    for (struct idlink *l = idhash_first(&by_ktid, ktid); l; l = idhash_next(l)) {
        struct thread *t = IDHASH_ENTRY(l, struct thread, ktid_link);
        if (t->p == p)
            return t;
    }
    return NULL;
}

void thread_set_ktid(struct thread *t, uint64_t ktid)
{
    idhash_del(&t->ktid_link);
    t->ktid = ktid;
    if (ktid)
        idhash_add(&by_ktid, &t->ktid_link, ktid);
}

struct thread *proc_thread_for(struct proc *p, uint64_t ktid)
{
    struct thread *t = thread_by_ktid(p, ktid);
    if (t || p->first_seen)
        return t;
    t = thread_by_tid(p->pid);
    if (t && t->p == p && t->ktid == 0) {
        thread_set_ktid(t, ktid);
        p->first_seen = 1;
        if (t->sched_policy != SCHED_NORMAL)
            sched_apply(t); /* a new image's thread keeps its policy (execve) */
    }
    return t;
}

/* As Linux, a number stays taken while anything refers to it: a process,
   a thread, or a process group or session still named by it. */
static int id_in_use(int id)
{
    if (proc_by_pid(id) || thread_by_tid(id))
        return 1;
    for (int i = 0; i < proc_slots; i++)
        if (procs[i].state != P_FREE && (procs[i].pgid == id || procs[i].sid == id))
            return 1;
    return 0;
}

int pid_alloc(void)
{
    for (int n = 0; n < PID_LIMIT; n++) {
        int id = next_pid;
        next_pid = next_pid + 1 >= PID_LIMIT ? 2 : next_pid + 1;
        if (!id_in_use(id))
            return id;
    }
    return -EAGAIN;
}

struct proc *proc_alloc(void)
{
    for (int i = 0; i < PROC_MAX; i++) {
        if (procs[i].state != P_FREE)
            continue;
        int pid = pid_alloc();
        if (pid < 0)
            return NULL;
        struct proc *p = &procs[i];
        memset(p, 0, sizeof *p); /* a free slot is in no table and no timer queue */
        p->state = P_ALIVE;
        p->pid = p->pgid = p->sid = pid;
        idhash_add(&by_pid, &p->pid_link, (uint64_t)pid);
        p->exit_signal = SIGCHLD;
        if (i >= proc_slots)
            proc_slots = i + 1;
        return p;
    }
    return NULL;
}

void proc_free(struct proc *p)
{
    procfs_proc_reaped(p);
    mm_release(p);
    mm_set_program(p, NULL);
    idhash_del(&p->pid_link);
    proc_set_kpid(p, 0);
    time_set_alarm(p, 0);
    ptimer_exit(p);
    sigpending_discard(&p->pending, ~0ull);
    memset(p, 0, sizeof *p);
    while (proc_slots > 0 && procs[proc_slots - 1].state == P_FREE)
        proc_slots--;
}

struct thread *thread_alloc(struct proc *p, int tid)
{
    if (p->nthreads >= PROC_THREADS)
        return NULL;
    for (int i = 0; i < THREAD_MAX; i++) {
        if (threads[i].used)
            continue;
        struct thread *t = &threads[i];
        memset(t, 0, sizeof *t); /* a free slot is in no table and no timer queue */
        t->used = 1;
        thread_set_tid(t, tid);
        t->p = p;
        t->ss_flags = SS_DISABLE;
        t->proc_prev = p->thread_tail;
        if (p->thread_tail)
            p->thread_tail->proc_next = t;
        else
            p->thread_head = t;
        p->thread_tail = t;
        p->nthreads++;
        if (i >= thread_slots)
            thread_slots = i + 1;
        return t;
    }
    return NULL;
}

void thread_free(struct thread *t)
{
    if (!t->used)
        return;
    struct proc *p = t->p;
    if (t->proc_prev)
        t->proc_prev->proc_next = t->proc_next;
    else
        p->thread_head = t->proc_next;
    if (t->proc_next)
        t->proc_next->proc_prev = t->proc_prev;
    else
        p->thread_tail = t->proc_prev;
    p->nthreads--;
    sleeper_release(&t->sleep); /* off every wait queue before the record goes */
    futex_forget(t);
    sigpending_discard(&t->pending, ~0ull);
    idhash_del(&t->tid_link);
    thread_set_ktid(t, 0);
    time_set_deadline(t, 0);
    memset(t, 0, sizeof *t);
    while (thread_slots > 0 && !threads[thread_slots - 1].used)
        thread_slots--;
}

int thread_reply_hold;
static cx_reply_t held_token = CX_REPLY_NONE;
static struct cx_preply held_reply;

void thread_reply(struct thread *t, uint64_t action, uint64_t value)
{
    if (t->reply == CX_REPLY_NONE)
        return;
    struct cx_preply r = { action, value };
    if (thread_reply_hold) {
        if (held_token != CX_REPLY_NONE) /* answers go out in the order given */
            cx_ipc_reply(held_token, &held_reply, sizeof held_reply, CX_CAP_NULL);
        held_token = t->reply;
        held_reply = r;
    } else {
        cx_ipc_reply(t->reply, &r, sizeof r, CX_CAP_NULL);
    }
    t->reply = CX_REPLY_NONE;
}

cx_reply_t thread_reply_take(struct cx_preply *r)
{
    cx_reply_t token = held_token;
    *r = held_reply;
    held_token = CX_REPLY_NONE;
    return token;
}

/* Drops every thread record of p (the kernel process is gone or going:
   held reply tokens die with their callers). */
void proc_drop_threads(struct proc *p, struct thread *keep)
{
    for (int i = 0; i < THREAD_MAX; i++)
        if (threads[i].used && threads[i].p == p && &threads[i] != keep)
            thread_free(&threads[i]);
}

struct proc *proc_or_self(struct thread *t, int pid)
{
    if (pid == 0)
        return t->p;
    struct proc *p = proc_by_pid(pid);
    return p && p->state == P_ALIVE ? p : NULL;
}
