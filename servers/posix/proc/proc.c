/* The process table and process calls: fork, vfork, clone of a process,
 * execve, exit, wait, ids, process groups, sessions and resource limits. */
#include "posix.h"
#include "proc.h"
#include "client.h"
#include "fileio.h"
#include "mm.h"
#include "fsmount.h"
#include "signal.h"
#include "thread.h"
#include "vfs.h"
#include "file.h"
#include "console.h"
#include "errno_map.h"
#include "procfs.h"
#include "string.h"
#include "execargs.h"
#include "binfmt.h"
#include "native_grant.h"
#include "abi/abi.h"
#include "time.h"
#include <linux/sched.h>
#include <linux/wait.h>

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

static void thread_set_tid(struct thread *t, int tid)
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

static void proc_free(struct proc *p)
{
    procfs_proc_reaped(p);
    mm_release(p);
    idhash_del(&p->pid_link);
    proc_set_kpid(p, 0);
    time_set_alarm(p, 0);
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
    t->p->nthreads--;
    sleeper_release(&t->sleep); /* off every wait queue before the record goes */
    futex_forget(t);
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
static void proc_drop_threads(struct proc *p, struct thread *keep)
{
    for (int i = 0; i < THREAD_MAX; i++)
        if (threads[i].used && threads[i].p == p && &threads[i] != keep)
            thread_free(&threads[i]);
}

/* --- starting programs ------------------------------------------------------- */

/* Creates the kernel process for path (scripts run their interpreters:
   binfmt.h). On success *kpid, *cap are the new (not yet started) process,
   and the program image has set p's heap start. */
static long exec_create(struct proc *p, const char *path, struct exec_args *e, uint64_t *kpid,
                        cx_cap_t *cap)
{
    uint8_t *image; /* the program in one piece (binfmt_load), freed below */
    size_t size;
    int grant_ok; /* may it have the native authority? never through "#!" (native_grant.h) */
    long r = binfmt_load(p, path, e, &image, &size, &grant_ok);
    if (r < 0)
        return r;
    if (exec_args_kernel_bytes(e) > CX_START_MAX_ARGBYTES) { /* execargs.h: only a script near the top */
        free(image);
        return -E2BIG;
    }
    uint64_t k = native_grant_create(grant_ok, image, size, (const char *const *)e->argv, e->argc, e->envc);
    if (CX_IS_ERR(k)) {
        free(image);
        return CX_ERR_CODE(k) == CX_ERR_INVALID_PARAMETER ? -ENOEXEC : -errno_from_cx(k);
    }
    mm_exec(p, image, size);
    free(image);
    uint64_t c = cx_process_capability(k, CX_RIGHTS_ALL);
    if (CX_IS_ERR(c)) {
        struct cx_exit_info info;
        cx_process_wait(k, CX_TIMEOUT_POLL, &info); /* never started: gone with the wait */
        native_grant_end(k);
        return -EAGAIN;
    }
    uint64_t s = cx_process_set_personality(c, posix_endpoint_cap);
    if (CX_IS_ERR(s)) {
        cx_process_kill(c, 0);
        cx_capability_revoke(c);
        native_grant_end(k);
        return -errno_from_cx(s);
    }
    *kpid = k;
    *cap = c;
    return 0;
}

static void set_comm(struct proc *p, const char *path)
{
    const char *base = path;
    for (const char *c = path; *c; c++)
        if (*c == '/' && c[1])
            base = c + 1;
    strlcpy(p->comm, base, sizeof p->comm);
}

/* Linux's initial limits (INIT_RLIMITS), with RLIMIT_NPROC and
   RLIMIT_SIGPENDING at half the task table as Linux sets them at boot
   (max_threads / 2): one user cannot take every slot, and root, exempt
   from RLIMIT_NPROC, always finds the other half. */
static void rlimits_default(struct proc *p)
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

int proc_spawn_init(const char *const *argv, size_t argc, const char *const *envp, size_t envc)
{
    if (argc == 0)
        return -E2BIG;
    struct proc *p = proc_alloc();
    if (!p)
        return -EAGAIN;
    rlimits_default(p);
    struct exec_args e;
    int r = (int)exec_args_from_lists(&e, p, argv, argc, envp, envc);
    if (r == 0)
        r = fileio_init_proc(p);
    if (r < 0) {
        exec_args_free(&e);
        return r;
    }
    console_init_ctty(p);
    uint64_t kpid;
    r = (int)exec_create(p, argv[0], &e, &kpid, &p->cap);
    if (r < 0) {
        exec_args_free(&e);
        return r;
    }
    proc_set_kpid(p, kpid);
    procfs_proc_created(p, NULL);
    procfs_proc_exec(p, argv[0], (const char *const *)e.argv, e.argc, (const char *const *)e.envp,
                     e.envc);
    exec_args_free(&e);
    if (!thread_alloc(p, p->pid))
        return -EAGAIN;
    set_comm(p, argv[0]);
    init_pid = p->pid;
    cx_process_start(p->kpid);
    return 0;
}

long sys_execve(struct thread *t, const uint64_t *a)
{
    static struct exec_args e;
    static char path[VFS_PATH_MAX];
    struct proc *p = t->p;
    long r = client_string(p, a[0], path, sizeof path);
    if (r < 0)
        return r;
    struct vnode *vn; /* Linux opens the file before it reads the strings */
    if ((r = fileio_lookup_exec(p, path, &vn)) < 0)
        return r;
    vfs_unref(vn);
    if ((r = exec_args_from_client(&e, p, a[1], a[2], path)) < 0) {
        exec_args_free(&e);
        return r;
    }
    uint64_t kpid;
    cx_cap_t cap;
    uint64_t old_brk[3] = { p->brk_start, p->brk_end, p->brk_mapped };
    r = exec_create(p, path, &e, &kpid, &cap);
    if (r < 0) {
        p->brk_start = old_brk[0], p->brk_end = old_brk[1], p->brk_mapped = old_brk[2];
        exec_args_free(&e);
        return r;
    }
    /* The point of no return: the old image goes (its CX_PMSG_EXIT comes
       with the old kernel pid, which nobody owns any more: reaped then). */
    cx_process_kill(p->cap, 0);
    cx_capability_revoke(p->cap);
    proc_set_kpid(p, kpid);
    p->cap = cap;
    proc_drop_threads(p, t);
    t->reply = CX_REPLY_NONE; /* the caller died with the old image */
    thread_set_ktid(t, 0);
    thread_set_tid(t, p->pid);
    t->clear_child_tid = t->robust_list = 0;
    t->ss_sp = t->ss_size = 0;
    t->ss_flags = SS_DISABLE;
    t->block = BLOCK_NONE;
    time_set_deadline(t, 0);
    p->first_seen = 0;
    procfs_proc_exec(p, path, (const char *const *)e.argv, e.argc, (const char *const *)e.envp, e.envc);
    exec_args_free(&e);
    signal_exec(p);
    fileio_exec(p);
    set_comm(p, path);
    cx_process_start(kpid);
    proc_release_vfork(p);
    return R_GONE;
}

/* --- fork ------------------------------------------------------------------------ */

static long fork_common(struct thread *t, uint64_t flags, uint64_t newsp, uint64_t ptid,
                        uint64_t ctid, uint64_t tls)
{
    struct proc *p = t->p;
    if (!proc_nproc_allows(p))
        return -EAGAIN;
    struct proc *c = proc_alloc();
    if (!c)
        return -EAGAIN;
    static struct cx_regs regs;
    uint64_t r = thread_clone_regs(t, flags, newsp, tls, &regs);
    if (CX_IS_ERR(r)) {
        proc_free(c);
        return -errno_from_cx(r);
    }
    struct thread *ct = thread_alloc(c, c->pid);
    if (!ct) {
        proc_free(c);
        return -EAGAIN;
    }
    int fr = mm_fork(p, c) < 0 ? -ENOMEM : fileio_fork(p, c);
    if (!fr && (flags & CLONE_NEWNS))
        fr = (int)fsmount_unshare(c->fs); /* sys_clone checked the caller */
    if (fr < 0) {
        thread_free(ct);
        proc_free(c);
        return fr;
    }
    struct cx_process_fork_result res;
    r = cx_process_fork(posix_pool_cap, p->cap, &regs, &res);
    if (CX_IS_ERR(r)) {
        fileio_exit(c);
        thread_free(ct);
        proc_free(c);
        return CX_ERR_CODE(r) == CX_ERR_OUT_OF_MEMORY ? -ENOMEM : -EAGAIN;
    }
    proc_set_kpid(c, res.process_id);
    c->cap = res.capability;
    c->first_seen = 1;
    thread_set_ktid(ct, res.thread_id);
    ct->sigmask = t->sigmask;
    ct->ss_sp = t->ss_sp, ct->ss_size = t->ss_size, ct->ss_flags = t->ss_flags;
    c->ppid = p->pid;
    c->pgid = p->pgid;
    c->sid = p->sid;
    c->tty_detached = p->tty_detached;
    c->not_dumpable = p->not_dumpable, c->no_new_privs = p->no_new_privs;
    c->nice = p->nice;
    c->sched_policy = p->sched_policy, c->rt_priority = p->rt_priority;
    if (p->sched_reset_on_fork) { /* the child starts as an ordinary process */
        if (c->sched_policy == SCHED_FIFO || c->sched_policy == SCHED_RR)
            c->sched_policy = SCHED_NORMAL, c->rt_priority = 0;
        if (c->nice < 0)
            c->nice = 0;
    }
    c->uid = p->uid, c->euid = p->euid, c->suid = p->suid;
    c->gid = p->gid, c->egid = p->egid, c->sgid = p->sgid;
    c->ngroups = p->ngroups;
    memcpy(c->groups, p->groups, sizeof c->groups);
    memcpy(c->rlim, p->rlim, sizeof c->rlim);
    memcpy(c->act, p->act, sizeof c->act);
    c->brk_start = p->brk_start, c->brk_end = p->brk_end, c->brk_mapped = p->brk_mapped;
    memcpy(c->comm, p->comm, sizeof c->comm);
    c->exit_signal = (int)(flags & CSIGNAL); /* 0: the parent is not signalled */
    if (flags & CLONE_PARENT_SETTID) {
        client_write_u32(p, ptid, (uint32_t)c->pid);
        client_write_u32(c, ptid, (uint32_t)c->pid);
    }
    if (flags & CLONE_CHILD_SETTID)
        client_write_u32(c, ctid, (uint32_t)c->pid);
    if (flags & CLONE_CHILD_CLEARTID)
        ct->clear_child_tid = ctid;
    procfs_proc_created(c, p);
    cx_process_start(c->kpid);
    if (flags & CLONE_VFORK) {
        t->block = BLOCK_VFORK;
        t->aux[0] = (uint64_t)c->pid;
        t->aux[1] = (uint64_t)c->pid; /* the result once released */
        return R_DEFER;
    }
    return c->pid;
}

long sys_fork(struct thread *t, const uint64_t *a)
{
    (void)a;
    return fork_common(t, SIGCHLD, 0, 0, 0, 0);
}

/* vfork: a copy-on-write fork whose parent waits until the child execs or
   ends (the child does not borrow the parent's memory). */
long sys_vfork(struct thread *t, const uint64_t *a)
{
    (void)a;
    return fork_common(t, CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

/* clone(flags, newsp, parent_tid, ...): child_tid and tls in the ABI's order. */
long sys_clone(struct thread *t, const uint64_t *a)
{
    uint64_t flags = a[0], ctid = a[ABI_CLONE_CTID], tls = a[ABI_CLONE_TLS];
    if (flags & CLONE_THREAD)
        return thread_clone(t, flags, a[1], a[2], ctid, tls);
    /* Without CLONE_THREAD the child is a process; CLONE_VM is served as a
       copy (posix_spawn's use: the child only execs or exits). */
    const uint64_t unsupported = CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
                                 CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | CLONE_PIDFD;
    if (flags & unsupported)
        return -EINVAL;
    if ((flags & CLONE_NEWNS) && (flags & CLONE_FS))
        return -EINVAL;
    if ((flags & CLONE_NEWNS) && t->p->euid != 0)
        return -EPERM; /* CAP_SYS_ADMIN */
    return fork_common(t, flags, a[1], a[2], ctid, tls);
}

/* unshare: a mount namespace of the caller's own (CLONE_NEWNS, root only);
   descriptor tables and fs states are already per process (fork copies
   them), so CLONE_FILES and CLONE_FS have nothing to do; other namespace
   kinds are not provided (EINVAL, as a kernel built without them). */
long sys_unshare(struct thread *t, const uint64_t *a)
{
    uint64_t flags = a[0];
    const uint64_t known = CLONE_NEWNS | CLONE_FS | CLONE_FILES | CLONE_SYSVSEM | CLONE_THREAD |
                           CLONE_SIGHAND | CLONE_VM;
    if (flags & ~known)
        return -EINVAL;
    if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) && t->p->nthreads > 1)
        return -EINVAL;
    if (!(flags & CLONE_NEWNS))
        return 0;
    struct file_ctx c = fileio_ctx(t);
    return file_unshare_mounts(&c);
}

void proc_release_vfork(struct proc *child)
{
    for (int i = 0; i < THREAD_MAX; i++) {
        struct thread *t = &threads[i];
        if (t->used && t->block == BLOCK_VFORK && (int)t->aux[0] == child->pid) {
            t->block = BLOCK_NONE;
            signal_finish(t, (long)t->aux[1]);
        }
    }
}

/* --- ending ---------------------------------------------------------------------- */

long sys_exit(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    int code = (int)(a[0] & 0xff);
    if (p->nthreads == 1 && !p->status_set) {
        p->status = code << 8;
        p->status_set = 1;
    }
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
    p->dying = 1;
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
    cx_capability_revoke(p->cap);
    p->cap = CX_CAP_NULL;
    proc_set_kpid(p, 0);
    proc_drop_threads(p, NULL);
    fileio_exit(p);
    mm_release(p);
    p->exiting = 1; /* a zombie nobody may reap before this function is done with it */
    p->state = P_ZOMBIE;
    p->stopped = 0;
    time_set_alarm(p, 0);
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

/* --- wait ------------------------------------------------------------------------ */

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
        if (rusage) {
            static const uint8_t zero[144];
            if (client_write(p, rusage, zero, sizeof zero) < 0)
                return -EFAULT;
        }
        if (consume) {
            if (c->state == P_ZOMBIE)
                proc_free(c);
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
        t->block = BLOCK_WAIT;
        t->aux[0] = (uint64_t)(uint32_t)idtype | ((uint64_t)(uint32_t)id << 32);
        t->aux[1] = out;
        t->aux[2] = options;
        t->aux[3] = rusage;
    }
    return r;
}

void proc_recheck_waits(struct proc *p)
{
    for (int i = 0; i < THREAD_MAX; i++) {
        struct thread *t = &threads[i];
        if (!t->used || t->p != p || t->block != BLOCK_WAIT)
            continue;
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
        if (info.signo > 0 && info.signo <= NSIG_LINUX)
            signal_send_proc(parent, info.signo, &info);
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

/* --- identity -------------------------------------------------------------------- */

long sys_getpid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->pid;
}

long sys_getppid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->ppid;
}

long sys_gettid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->tid;
}

