/* System V message queues, as Linux's ipc/msg.c: msgget, msgsnd, msgrcv,
 * msgctl.
 *
 * A queue holds messages in arrival order, each a type (> 0) and up to
 * msgmax bytes, at most msg_qbytes bytes and msg_qbytes messages in all.
 * A sender that finds no room, or a receiver that finds no message it
 * wants, parks on the queue's wait queue for that (ipc_park) and runs again
 * whole when a receive or a send wakes it; a signal ends the wait with
 * ERESTARTNOHAND (EINTR after a handler, restarted otherwise), removing the
 * queue with EIDRM. */
#include "ipc.h"
#include "client.h"
#include "waitq.h"
#include "string.h"
#include <calyx/malloc.h>
#include <linux/msg.h>
#include <asm/msgbuf.h>

struct msg {
    struct msg *next;
    int64_t type;
    size_t size;
    char text[];
};

struct msq {
    struct ipc_obj perm;
    struct msg *head, *tail;
    uint64_t cbytes, qnum, qbytes;
    int lspid, lrpid;
    int64_t stime, rtime, ctime;
    struct waitq senders;   /* waiting for room */
    struct waitq receivers; /* waiting for a message */
};

static struct ipc_ids msg_ids = { .last_idx = -1 };
static uint64_t all_msgs, all_bytes; /* in every queue: MSG_INFO */

static struct msq *msq_of(struct ipc_obj *o)
{
    return (struct msq *)o;
}

/* --- msgget ----------------------------------------------------------------------------------- */

static long msq_create(struct thread *t, int32_t key, int flg, uint64_t arg)
{
    (void)arg;
    struct msq *q = calloc(1, sizeof *q);
    if (!q)
        return -ENOMEM;
    int id = ipc_add(&msg_ids, &q->perm, ipc_limits.msgmni, t->p, key, flg);
    if (id < 0) {
        free(q);
        return id;
    }
    q->qbytes = (uint64_t)ipc_limits.msgmnb;
    q->ctime = ipc_now();
    return id;
}

static const struct ipc_kind msg_kind = { &msg_ids, msq_create, NULL };

long sys_msgget(struct thread *t, const uint64_t *a)
{
    return ipc_get(t, &msg_kind, (int32_t)a[0], (int)a[1], 0);
}

/* --- msgsnd ----------------------------------------------------------------------------------- */

static long msgsnd(struct thread *t, const uint64_t *a, int retry)
{
    int id = (int)a[0];
    uint64_t msgp = a[1], size = a[2];
    int flg = (int)a[3];
    struct proc *p = t->p;
    int64_t type;
    if (client_read(p, msgp, &type, sizeof type) < 0)
        return -EFAULT;
    if (size > (uint64_t)ipc_limits.msgmax || id < 0)
        return -EINVAL;
    if (type < 1)
        return -EINVAL;
    struct msg *m = malloc(sizeof *m + size);
    if (!m)
        return -ENOMEM;
    if (client_read(p, msgp + sizeof type, m->text, size) < 0) {
        free(m);
        return -EFAULT;
    }
    struct ipc_obj *o = ipc_lookup(&msg_ids, id);
    if (!o) {
        free(m);
        return retry ? -EIDRM : -EINVAL;
    }
    struct msq *q = msq_of(o);
    if (ipc_permitted(p, o, 0222) < 0) {
        free(m);
        return -EACCES;
    }
    if (size + q->cbytes > q->qbytes || q->qnum + 1 > q->qbytes) {
        free(m);
        if (flg & IPC_NOWAIT)
            return -EAGAIN;
        return ipc_park(t, &q->senders);
    }
    m->next = NULL;
    m->type = type;
    m->size = size;
    if (q->tail)
        q->tail->next = m;
    else
        q->head = m;
    q->tail = m;
    q->cbytes += size;
    q->qnum++;
    all_msgs++;
    all_bytes += size;
    q->lspid = p->pid;
    q->stime = ipc_now();
    waitq_wake(&q->receivers);
    return 0;
}

long sys_msgsnd(struct thread *t, const uint64_t *a)
{
    return msgsnd(t, a, 0);
}

/* --- msgrcv ----------------------------------------------------------------------------------- */

enum search { SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL, SEARCH_NUMBER };

