/* System V IPC's shared machinery: ids, keys, permissions, waiting, the
 * process hooks (see ipc.h). */
#include "ipc.h"
#include "fileio.h"
#include "time.h"
#include "waitq.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/msg.h>
#include <linux/sem.h>
#define SHMMNI 4096 /* <linux/shm.h>'s (it includes the C library's <unistd.h>) */
#define SHMMAX (~0ul - (1ul << 24))
#define SHMALL SHMMAX

struct ipc_limits ipc_limits = {
    .msgmax = MSGMAX, .msgmnb = MSGMNB, .msgmni = MSGMNI,
    .semmsl = SEMMSL, .semmns = SEMMNS, .semopm = SEMOPM, .semmni = SEMMNI,
    .shmmax = SHMMAX, .shmall = SHMALL, .shmmni = SHMMNI,
};

int64_t ipc_now(void)
{
    return (int64_t)(time_realtime_ns() / 1000000000u);
}

/* --- ids -------------------------------------------------------------------------------------- */

struct ipc_obj *ipc_at(const struct ipc_ids *ids, int idx)
{
    return idx >= 0 && idx < ids->cap ? ids->slot[idx] : NULL;
}

struct ipc_obj *ipc_lookup(const struct ipc_ids *ids, int id)
{
    if (id < 0)
        return NULL;
    struct ipc_obj *o = ipc_at(ids, id % IPC_MNI);
    return o && o->id == id ? o : NULL;
}

int ipc_max_idx(const struct ipc_ids *ids)
{
    if (ids->in_use == 0)
        return -1;
    for (int i = ids->cap - 1; i >= 0; i--)
        if (ids->slot[i])
            return i;
    return -1;
}

/* Makes room for index idx (the table grows by doubling up to IPC_MNI). */
static int grow(struct ipc_ids *ids, int idx)
{
    if (idx < ids->cap)
        return 0;
    int cap = ids->cap ? ids->cap : 16;
    while (cap <= idx)
        cap *= 2;
    if (cap > IPC_MNI)
        cap = IPC_MNI;
    struct ipc_obj **n = realloc(ids->slot, (size_t)cap * sizeof *n);
    if (!n)
        return -ENOMEM;
    memset(n + ids->cap, 0, (size_t)(cap - ids->cap) * sizeof *n);
    ids->slot = n;
    ids->cap = cap;
    return 0;
}

/* The next free index after last_idx, wrapping (Linux's idr_alloc_cyclic). */
static int free_index(const struct ipc_ids *ids)
{
    for (int n = 0, i = ids->last_idx + 1; n < IPC_MNI; n++, i++) {
        if (i >= IPC_MNI)
            i = 0;
        if (i >= ids->cap || !ids->slot[i])
            return i;
    }
    return -1;
}

int ipc_add(struct ipc_ids *ids, struct ipc_obj *o, int limit, const struct proc *p, int32_t key,
            int flg)
{
    if (ids->in_use >= limit)
        return -ENOSPC;
    int idx = free_index(ids);
    if (idx < 0)
        return -ENOSPC;
    if (grow(ids, idx) < 0)
        return -ENOMEM;
    if (idx <= ids->last_idx) { /* wrapped: a new sequence */
        if (++ids->seq >= IPC_SEQ_MAX)
            ids->seq = 0;
    }
    ids->last_idx = idx;
    o->seq = ids->seq;
    o->id = (int)o->seq * IPC_MNI + idx;
    o->key = key;
    o->uid = o->cuid = p->euid;
    o->gid = o->cgid = p->egid;
    o->mode = (uint32_t)flg & 0777;
    ids->slot[idx] = o;
    ids->in_use++;
    return o->id;
}

void ipc_remove(struct ipc_ids *ids, struct ipc_obj *o)
{
    int idx = o->id % IPC_MNI;
    if (ipc_at(ids, idx) == o) {
        ids->slot[idx] = NULL;
        ids->in_use--;
    }
}