static struct proc *proc_or_self(struct thread *t, int pid)
{
    if (pid == 0)
        return t->p;
    struct proc *p = proc_by_pid(pid);
    return p && p->state == P_ALIVE ? p : NULL;
}

long sys_setpgid(struct thread *t, const uint64_t *a)
{
    int pid = (int)a[0], pgid = (int)a[1];
    if (pgid < 0)
        return -EINVAL;
    struct proc *p = proc_or_self(t, pid);
    if (!p || (p != t->p && p->ppid != t->p->pid))
        return -ESRCH;
    if (p->sid != t->p->sid)
        return -EPERM;
    if (p->pid == p->sid)
        return -EPERM; /* a session leader */
    if (pgid == 0)
        pgid = p->pid;
    if (pgid != p->pid) {
        int found = 0;
        for (int i = 0; i < PROC_MAX; i++)
            if (procs[i].state == P_ALIVE && procs[i].pgid == pgid && procs[i].sid == p->sid)
                found = 1;
        if (!found)
            return -EPERM;
    }
    p->pgid = pgid;
    return 0;
}

long sys_getpgid(struct thread *t, const uint64_t *a)
{
    struct proc *p = proc_or_self(t, (int)a[0]);
    return p ? p->pgid : -ESRCH;
}

long sys_getpgrp(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->pgid;
}