static enum search search_mode(int64_t *type, int flg)
{
    if (flg & MSG_COPY)
        return SEARCH_NUMBER;
    if (*type == 0)
        return SEARCH_ANY;
    if (*type < 0) {
        *type = *type == INT64_MIN ? INT64_MAX : -*type;
        return SEARCH_LESSEQUAL;
    }
    return flg & MSG_EXCEPT ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

static int matches(const struct msg *m, int64_t type, enum search mode)
{
    switch (mode) {
    case SEARCH_ANY: case SEARCH_NUMBER: return 1;
    case SEARCH_LESSEQUAL: return m->type <= type;
    case SEARCH_EQUAL: return m->type == type;
    default: return m->type != type;
    }
}

/* The message msgrcv takes (Linux's find_msg: the first match; the first of
   the lowest type for a negative msgtyp; the type-th message for MSG_COPY),
   and in *prev the one before it (NULL: it is the head). */
static struct msg *find(struct msq *q, int64_t type, enum search mode, struct msg **prev)
{
    struct msg *found = NULL, *found_prev = NULL, *before = NULL;
    int64_t count = 0;
    for (struct msg *m = q->head; m; before = m, m = m->next) {
        if (!matches(m, type, mode))
            continue;
        if (mode == SEARCH_LESSEQUAL && m->type != 1) {
            type = m->type - 1;
            found = m;
            found_prev = before;
        } else if (mode == SEARCH_NUMBER) {
            if (type == count) {
                *prev = before;
                return m;
            }
        } else {
            *prev = before;
            return m;
        }
        count++;
    }
    *prev = found_prev;
    return found;
}

static long msgrcv(struct thread *t, const uint64_t *a, int retry)
{
    int id = (int)a[0];
    uint64_t msgp = a[1], bufsz = a[2];
    int64_t type = (int64_t)a[3];
    int flg = (int)a[4];
    struct proc *p = t->p;
    if (id < 0 || (int64_t)bufsz < 0)
        return -EINVAL;
    if ((flg & MSG_COPY) && ((flg & MSG_EXCEPT) || !(flg & IPC_NOWAIT)))
        return -EINVAL;
    enum search mode = search_mode(&type, flg);
    struct ipc_obj *o = ipc_lookup(&msg_ids, id);
    if (!o) /* a call that waited on it: the queue was removed */
        return retry ? -EIDRM : -EINVAL;
    struct msq *q = msq_of(o);
    if (ipc_permitted(p, o, 0444) < 0)
        return -EACCES;
    struct msg *prev, *m = find(q, type, mode, &prev);
    if (!m) {
        if (flg & IPC_NOWAIT)
            return -ENOMSG;
        return ipc_park(t, &q->receivers);
    }
    if (bufsz < m->size && !(flg & MSG_NOERROR))
        return -E2BIG;
    if (flg & MSG_COPY) {
        uint64_t room = bufsz < (uint64_t)ipc_limits.msgmax ? bufsz : (uint64_t)ipc_limits.msgmax;
        if (m->size > room)
            return -EINVAL; /* Linux's copy_msg: the copy buffer is too small */
    } else {
        if (prev)
            prev->next = m->next;
        else
            q->head = m->next;
        if (q->tail == m)
            q->tail = prev;
        q->qnum--;
        q->cbytes -= m->size;
        all_msgs--;
        all_bytes -= m->size;
        q->rtime = ipc_now();
        q->lrpid = p->pid;
        waitq_wake(&q->senders);
    }
    /* As Linux, a message taken is lost when the buffer turns out bad. */
    size_t n = bufsz < m->size ? (size_t)bufsz : m->size;
    long r = (long)n;
    if (client_write(p, msgp, &m->type, sizeof m->type) < 0 ||
        client_write(p, msgp + sizeof m->type, m->text, n) < 0)
        r = -EFAULT;
    if (!(flg & MSG_COPY))
        free(m);
    return r;
}

long sys_msgrcv(struct thread *t, const uint64_t *a)
{
    return msgrcv(t, a, 0);
}

long msg_retry(struct thread *t)
{
    return t->handler == sys_msgsnd ? msgsnd(t, t->args, 1) : msgrcv(t, t->args, 1);
}

/* --- msgctl ----------------------------------------------------------------------------------- */

static void msq_free(struct msq *q)
{
    ipc_remove(&msg_ids, &q->perm);
    for (struct msg *m = q->head, *next; m; m = next) {
        next = m->next;
        all_msgs--;
        all_bytes -= m->size;
        free(m);
    }
    waitq_wake(&q->senders); /* they run again and find it gone: EIDRM */
    waitq_wake(&q->receivers);
    free(q);
}

static long msgctl_info(struct thread *t, int cmd, uint64_t buf)
{
    struct msginfo mi;
    memset(&mi, 0, sizeof mi);
    mi.msgmni = ipc_limits.msgmni;
    mi.msgmax = ipc_limits.msgmax;
    mi.msgmnb = ipc_limits.msgmnb;
    mi.msgssz = MSGSSZ;
    mi.msgseg = MSGSEG;
    if (cmd == MSG_INFO) {
        mi.msgpool = msg_ids.in_use;
        mi.msgmap = (int)all_msgs;
        mi.msgtql = (int)all_bytes;
    } else {
        mi.msgmap = MSGMAP;
        mi.msgpool = MSGPOOL;
        mi.msgtql = MSGTQL;
    }
    int max = ipc_max_idx(&msg_ids);
    if (client_write(t->p, buf, &mi, sizeof mi) < 0)
        return -EFAULT;
    return max < 0 ? 0 : max;
}

static void msq_stat(const struct msq *q, struct msqid64_ds *ds)
{
    memset(ds, 0, sizeof *ds);
    ipc_get_perm(&q->perm, &ds->msg_perm);
    ds->msg_stime = q->stime;
    ds->msg_rtime = q->rtime;
    ds->msg_ctime = q->ctime;
    ds->msg_cbytes = q->cbytes;
    ds->msg_qnum = q->qnum;
    ds->msg_qbytes = q->qbytes;
    ds->msg_lspid = q->lspid;
    ds->msg_lrpid = q->lrpid;
}

long sys_msgctl(struct thread *t, const uint64_t *a)
{
    int id = (int)a[0], cmd = (int)a[1];
    uint64_t buf = a[2];
    struct proc *p = t->p;
    if (id < 0 || cmd < 0)
        return -EINVAL;
    struct msqid64_ds ds;
    struct ipc_obj *o;
    switch (cmd) {
    case IPC_INFO:
    case MSG_INFO:
        return msgctl_info(t, cmd, buf);
    case IPC_STAT:
    case MSG_STAT:
    case MSG_STAT_ANY:
        o = cmd == IPC_STAT ? ipc_lookup(&msg_ids, id) : ipc_at(&msg_ids, id);
        if (!o)
            return -EINVAL;
        if (cmd != MSG_STAT_ANY && ipc_permitted(p, o, 0444) < 0)
            return -EACCES;
        msq_stat(msq_of(o), &ds);
        if (client_write(p, buf, &ds, sizeof ds) < 0)
            return -EFAULT;
        return cmd == IPC_STAT ? 0 : o->id;
    case IPC_SET:
        if (client_read(p, buf, &ds, sizeof ds) < 0)
            return -EFAULT;
        /* fall through */
    case IPC_RMID: {
        o = ipc_lookup(&msg_ids, id);
        if (!o)
            return -EINVAL;
        if (ipc_may_own(p, o) < 0)
            return -EPERM;
        struct msq *q = msq_of(o);
        if (cmd == IPC_RMID) {
            msq_free(q);
            return 0;
        }
        if (ds.msg_qbytes > (uint64_t)ipc_limits.msgmnb && p->euid != 0)
            return -EPERM; /* CAP_SYS_RESOURCE */
        int r = ipc_set_perm(o, &ds.msg_perm);
        if (r < 0)
            return r;
        q->qbytes = ds.msg_qbytes;
        q->ctime = ipc_now();
        waitq_wake(&q->senders); /* more room, or fewer rights: all look again */
        waitq_wake(&q->receivers);
        return 0;
    }
    default:
        return -EINVAL;
    }
}

/* --- /proc/sysvipc/msg ------------------------------------------------------------------------ */

void msg_proc_show(struct ipc_text *t)
{
    ipc_text_printf(t, "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  "
                       "cuid  cgid      stime      rtime      ctime\n");
    for (int i = 0; i < msg_ids.cap; i++) {
        struct ipc_obj *o = msg_ids.slot[i];
        if (!o)
            continue;
        struct msq *q = msq_of(o);
        ipc_text_printf(t, "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu\n",
                        o->key, o->id, o->mode, (unsigned long)q->cbytes, (unsigned long)q->qnum,
                        (unsigned)q->lspid, (unsigned)q->lrpid, o->uid, o->gid, o->cuid, o->cgid,
                        (unsigned long long)q->stime, (unsigned long long)q->rtime,
                        (unsigned long long)q->ctime);
    }
}
