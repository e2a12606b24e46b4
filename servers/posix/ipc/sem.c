/* System V semaphore sets, as Linux's ipc/sem.c: semget, semop,
 * semtimedop, semctl, and SEM_UNDO.
 *
 * semop applies all its operations or none (perform: tried in order, taken
 * back at the first that cannot be done). One that would wait parks on the
 * set's wait queue, remembering the operation it waits at (GETNCNT and
 * GETZCNT count those, as Linux since 4.x); every change to the set wakes
 * the queue and the parked calls try again in the order they came. A
 * signal ends the wait with EINTR (semop is never restarted), a timeout
 * with EAGAIN, the set's removal with EIDRM.
 *
 * SEM_UNDO keeps, per process and set, the adjustment that undoes what the
 * process did; exit applies it (ipc_exit, from exit.c), clamped to
 * 0..SEMVMX. fork does not pass the adjustments on, exec keeps them;
 * SETVAL and SETALL clear them for what they set. */
#include "ipc.h"
#include "client.h"
#include "time.h"
#include "waitq.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/sem.h>
#include <linux/time_types.h>
#include <asm/sembuf.h>

struct sem {
    int val;
    int pid;    /* of the last operation */
};

struct sem_set {
    struct ipc_obj perm;
    int nsems;
    int64_t otime, ctime;
    struct waitq wait; /* semop calls waiting on it */
    struct sem sems[];
};

/* One process's adjustments for one set. */
struct sem_undo {
    struct sem_undo *next;
    struct proc *p;
    struct sem_set *set;
    short adj[];
};

static struct ipc_ids sem_ids = { .last_idx = -1 };
static long used_sems;              /* in all sets: semmns */
static struct sem_undo *undos;      /* every process's */

static struct sem_set *set_of(struct ipc_obj *o)
{
    return (struct sem_set *)o;
}

/* --- semget ----------------------------------------------------------------------------------- */

static long set_create(struct thread *t, int32_t key, int flg, uint64_t arg)
{
    int nsems = (int)arg;
    if (nsems == 0)
        return -EINVAL;
    if (used_sems + nsems > ipc_limits.semmns)
        return -ENOSPC;
    struct sem_set *s = calloc(1, sizeof *s + (size_t)nsems * sizeof s->sems[0]);
    if (!s)
        return -ENOMEM;
    int id = ipc_add(&sem_ids, &s->perm, ipc_limits.semmni, t->p, key, flg);
    if (id < 0) {
        free(s);
        return id;
    }
    s->nsems = nsems;
    s->ctime = ipc_now();
    used_sems += nsems;
    return id;
}

static int set_more_checks(struct ipc_obj *o, uint64_t arg)
{
    return (int)arg > set_of(o)->nsems ? -EINVAL : 0;
}

static const struct ipc_kind sem_kind = { &sem_ids, set_create, set_more_checks };

long sys_semget(struct thread *t, const uint64_t *a)
{
    int nsems = (int)a[1];
    if (nsems < 0 || nsems > ipc_limits.semmsl)
        return -EINVAL;
    return ipc_get(t, &sem_kind, (int32_t)a[0], (int)a[2], (uint64_t)nsems);
}

/* --- undo lists ------------------------------------------------------------------------------- */

static struct sem_undo *undo_find(const struct proc *p, const struct sem_set *s)
{
    for (struct sem_undo *u = undos; u; u = u->next)
        if (u->p == p && u->set == s)
            return u;
    return NULL;
}

static struct sem_undo *undo_get(struct proc *p, struct sem_set *s)
{
    struct sem_undo *u = undo_find(p, s);
    if (u)
        return u;
    u = calloc(1, sizeof *u + (size_t)s->nsems * sizeof u->adj[0]);
    if (!u)
        return NULL;
    u->p = p;
    u->set = s;
    u->next = undos;
    undos = u;
    return u;
}

/* Drops the undo entries of set s (removed) or of process p (exit). */
static void undo_drop(const struct sem_set *s, const struct proc *p)
{
    for (struct sem_undo **pp = &undos; *pp;) {
        struct sem_undo *u = *pp;
        if ((s && u->set == s) || (p && u->p == p)) {
            *pp = u->next;
            free(u);
        } else {
            pp = &u->next;
        }
    }
}

/* SETVAL (num >= 0) and SETALL (num < 0) forget the adjustments. */
static void undo_clear(const struct sem_set *s, int num)
{
    for (struct sem_undo *u = undos; u; u = u->next) {
        if (u->set != s)
            continue;
        if (num >= 0)
            u->adj[num] = 0;
        else
            memset(u->adj, 0, (size_t)s->nsems * sizeof u->adj[0]);
    }
}