long sys_setsid(struct thread *t, const uint64_t *a)
{
    (void)a;
    struct proc *p = t->p;
    for (int i = 0; i < PROC_MAX; i++)
        if (procs[i].state != P_FREE && procs[i].pgid == p->pid)
            return -EPERM; /* already a group leader */
    p->sid = p->pgid = p->pid;
    p->tty_detached = 0; /* the new session has no controlling terminal */
    return p->sid;
}

long sys_getsid(struct thread *t, const uint64_t *a)
{
    struct proc *p = proc_or_self(t, (int)a[0]);
    return p ? p->sid : -ESRCH;
}

long sys_umask(struct thread *t, const uint64_t *a)
{
    uint32_t old = t->p->fs->umask;
    t->p->fs->umask = (uint32_t)a[0] & 0777;
    return old;
}

/* A new id for an unprivileged process must be one it already has. */
static int id_allowed(const struct proc *p, uint32_t id, uint32_t r, uint32_t e, uint32_t s)
{
    return p->euid == 0 || id == r || id == e || id == s;
}

#define KEEP ((uint32_t)-1)

static long set_res(struct proc *p, uint32_t *rp, uint32_t *ep, uint32_t *sp, uint32_t r,
                    uint32_t e, uint32_t s)
{
    uint32_t R = *rp, E = *ep, S = *sp;
    if ((r != KEEP && !id_allowed(p, r, R, E, S)) || (e != KEEP && !id_allowed(p, e, R, E, S)) ||
        (s != KEEP && !id_allowed(p, s, R, E, S)))
        return -EPERM;
    if (r != KEEP)
        *rp = r;
    if (e != KEEP)
        *ep = e;
    if (s != KEEP)
        *sp = s;
    return 0;
}