static struct ipc_obj *find_key(const struct ipc_ids *ids, int32_t key)
{
    for (int i = 0; i < ids->cap; i++)
        if (ids->slot[i] && ids->slot[i]->key == key)
            return ids->slot[i];
    return NULL;
}

long ipc_get(struct thread *t, const struct ipc_kind *kind, int32_t key, int flg, uint64_t arg)
{
    if (key == IPC_PRIVATE)
        return kind->create(t, key, flg, arg);
    struct ipc_obj *o = find_key(kind->ids, key);
    if (!o)
        return flg & IPC_CREAT ? kind->create(t, key, flg, arg) : -ENOENT;
    if ((flg & IPC_CREAT) && (flg & IPC_EXCL))
        return -EEXIST;
    if (kind->more_checks) {
        int r = kind->more_checks(o, arg);
        if (r < 0)
            return r;
    }
    if (ipc_permitted(t->p, o, flg) < 0)
        return -EACCES;
    return o->id;
}

/* --- permissions ------------------------------------------------------------------------------ */

static int in_group(const struct proc *p, uint32_t gid)
{
    if (p->egid == gid)
        return 1;
    for (uint32_t i = 0; i < p->ngroups; i++)
        if (p->groups[i] == gid)
            return 1;
    return 0;
}

int ipc_permitted(const struct proc *p, const struct ipc_obj *o, int flg)
{
    int requested = ((flg >> 6) | (flg >> 3) | flg) & 7;
    uint32_t granted = o->mode;
    if (p->euid == o->cuid || p->euid == o->uid)
        granted >>= 6;
    else if (in_group(p, o->cgid) || in_group(p, o->gid))
        granted >>= 3;
    if ((requested & ~granted & 7) && p->euid != 0)
        return -EACCES;
    return 0;
}

int ipc_may_own(const struct proc *p, const struct ipc_obj *o)
{
    return p->euid == o->cuid || p->euid == o->uid || p->euid == 0 ? 0 : -EPERM;
}

int ipc_set_perm(struct ipc_obj *o, const struct ipc64_perm *in)
{
    if (in->uid == (uint32_t)-1 || in->gid == (uint32_t)-1)
        return -EINVAL;
    o->uid = in->uid;
    o->gid = in->gid;
    o->mode = (o->mode & ~0777u) | (in->mode & 0777u);
    return 0;
}

void ipc_get_perm(const struct ipc_obj *o, struct ipc64_perm *out)
{
    memset(out, 0, sizeof *out);
    out->key = o->key;
    out->uid = o->uid;
    out->gid = o->gid;
    out->cuid = o->cuid;
    out->cgid = o->cgid;
    out->mode = o->mode;
    out->seq = o->seq;
}

/* --- waiting ---------------------------------------------------------------------------------- */

/* semop and semtimedop park; the others that park are msgsnd and msgrcv. */
static int is_sem_call(const struct thread *t)
{
    return t->handler == sys_semop || t->handler == sys_semtimedop;
}

long ipc_park(struct thread *t, struct waitq *q)
{
    if (sleeper_wait_on(&t->sleep, q) < 0) {
        sleeper_cancel(&t->sleep);
        return -ENOMEM;
    }
    t->block = BLOCK_IPC;
    return R_DEFER;
}

long ipc_retry(struct thread *t)
{
    long r = is_sem_call(t) ? sem_retry(t) : msg_retry(t);
    if (r != R_DEFER)
        time_set_deadline(t, 0);
    return r;
}

long ipc_interrupted(const struct thread *t)
{
    return is_sem_call(t) ? -EINTR : -ERESTARTNOHAND;
}

/* --- the process hooks ------------------------------------------------------------------------ */

int ipc_fork(struct proc *parent, struct proc *child)
{
    return shm_fork(parent, child);
}

void ipc_exec(struct proc *p)
{
    shm_drop_all(p);
}

void ipc_exit(struct proc *p)
{
    sem_exit(p);
    shm_drop_all(p);
}