void sem_exit(struct proc *p)
{
    for (struct sem_undo *u = undos; u; u = u->next) {
        if (u->p != p)
            continue;
        struct sem_set *s = u->set;
        for (int i = 0; i < s->nsems; i++) {
            if (!u->adj[i])
                continue;
            int v = s->sems[i].val + u->adj[i];
            s->sems[i].val = v < 0 ? 0 : v > SEMVMX ? SEMVMX : v;
            s->sems[i].pid = p->pid;
        }
        s->otime = ipc_now();
        waitq_wake(&s->wait);
    }
    undo_drop(NULL, p);
}

/* --- semop ------------------------------------------------------------------------------------ */

/* Linux's perform_atomic_semop: 0 when every operation was done, 1 when the
   call must wait (at sops[*blocking]), -EAGAIN when that one has
   IPC_NOWAIT, -ERANGE past SEMVMX or the undo range; nothing changes
   unless 0. */
static int perform(struct sem_set *s, const struct sembuf *sops, unsigned n, struct sem_undo *u,
                   int pid, unsigned *blocking)
{
    unsigned i;
    int r;
    for (i = 0; i < n; i++) {
        const struct sembuf *op = &sops[i];
        struct sem *sem = &s->sems[op->sem_num];
        int v = sem->val;
        if ((op->sem_op == 0 && v != 0) || v + op->sem_op < 0) {
            *blocking = i;
            r = op->sem_flg & IPC_NOWAIT ? -EAGAIN : 1;
            goto undo;
        }
        v += op->sem_op;
        if (v > SEMVMX) {
            r = -ERANGE;
            goto undo;
        }
        if (op->sem_flg & SEM_UNDO) {
            int adj = u->adj[op->sem_num] - op->sem_op;
            if (adj < -SEMAEM - 1 || adj > SEMAEM) {
                r = -ERANGE;
                goto undo;
            }
            u->adj[op->sem_num] = (short)adj;
        }
        sem->val = v;
    }
    for (i = 0; i < n; i++)
        s->sems[sops[i].sem_num].pid = pid;
    return 0;
undo:
    while (i-- > 0) {
        const struct sembuf *op = &sops[i];
        s->sems[op->sem_num].val -= op->sem_op;
        if (op->sem_flg & SEM_UNDO)
            u->adj[op->sem_num] += op->sem_op;
    }
    return r;
}

/* aux[] of a parked semop: what GETNCNT and GETZCNT count. */
#define AUX_SEMNUM 0
#define AUX_ZERO   1 /* 1: waits for zero, 0: waits for an increase */