static long get_res(struct proc *p, const uint64_t *a, uint32_t r, uint32_t e, uint32_t s)
{
    if (client_write_u32(p, a[0], r) < 0 || client_write_u32(p, a[1], e) < 0 ||
        client_write_u32(p, a[2], s) < 0)
        return -EFAULT;
    return 0;
}

long sys_getuid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->uid;
}

long sys_geteuid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->euid;
}

long sys_getgid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->gid;
}

long sys_getegid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->egid;
}

/* Root sets all three ids; anyone else only the effective one, to an id
   it already has. */
/* setuid/setgid: root sets all three; others only the effective id, and
   only to the real or saved one (Linux's __sys_setuid). */
static long set_one(struct proc *p, uint32_t *rp, uint32_t *ep, uint32_t *sp, uint32_t x)
{
    if (p->euid == 0)
        return set_res(p, rp, ep, sp, x, x, x);
    if (x != *rp && x != *sp)
        return -EPERM;
    *ep = x;
    return 0;
}

/* setreuid/setregid, as Linux: the real id may become the real or
   effective one, the effective id any of the three (root: anything); the
   saved id follows the new effective id when the real id is set or the
   effective one moves away from the real. */
static long set_re(struct proc *p, uint32_t *rp, uint32_t *ep, uint32_t *sp, uint32_t r, uint32_t e)
{
    uint32_t R = *rp, E = *ep, S = *sp;
    int root = p->euid == 0;
    if ((r != KEEP && !root && r != R && r != E) ||
        (e != KEEP && !root && e != R && e != E && e != S))
        return -EPERM;
    if (r != KEEP)
        *rp = r;
    if (e != KEEP)
        *ep = e;
    if (r != KEEP || (e != KEEP && e != R))
        *sp = *ep;
    return 0;
}

