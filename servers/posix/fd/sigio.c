/* Signal-driven I/O's calls and signals (see fasync.h): fcntl F_SETOWN,
 * F_GETOWN, F_SETOWN_EX, F_GETOWN_EX, F_SETSIG, F_GETSIG, and the signal an
 * O_ASYNC description's owner gets when its file becomes ready. */
#include "posix.h"
#include "sigio.h"
#include "fasync.h"
#include "lease.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "signal.h"
#include "file.h"
#include <asm-generic/poll.h>
#include <linux/fcntl.h>

struct lx_f_owner_ex {
    int32_t type, pid;
};

static int exists(int type, int id)
{
    if (type == OWNER_TID)
        return thread_by_tid(id) != NULL;
    if (type == OWNER_PID) {
        struct proc *p = proc_by_pid(id);
        return p && p->state == P_ALIVE;
    }
    for (int i = 0; i < proc_slots; i++)
        if (procs[i].state == P_ALIVE && procs[i].pgid == id)
            return 1;
    return 0;
}

static long set_owner(struct thread *t, struct ofile *f, int type, int id)
{
    if (id && !exists(type, id))
        return -ESRCH;
    struct file_async *a = file_async_of(f, 1);
    if (!a)
        return -ENOMEM;
    a->owner_type = type;
    a->owner_id = id;
    a->owner_uid = t->p->uid;
    a->owner_euid = t->p->euid;
    return 0;
}

long sigio_fcntl(struct thread *t, int fd, int cmd, uint64_t arg)
{
    struct ofile *f = fdtable_get(t->p->fdt, fd);
    if (!f)
        return -EBADF;
    struct file_async *a = file_async_of(f, 0);
    switch (cmd) {
    case F_SETOWN: {
        int who = (int)arg;
        if (who == INT32_MIN)
            return -EINVAL;
        return set_owner(t, f, who < 0 ? OWNER_PGRP : OWNER_PID, who < 0 ? -who : who);
    }
    case F_GETOWN:
        if (!a || !a->owner_id)
            return 0;
        return a->owner_type == OWNER_PGRP ? -a->owner_id : a->owner_id;
    case F_SETOWN_EX: {
        struct lx_f_owner_ex o;
        if (client_read(t->p, arg, &o, sizeof o) < 0)
            return -EFAULT;
        if (o.type != F_OWNER_TID && o.type != F_OWNER_PID && o.type != F_OWNER_PGRP)
            return -EINVAL;
        return set_owner(t, f, o.type, o.pid);
    }
    case F_GETOWN_EX: {
        struct lx_f_owner_ex o = { a ? a->owner_type : OWNER_PID, a ? a->owner_id : 0 };
        if (!o.pid)
            o.type = OWNER_PID; /* Linux's answer for no owner */
        return client_write(t->p, arg, &o, sizeof o) < 0 ? -EFAULT : 0;
    }
    case F_SETSIG:
        if (arg > NSIG_LINUX)
            return -EINVAL;
        if (!(a = file_async_of(f, 1)))
            return -ENOMEM;
        a->sig = (int)arg;
        return 0;
    default: /* F_GETSIG */
        return a ? a->sig : 0;
    }
}

/* Linux's sigio_perm: the owner's setter may signal p. */
static int may_signal(const struct file_async *a, const struct proc *p)
{
    return a->owner_euid == 0 || a->owner_euid == p->suid || a->owner_euid == p->uid ||
           a->owner_uid == p->suid || a->owner_uid == p->uid;
}

/* Linux's band_table: si_band for each POLL_* reason. */
static int64_t band_of(int reason)
{
    switch (reason) {
    case POLL_IN: return POLLIN | POLLRDNORM;
    case POLL_OUT: return POLLOUT | POLLWRNORM | POLLWRBAND;
    case POLL_ERR: return POLLERR;
    case POLL_PRI: return POLLPRI | POLLRDBAND;
    case POLL_MSG: return POLLIN | POLLRDNORM | POLLMSG;
    default: return POLLHUP | POLLERR; /* POLL_HUP */
    }
}

static void send_one(struct file_async *a, struct proc *p, struct thread *to, int reason)
{
    if (p->state != P_ALIVE || p->dying || !may_signal(a, p))
        return;
    int sig = a->sig ? a->sig : SIGIO;
    struct ksiginfo k = { .signo = sig, .code = SI_KERNEL };
    if (a->sig) /* F_SETSIG: the reason, band and descriptor */
        k = (struct ksiginfo){ .signo = sig, .code = reason, .sigpoll = 1,
                               .band = band_of(reason), .fd = a->fd };
    if ((to ? signal_send_thread(to, sig, &k) : signal_send_proc(p, sig, &k)) < 0 && a->sig) {
        struct ksiginfo plain = { .signo = SIGIO, .code = SI_KERNEL }; /* no room: plain SIGIO */
        to ? signal_send_thread(to, SIGIO, &plain) : signal_send_proc(p, SIGIO, &plain);
    }
}

static void send_reason(struct file_async *a, int reason)
{
    if (a->owner_type == OWNER_TID) {
        struct thread *to = thread_by_tid(a->owner_id);
        if (to)
            send_one(a, to->p, to, reason);
    } else if (a->owner_type == OWNER_PID) {
        struct proc *p = proc_by_pid(a->owner_id);
        if (p)
            send_one(a, p, NULL, reason);
    } else {
        for (int i = 0; i < proc_slots; i++)
            if (procs[i].state == P_ALIVE && procs[i].pgid == a->owner_id)
                send_one(a, &procs[i], NULL, reason);
    }
}

void sigio_woken(struct file_async *a)
{
    struct proc *p = a->pid ? proc_by_pid(a->pid) : NULL;
    struct file_ctx c;
    int have = p && p->state == P_ALIVE && p->thread_head;
    if (have)
        c = fileio_ctx(p->thread_head);
    uint32_t ev = file_async_events(a, have ? &c : NULL);
    if (!ev || !a->owner_id)
        return;
    if (ev & POLLIN)
        send_reason(a, POLL_IN);
    if (ev & POLLOUT)
        send_reason(a, POLL_OUT);
    if (ev & POLLPRI)
        send_reason(a, POLL_PRI);
    if (ev & (POLLHUP | POLLRDHUP))
        send_reason(a, POLL_HUP);
    else if (ev & POLLERR)
        send_reason(a, POLL_ERR);
}

void sigio_leases(void)
{
    struct ofile *f;
    while ((f = lease_announced())) {
        struct file_async *a = f->async;
        if (a && a->owner_id)
            send_reason(a, POLL_MSG);
    }
}