static long semtimedop(struct thread *t, const uint64_t *a, int timed, int retry,
                       struct sembuf *sops)
{
    int id = (int)a[0];
    unsigned n = (unsigned)a[2];
    struct proc *p = t->p;
    struct __kernel_timespec ts;
    if (timed && a[3] && !retry && client_read(p, a[3], &ts, sizeof ts) < 0)
        return -EFAULT;
    if (n < 1 || id < 0)
        return -EINVAL;
    if (n > (unsigned)ipc_limits.semopm)
        return -E2BIG;
    if (client_read(p, a[1], sops, n * sizeof sops[0]) < 0)
        return -EFAULT;
    uint64_t deadline = 0;
    if (timed && a[3] && !retry) {
        if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
            return -EINVAL;
        uint64_t ns = (uint64_t)ts.tv_sec > 1000000000000ull
                          ? UINT64_MAX / 4
                          : (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
        deadline = time_now_ns() + ns;
    }
    unsigned max = 0;
    int undo = 0, alter = 0;
    for (unsigned i = 0; i < n; i++) {
        if (sops[i].sem_num >= max)
            max = sops[i].sem_num;
        if (sops[i].sem_flg & SEM_UNDO)
            undo = 1;
        if (sops[i].sem_op != 0)
            alter = 1;
    }
    struct ipc_obj *o = ipc_lookup(&sem_ids, id);
    if (!o) /* a call that waited on it: the set was removed */
        return retry ? -EIDRM : -EINVAL;
    struct sem_set *s = set_of(o);
    struct sem_undo *u = NULL;
    if (undo && max < (unsigned)s->nsems && !(u = undo_get(p, s)))
        return -ENOMEM;
    if (max >= (unsigned)s->nsems)
        return -EFBIG;
    if (ipc_permitted(p, o, alter ? 0222 : 0444) < 0)
        return -EACCES;
    unsigned blocking = 0;
    int r = perform(s, sops, n, u, p->pid, &blocking);
    if (r < 0)
        return r;
    if (r == 0) {
        s->otime = ipc_now();
        if (alter)
            waitq_wake(&s->wait);
        return 0;
    }
    if (!retry && timed && a[3]) {
        if (deadline <= time_now_ns())
            return -EAGAIN;
        time_set_deadline(t, deadline);
    }
    t->aux[AUX_SEMNUM] = sops[blocking].sem_num;
    t->aux[AUX_ZERO] = sops[blocking].sem_op == 0;
    long pr = ipc_park(t, &s->wait);
    if (pr != R_DEFER)
        time_set_deadline(t, 0);
    return pr;
}

/* semtimedop with room for the operations (semopm may be raised). */
static long semop_call(struct thread *t, const uint64_t *a, int timed, int retry)
{
    unsigned n = (unsigned)a[2];
    if (n > (unsigned)ipc_limits.semopm)
        n = 1; /* E2BIG before they are read */
    struct sembuf *sops = malloc((n ? n : 1) * sizeof *sops);
    if (!sops)
        return -ENOMEM;
    long r = semtimedop(t, a, timed, retry, sops);
    free(sops);
    return r;
}

long sys_semop(struct thread *t, const uint64_t *a)
{
    return semop_call(t, a, 0, 0);
}

long sys_semtimedop(struct thread *t, const uint64_t *a)
{
    return semop_call(t, a, 1, 0);
}

long sem_retry(struct thread *t)
{
    return semop_call(t, t->args, t->handler == sys_semtimedop, 1);
}

/* --- semctl ----------------------------------------------------------------------------------- */

/* The parked semop calls waiting at semaphore num for zero (zero) or for
   an increase (Linux's count_semcnt). */
static int count_waiters(struct sem_set *s, int num, int zero)
{
    static struct sleeper *sl[THREAD_MAX];
    size_t n = waitq_sleepers(&s->wait, sl, THREAD_MAX);
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        struct thread *w = thread_of_sleeper(sl[i]);
        if (w->block == BLOCK_IPC && (int)w->aux[AUX_SEMNUM] == num &&
            (int)w->aux[AUX_ZERO] == zero)
            count++;
    }
    return count;
}

static void set_free(struct sem_set *s)
{
    ipc_remove(&sem_ids, &s->perm);
    undo_drop(s, NULL);
    used_sems -= s->nsems;
    waitq_wake(&s->wait); /* they run again and find it gone: EIDRM */
    free(s);
}

static long semctl_info(struct thread *t, int cmd, uint64_t buf)
{
    struct seminfo si;
    memset(&si, 0, sizeof si);
    si.semmni = ipc_limits.semmni;
    si.semmns = ipc_limits.semmns;
    si.semmsl = ipc_limits.semmsl;
    si.semopm = ipc_limits.semopm;
    si.semvmx = SEMVMX;
    si.semmnu = SEMMNU;
    si.semmap = SEMMAP;
    si.semume = SEMUME;
    if (cmd == SEM_INFO) {
        si.semusz = sem_ids.in_use;
        si.semaem = (int)used_sems;
    } else {
        si.semusz = SEMUSZ;
        si.semaem = SEMAEM;
    }
    int max = ipc_max_idx(&sem_ids);
    if (client_write(t->p, buf, &si, sizeof si) < 0)
        return -EFAULT;
    return max < 0 ? 0 : max;
}

static long semctl_stat(struct thread *t, int id, int cmd, uint64_t buf)
{
    struct ipc_obj *o = cmd == IPC_STAT ? ipc_lookup(&sem_ids, id) : ipc_at(&sem_ids, id);
    if (!o)
        return -EINVAL;
    if (cmd != SEM_STAT_ANY && ipc_permitted(t->p, o, 0444) < 0)
        return -EACCES;
    struct sem_set *s = set_of(o);
    struct semid64_ds ds;
    memset(&ds, 0, sizeof ds);
    ipc_get_perm(o, &ds.sem_perm);
    ds.sem_otime = s->otime;
    ds.sem_ctime = s->ctime;
    ds.sem_nsems = (unsigned long)s->nsems;
    if (client_write(t->p, buf, &ds, sizeof ds) < 0)
        return -EFAULT;
    return cmd == IPC_STAT ? 0 : o->id;
}

