/* fork, vfork, clone of a process (clone of a thread: thread.c), unshare,
 * and the release of a vfork parent. */
#include "posix.h"
#include "sched.h"
#include "proc.h"
#include "proc_internal.h"
#include "client.h"
#include "fileio.h"
#include "mm.h"
#include "fsmount.h"
#include "signal.h"
#include "thread.h"
#include "file.h"
#include "errno_map.h"
#include "procfs.h"
#include "string.h"
#include "abi/abi.h"
#include <linux/sched.h>

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
    if (t->sched_reset_on_fork && c->nice < 0)
        c->nice = 0; /* the child starts as an ordinary process */
    sched_inherit(ct, t);
    c->uid = p->uid, c->euid = p->euid, c->suid = p->suid;
    c->gid = p->gid, c->egid = p->egid, c->sgid = p->sgid;
    c->ngroups = p->ngroups;
    memcpy(c->groups, p->groups, sizeof c->groups);
    memcpy(c->rlim, p->rlim, sizeof c->rlim);
    memcpy(c->act, p->act, sizeof c->act);
    if (flags & CLONE_CLEAR_SIGHAND)
        signal_exec(c); /* caught -> default, ignored stays ignored, as Linux */
    c->personality = p->personality;
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

static long clone_common(struct thread *t, uint64_t flags, uint64_t newsp, uint64_t ptid,
                         uint64_t ctid, uint64_t tls)
{
    if (flags & CLONE_THREAD)
        return thread_clone(t, flags, newsp, ptid, ctid, tls);
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
    return fork_common(t, flags, newsp, ptid, ctid, tls);
}

/* clone(flags, newsp, parent_tid, ...): child_tid and tls in the ABI's order. */
long sys_clone(struct thread *t, const uint64_t *a)
{
    return clone_common(t, a[0] & 0xffffffffu, a[1], a[2], a[ABI_CLONE_CTID], a[ABI_CLONE_TLS]);
}

/* struct clone_args, as far as Linux 6.1 knows it (88 bytes). */
struct lx_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
    uint64_t set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_VER2 88
#define CLONE3_MAX_SET_TID 32 /* MAX_PID_NS_LEVEL */

/* Bytes [from, size) of a caller's struct must be zero: Linux's
   copy_struct_from_user, for a newer program's larger struct. */
static long rest_is_zero(struct thread *t, uint64_t addr, size_t from, size_t size)
{
    uint8_t chunk[256];
    for (size_t at = from; at < size; at += sizeof chunk) {
        size_t n = size - at < sizeof chunk ? size - at : sizeof chunk;
        if (client_read(t->p, addr + at, chunk, n) < 0)
            return -EFAULT;
        for (size_t i = 0; i < n; i++)
            if (chunk[i])
                return -E2BIG;
    }
    return 0;
}

/* clone3(args, size), checked in Linux's order (copy_clone_args_from_user,
   clone3_args_valid). Choosing the child's pid (set_tid) is not provided:
   EPERM as for anyone without CAP_SYS_ADMIN, EINVAL for root. */
long sys_clone3(struct thread *t, const uint64_t *a)
{
    size_t size = (size_t)a[1];
    if (size > 4096)
        return -E2BIG;
    if (size < CLONE_ARGS_SIZE_VER0)
        return -EINVAL;
    struct lx_clone_args ca = { 0 };
    size_t known = size < sizeof ca ? size : sizeof ca;
    if (client_read(t->p, a[0], &ca, known) < 0)
        return -EFAULT;
    long r = rest_is_zero(t, a[0], known, size);
    if (r < 0)
        return r;
    if (ca.set_tid_size > CLONE3_MAX_SET_TID || (!ca.set_tid && ca.set_tid_size) ||
        (ca.set_tid && !ca.set_tid_size))
        return -EINVAL;
    if ((ca.exit_signal & ~(uint64_t)CSIGNAL) || ca.exit_signal > NSIG_LINUX)
        return -EINVAL;
    if ((ca.flags & CLONE_INTO_CGROUP) && (ca.cgroup > INT32_MAX || size < CLONE_ARGS_SIZE_VER2))
        return -EINVAL;
    if (ca.flags & ~(0xffffffffull | CLONE_CLEAR_SIGHAND | CLONE_INTO_CGROUP))
        return -EINVAL;
    if (ca.flags & (CLONE_DETACHED | (CSIGNAL & ~(uint64_t)CLONE_NEWTIME)))
        return -EINVAL;
    if ((ca.flags & (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND)) == (CLONE_SIGHAND | CLONE_CLEAR_SIGHAND))
        return -EINVAL;
    if ((ca.flags & (CLONE_THREAD | CLONE_PARENT)) && ca.exit_signal)
        return -EINVAL;
    if ((ca.stack == 0) != (ca.stack_size == 0))
        return -EINVAL;
    if (ca.flags & CLONE_INTO_CGROUP)
        return -EBADF; /* no cgroup2 directory can be open: there is none */
    if (ca.set_tid_size)
        return t->p->euid ? -EPERM : -EINVAL;
    return clone_common(t, ca.flags | ca.exit_signal, ca.stack ? ca.stack + ca.stack_size : 0,
                        ca.parent_tid, ca.child_tid, ca.tls);
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
