/* Who a process is: pid, tid and parent, process group and session,
 * uids, gids and supplementary groups, umask. */
#include "posix.h"
#include "proc.h"
#include "proc_internal.h"
#include "client.h"
#include "file.h"
#include "string.h"

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

/* Linux's commit_creds: a process whose effective ids change is no longer
   dumpable (suid_dumpable 0): no core file, and its /proc files become
   root's. r is the call's answer, passed on. */
static long creds_changed(struct proc *p, uint32_t old_euid, uint32_t old_egid, long r)
{
    if (r == 0 && (p->euid != old_euid || p->egid != old_egid))
        p->not_dumpable = 1;
    return r;
}

long sys_setuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t euid = p->euid, egid = p->egid;
    long r = set_one(p, &p->uid, &p->euid, &p->suid, (uint32_t)a[0]);
    return creds_changed(p, euid, egid, r);
}

long sys_setgid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t euid = p->euid, egid = p->egid;
    long r = set_one(p, &p->gid, &p->egid, &p->sgid, (uint32_t)a[0]);
    return creds_changed(p, euid, egid, r);
}

long sys_setreuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t euid = p->euid, egid = p->egid;
    long r = set_re(p, &p->uid, &p->euid, &p->suid, (uint32_t)a[0], (uint32_t)a[1]);
    return creds_changed(p, euid, egid, r);
}

long sys_setregid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t euid = p->euid, egid = p->egid;
    long r = set_re(p, &p->gid, &p->egid, &p->sgid, (uint32_t)a[0], (uint32_t)a[1]);
    return creds_changed(p, euid, egid, r);
}

long sys_setresuid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t euid = p->euid, egid = p->egid;
    long r = set_res(p, &p->uid, &p->euid, &p->suid, (uint32_t)a[0], (uint32_t)a[1],
                     (uint32_t)a[2]);
    return creds_changed(p, euid, egid, r);
}

long sys_setresgid(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    uint32_t euid = p->euid, egid = p->egid;
    long r = set_res(p, &p->gid, &p->egid, &p->sgid, (uint32_t)a[0], (uint32_t)a[1],
                     (uint32_t)a[2]);
    return creds_changed(p, euid, egid, r);
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