static long semctl_setval(struct thread *t, int id, int num, int val)
{
    if (val > SEMVMX || val < 0)
        return -ERANGE;
    struct ipc_obj *o = ipc_lookup(&sem_ids, id);
    if (!o)
        return -EINVAL;
    struct sem_set *s = set_of(o);
    if (num < 0 || num >= s->nsems)
        return -EINVAL;
    if (ipc_permitted(t->p, o, 0222) < 0)
        return -EACCES;
    undo_clear(s, num);
    s->sems[num].val = val;
    s->sems[num].pid = t->p->pid;
    s->ctime = ipc_now();
    waitq_wake(&s->wait);
    return 0;
}

static long semctl_main(struct thread *t, int id, int num, int cmd, uint64_t arg)
{
    struct proc *p = t->p;
    struct ipc_obj *o = ipc_lookup(&sem_ids, id);
    if (!o)
        return -EINVAL;
    struct sem_set *s = set_of(o);
    if (ipc_permitted(p, o, cmd == SETALL ? 0222 : 0444) < 0)
        return -EACCES;
    if (cmd == GETALL || cmd == SETALL) {
        uint16_t *vals = malloc((size_t)s->nsems * sizeof *vals);
        if (!vals)
            return -ENOMEM;
        long r = 0;
        if (cmd == GETALL) {
            for (int i = 0; i < s->nsems; i++)
                vals[i] = (uint16_t)s->sems[i].val;
            if (client_write(p, arg, vals, (size_t)s->nsems * sizeof *vals) < 0)
                r = -EFAULT;
        } else if (client_read(p, arg, vals, (size_t)s->nsems * sizeof *vals) < 0) {
            r = -EFAULT;
        } else {
            for (int i = 0; i < s->nsems && r == 0; i++)
                if (vals[i] > SEMVMX)
                    r = -ERANGE;
            for (int i = 0; i < s->nsems && r == 0; i++) {
                s->sems[i].val = vals[i];
                s->sems[i].pid = p->pid;
            }
            if (r == 0) {
                undo_clear(s, -1);
                s->ctime = ipc_now();
                waitq_wake(&s->wait);
            }
        }
        free(vals);
        return r;
    }
    if (num < 0 || num >= s->nsems)
        return -EINVAL;
    switch (cmd) {
    case GETVAL: return s->sems[num].val;
    case GETPID: return s->sems[num].pid;
    case GETNCNT: return count_waiters(s, num, 0);
    default: return count_waiters(s, num, 1); /* GETZCNT */
    }
}

long sys_semctl(struct thread *t, const uint64_t *a)
{
    int id = (int)a[0], num = (int)a[1], cmd = (int)a[2];
    uint64_t arg = a[3];
    struct proc *p = t->p;
    if (id < 0)
        return -EINVAL;
    switch (cmd) {
    case IPC_INFO:
    case SEM_INFO:
        return semctl_info(t, cmd, arg);
    case IPC_STAT:
    case SEM_STAT:
    case SEM_STAT_ANY:
        return semctl_stat(t, id, cmd, arg);
    case GETALL: case GETVAL: case GETPID: case GETNCNT: case GETZCNT: case SETALL:
        return semctl_main(t, id, num, cmd, arg);
    case SETVAL:
        return semctl_setval(t, id, num, (int)arg);
    case IPC_SET:
    case IPC_RMID: {
        struct semid64_ds ds;
        if (cmd == IPC_SET && client_read(p, arg, &ds, sizeof ds) < 0)
            return -EFAULT;
        struct ipc_obj *o = ipc_lookup(&sem_ids, id);
        if (!o)
            return -EINVAL;
        if (ipc_may_own(p, o) < 0)
            return -EPERM;
        if (cmd == IPC_RMID) {
            set_free(set_of(o));
            return 0;
        }
        int r = ipc_set_perm(o, &ds.sem_perm);
        if (r == 0)
            set_of(o)->ctime = ipc_now();
        return r;
    }
    default:
        return -EINVAL;
    }
}

/* --- /proc/sysvipc/sem ------------------------------------------------------------------------ */

void sem_proc_show(struct ipc_text *t)
{
    ipc_text_printf(t, "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n");
    for (int i = 0; i < sem_ids.cap; i++) {
        struct ipc_obj *o = sem_ids.slot[i];
        if (!o)
            continue;
        struct sem_set *s = set_of(o);
        ipc_text_printf(t, "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n", o->key, o->id,
                        o->mode, (unsigned)s->nsems, o->uid, o->gid, o->cuid, o->cgid,
                        (unsigned long long)s->otime, (unsigned long long)s->ctime);
    }
}