long sys_setuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return set_one(p, &p->uid, &p->euid, &p->suid, (uint32_t)a[0]);
}

long sys_setgid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return set_one(p, &p->gid, &p->egid, &p->sgid, (uint32_t)a[0]);
}

long sys_setreuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return set_re(p, &p->uid, &p->euid, &p->suid, (uint32_t)a[0], (uint32_t)a[1]);
}

long sys_setregid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return set_re(p, &p->gid, &p->egid, &p->sgid, (uint32_t)a[0], (uint32_t)a[1]);
}

long sys_setresuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return set_res(p, &p->uid, &p->euid, &p->suid, (uint32_t)a[0], (uint32_t)a[1],
                   (uint32_t)a[2]);
}

long sys_setresgid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return set_res(p, &p->gid, &p->egid, &p->sgid, (uint32_t)a[0], (uint32_t)a[1],
                   (uint32_t)a[2]);
}

long sys_getresuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return get_res(p, a, p->uid, p->euid, p->suid);
}

long sys_getresgid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    return get_res(p, a, p->gid, p->egid, p->sgid);
}

/* No filesystem ids apart from the effective ones: the answer is the
   previous (effective) id and nothing changes. */
long sys_setfsuid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->euid;
}

long sys_setfsgid(struct thread *t, const uint64_t *a)
{
    (void)a;
    return t->p->egid;
}

long sys_getgroups(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t size = (uint32_t)a[0];
    if ((int)size < 0)
        return -EINVAL;
    if (size == 0)
        return p->ngroups;
    if (size < p->ngroups)
        return -EINVAL;
    if (client_write(p, a[1], p->groups, p->ngroups * sizeof p->groups[0]) < 0)
        return -EFAULT;
    return p->ngroups;
}

long sys_setgroups(struct thread *t, const uint64_t *a)
{
    /* Linux's NGROUPS_MAX is 65536; this server keeps PROC_NGROUPS. */
    struct proc *p = t->p;
    uint32_t size = (uint32_t)a[0];
    if (p->euid != 0)
        return -EPERM;
    if (size > PROC_NGROUPS)
        return -EINVAL;
    uint32_t g[PROC_NGROUPS];
    if (size && client_read(p, a[1], g, size * sizeof g[0]) < 0)
        return -EFAULT;
    memcpy(p->groups, g, size * sizeof g[0]);
    p->ngroups = size;
    return 0;
}

/* --- resource limits ------------------------------------------------------------- */

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

/* --- nice values ------------------------------------------------------------------ */

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
