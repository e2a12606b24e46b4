/* Access to another process (see ptrace.h). */
#include "posix.h"
#include "ptrace.h"
#include "client.h"
#include "string.h"
#include <linux/ptrace.h>

int ptrace_may_access(const struct proc *me, const struct proc *target)
{
    if (me == target || me->euid == 0)
        return 1;
    return me->uid == target->uid && me->uid == target->euid && me->uid == target->suid &&
           me->gid == target->gid && me->gid == target->egid && me->gid == target->sgid &&
           !target->not_dumpable;
}

static struct proc *live_proc(int pid)
{
    struct proc *p = pid > 0 ? proc_by_pid(pid) : NULL;
    return p && p->state == P_ALIVE && !p->dying ? p : NULL;
}

long sys_ptrace(struct thread *t, const uint64_t *a)
{
    long request = (long)a[0];
    if (request == PTRACE_TRACEME)
        return -ENOSYS;
    struct proc *target = live_proc((int)a[1]);
    if (!target)
        return -ESRCH;
    if (request == PTRACE_ATTACH || request == PTRACE_SEIZE) {
        if (target == t->p || !ptrace_may_access(t->p, target))
            return -EPERM;
        return -ENOSYS; /* no tracing yet */
    }
    return -ESRCH; /* every other request needs a tracee stopped for the caller */
}

#define UIO_MAXIOV 1024
#define VM_CHUNK 65536

/* Copies up to len bytes between one local and one remote range through a
   bounce buffer; the remote side moves page by page, so a fault stops it
   where Linux would. Returns the bytes moved (< len when a page could not
   be reached, on either side). */
static size_t move_range(struct proc *local, uint64_t laddr, struct proc *remote, uint64_t raddr,
                         size_t len, int write)
{
    static uint8_t bounce[VM_CHUNK];
    size_t done = 0;
    while (done < len) {
        size_t n = len - done < VM_CHUNK ? len - done : VM_CHUNK, moved;
        if (write) {
            if (client_read(local, laddr + done, bounce, n) < 0)
                break;
            moved = client_write_partial(remote, raddr + done, bounce, n);
        } else {
            moved = client_read_partial(remote, raddr + done, bounce, n);
            if (moved && client_write(local, laddr + done, bounce, moved) < 0)
                break;
        }
        done += moved;
        if (moved < n)
            break;
    }
    return done;
}

/* process_vm_readv/writev(pid, local_iov, liovcnt, remote_iov, riovcnt,
   flags), in Linux's order: flags, the counts, the local and remote
   vectors, the process, permission; then the bytes, iovec by iovec until
   the first one that cannot be done whole. */
static long vm_rw(struct thread *t, const uint64_t *a, int write)
{
    if (a[5])
        return -EINVAL;
    if (a[2] > UIO_MAXIOV || a[4] > UIO_MAXIOV)
        return -EINVAL;
    static struct uiovec lv[UIO_MAXIOV], rv[UIO_MAXIOV];
    size_t ltotal, rtotal;
    long r = client_iovecs(t->p, a[1], a[2], lv, &ltotal);
    if (r < 0)
        return r;
    if (a[2] == 0)
        return 0;
    if ((r = client_iovecs(t->p, a[3], a[4], rv, &rtotal)) < 0)
        return r;
    struct proc *target = live_proc((int)a[0]);
    if (!target)
        return -ESRCH;
    if (!ptrace_may_access(t->p, target))
        return -EPERM;
    size_t moved = 0, li = 0, loff = 0;
    for (size_t ri = 0; ri < a[4]; ri++) {
        for (size_t roff = 0; roff < rv[ri].len && li < a[2];) {
            size_t n = rv[ri].len - roff;
            if (n > lv[li].len - loff)
                n = lv[li].len - loff;
            size_t m = move_range(t->p, lv[li].base + loff, target, rv[ri].base + roff, n, write);
            moved += m;
            if (m < n)
                return moved ? (long)moved : -EFAULT;
            roff += n, loff += n;
            if (loff == lv[li].len)
                li++, loff = 0;
        }
    }
    return (long)moved;
}

long sys_process_vm_readv(struct thread *t, const uint64_t *a)
{
    return vm_rw(t, a, 0);
}

long sys_process_vm_writev(struct thread *t, const uint64_t *a)
{
    return vm_rw(t, a, 1);
}
