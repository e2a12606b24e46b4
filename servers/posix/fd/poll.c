/* poll, ppoll, select, pselect6 (see poll.h). */
#include "posix.h"
#include "poll.h"
#include "proc.h"
#include "client.h"
#include "file.h"
#include "time.h"
#include "epoll.h"
#include "string.h"
#include "waitq.h"
#include "fileio.h"
#include <asm-generic/poll.h>
#include <linux/time_types.h>
#include <linux/fcntl.h>

#define NSEC 1000000000ull
/* pollfd entries read from the client at a time. */
#define POLL_CHUNK 512
/* The most descriptors select looks at (ofile.c's highest RLIMIT_NOFILE). */
#define SELECT_FDS_MAX (FILE_NOFILE_DEFAULT * 64)
#define SELECT_WORDS (SELECT_FDS_MAX / 64)
/* Beyond ~3000 years a timeout is forever (and cannot overflow). */
#define TIMEOUT_FOREVER_SEC 100000000000ull

/* Linux's mask for files without a poll operation, and select's sets. */
#define DEFAULT_MASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define IN_SET  (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define OUT_SET (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define EX_SET  POLLPRI
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

/* The call's state while it runs and waits (thread aux words). */
#define AUX_TIMEOUT_PTR 0 /* the caller's timeval/timespec to write back, or 0 */
#define AUX_END         1 /* the timeout's end (monotonic ns); 0: none */
#define AUX_KIND        2 /* which call it is: enum wait_kind */

/* The calls differ in their arguments and their timeout's type. */
enum wait_kind {
    WAIT_POLL,    /* poll, ppoll: a pollfd array; ppoll a timespec */
    WAIT_SELECT,  /* select: fd sets, a timeval */
    WAIT_PSELECT, /* pselect6: fd sets, a timespec */
    WAIT_EPOLL,   /* epoll_wait, epoll_pwait, epoll_pwait2 */
};

static enum wait_kind kind_of(const struct thread *t)
{
    return (enum wait_kind)t->aux[AUX_KIND];
}

uint32_t poll_ofile(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    return f->ops->poll ? f->ops->poll(f, c, pt) : DEFAULT_MASK;
}

/* The description poll may look at: NULL for a closed or O_PATH fd. */
static struct ofile *pollable(struct proc *p, int fd)
{
    struct ofile *f = fdtable_get(p->fdt, fd);
    return f && !(f->flags & O_PATH) ? f : NULL;
}

/* --- evaluating the descriptors ------------------------------------------------------ */

/* One pass over poll's array: fills revents, counts the ready entries, and
   writes the array back when asked; with pt, waits on every file's queues. */
static long poll_pass(struct thread *t, uint64_t addr, uint64_t nfds, int write,
                      struct poll_table *pt)
{
    static struct pollfd buf[POLL_CHUNK];
    struct file_ctx c = fileio_ctx(t);
    long count = 0;
    for (uint64_t i = 0; i < nfds; i += POLL_CHUNK) {
        size_t n = nfds - i < POLL_CHUNK ? (size_t)(nfds - i) : POLL_CHUNK;
        uint64_t at = addr + i * sizeof *buf;
        if (client_read(t->p, at, buf, n * sizeof *buf) < 0)
            return -EFAULT;
        for (size_t k = 0; k < n; k++) {
            struct pollfd *pf = &buf[k];
            pf->revents = 0;
            if (pf->fd < 0)
                continue;
            struct ofile *f = pollable(t->p, pf->fd);
            uint32_t want = (uint16_t)pf->events | POLLERR | POLLHUP;
            pf->revents = (short)(f ? poll_ofile(f, &c, pt) & want : POLLNVAL);
            if (pf->revents)
                count++;
        }
        if (write && client_write(t->p, at, buf, n * sizeof *buf) < 0)
            return -EFAULT;
    }
    return count;
}

static long eval_poll(struct thread *t, uint64_t addr, uint64_t nfds, int final,
                      struct poll_table *pt)
{
    long count = poll_pass(t, addr, nfds, 0, pt);
    if (count < 0 || (count == 0 && !final))
        return count;
    long w = poll_pass(t, addr, nfds, 1, NULL);
    return w < 0 ? w : count;
}

static long eval_select(struct thread *t, int64_t nfds, const uint64_t sets[3], int final,
                        struct poll_table *pt)
{
    static uint64_t in[3][SELECT_WORDS], out[3][SELECT_WORDS];
    static const uint32_t ready_bits[3] = { IN_SET, OUT_SET, EX_SET };
    struct file_ctx c = fileio_ctx(t);
    size_t n = (size_t)nfds;
    size_t bytes = (n + 63) / 64 * 8;
    for (int s = 0; s < 3; s++) {
        memset(in[s], 0, bytes);
        memset(out[s], 0, bytes);
        if (sets[s] && client_read(t->p, sets[s], in[s], bytes) < 0)
            return -EFAULT;
    }
    long count = 0;
    for (size_t fd = 0; fd < n; fd++) {
        uint64_t bit = 1ull << (fd % 64);
        size_t w = fd / 64;
        if (!((in[0][w] | in[1][w] | in[2][w]) & bit))
            continue;
        struct ofile *f = pollable(t->p, (int)fd);
        if (!f)
            return -EBADF;
        uint32_t mask = poll_ofile(f, &c, pt);
        for (int s = 0; s < 3; s++) {
            if ((in[s][w] & bit) && (mask & ready_bits[s])) {
                out[s][w] |= bit;
                count++;
            }
        }
    }
    if (count == 0 && !final)
        return 0;
    for (int s = 0; s < 3; s++)
        if (sets[s] && client_write(t->p, sets[s], out[s], bytes) < 0)
            return -EFAULT;
    return count;
}

static int is_epoll_wait(const struct thread *t)
{
    return kind_of(t) == WAIT_EPOLL;
}

/* An epoll wait's reports now; with nothing to report and pt, it waits on
   the instance's queues (its own and its files'). */
static long eval_epoll(struct thread *t, struct poll_table *pt)
{
    const uint64_t *a = t->args;
    long r = epoll_collect(t, (int)a[0], a[1], (int)a[2]);
    if (r == 0 && pt) {
        struct file_ctx c = fileio_ctx(t);
        poll_ofile(fdtable_get(t->p->fdt, (int)a[0]), &c, pt); /* collect checked it */
    }
    return r;
}

/* The call's descriptors now: the ready count (results written back), 0
   with nothing written unless final, or -errno. With pt, the thread's
   sleeper also waits on the queues of every file looked at. */
static long evaluate(struct thread *t, int final, struct poll_table *pt)
{
    const uint64_t *a = t->args;
    if (is_epoll_wait(t))
        return eval_epoll(t, pt);
    if (kind_of(t) == WAIT_POLL)
        return eval_poll(t, a[0], a[1], final, pt);
    int64_t nfds = (int)a[0];
    uint32_t limit = t->p->fdt->limit; /* no descriptor is open at or above it */
    if (nfds > (int64_t)limit)
        nfds = limit;
    const uint64_t sets[3] = { a[1], a[2], a[3] };
    return eval_select(t, nfds, sets, final, pt);
}

/* Evaluates the call, parking it (BLOCK_POLL) on the queues of everything
   it looked at when nothing is ready: R_DEFER, or the result. */
static long evaluate_or_park(struct thread *t)
{
    struct poll_table pt = { &t->sleep, 0 };
    long r = evaluate(t, 0, &pt);
    if (r == 0 && pt.err == 0) {
        t->block = BLOCK_POLL;
        return R_DEFER;
    }
    sleeper_cancel(&t->sleep);
    return r == 0 ? pt.err : r;
}

/* --- timeouts and the ending of a call ------------------------------------------------ */

static uint64_t span_ns(uint64_t sec, uint64_t nsec)
{
    return sec > TIMEOUT_FOREVER_SEC ? UINT64_MAX / 4 : sec * NSEC + nsec;
}

/* Reads a timespec (or for select a timeval) at addr: its length in ns. */
static long read_timeout(struct thread *t, uint64_t addr, uint64_t *ns)
{
    if (kind_of(t) == WAIT_SELECT) {
        struct __kernel_old_timeval tv;
        if (client_read(t->p, addr, &tv, sizeof tv) < 0)
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0)
            return -EINVAL;
        uint64_t usec = (uint64_t)tv.tv_usec;
        *ns = span_ns((uint64_t)tv.tv_sec + usec / 1000000, usec % 1000000 * 1000);
        return 0;
    }
    struct __kernel_timespec ts;
    if (client_read(t->p, addr, &ts, sizeof ts) < 0)
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC)
        return -EINVAL;
    *ns = span_ns((uint64_t)ts.tv_sec, (uint64_t)ts.tv_nsec);
    return 0;
}

/* The time left goes back to the caller's struct (errors ignored, as Linux). */
static void write_back_timeout(struct thread *t)
{
    uint64_t addr = t->aux[AUX_TIMEOUT_PTR];
    if (!addr)
        return;
    uint64_t now = time_now_ns(), end = t->aux[AUX_END];
    uint64_t left = end > now ? end - now : 0;
    if (kind_of(t) == WAIT_SELECT) {
        struct __kernel_old_timeval tv = { (long)(left / NSEC), (long)(left % NSEC / 1000) };
        client_write(t->p, addr, &tv, sizeof tv);
    } else {
        struct __kernel_timespec ts = { (long long)(left / NSEC), (long long)(left % NSEC) };
        client_write(t->p, addr, &ts, sizeof ts);
    }
}

/* The call returns r: time left written back, the caller's own signal mask
   back unless a signal is being delivered (then signal_finish restores it). */
static long finish(struct thread *t, long r)
{
    write_back_timeout(t);
    if (t->restore_mask && r != -ERESTARTNOHAND && r != -EINTR) {
        t->sigmask = t->saved_mask;
        t->restore_mask = 0;
    }
    time_set_deadline(t, 0);
    return r;
}

long poll_retry(struct thread *t)
{
    long r = evaluate_or_park(t);
    return r == R_DEFER ? r : finish(t, r);
}

long poll_timed_out(struct thread *t)
{
    sleeper_cancel(&t->sleep);
    return finish(t, evaluate(t, 1, NULL));
}

/* What a call cut short by a signal answers: epoll waits are never
   restarted (EINTR even when no handler runs), the others restart unless a
   handler ran. */
static long interrupted(struct thread *t)
{
    return is_epoll_wait(t) ? -EINTR : -ERESTARTNOHAND;
}

long poll_interrupted(struct thread *t)
{
    return finish(t, interrupted(t));
}

/* --- the calls ----------------------------------------------------------------------- */

/* Installs a call's temporary signal mask (ppoll, pselect6). */
static long set_wait_mask(struct thread *t, uint64_t addr, uint64_t size)
{
    if (!addr)
        return 0;
    uint64_t set;
    if (size != sizeof set)
        return -EINVAL;
    if (client_read(t->p, addr, &set, sizeof set) < 0)
        return -EFAULT;
    t->saved_mask = t->sigmask;
    t->restore_mask = 1;
    t->sigmask = set & ~UNBLOCKABLE;
    return 0;
}

/* The common body: timeout_ns is the timeout's length, UINT64_MAX forever. */
static long wait_ready(struct thread *t, uint64_t timeout_ns)
{
    uint64_t now = time_now_ns();
    t->aux[AUX_END] = timeout_ns == UINT64_MAX ? 0 : now + timeout_ns;
    long r = timeout_ns ? evaluate_or_park(t) : evaluate(t, 0, NULL);
    if (r != R_DEFER && r != 0)
        return finish(t, r);
    if ((t->pending.set | t->p->pending.set) & ~t->sigmask) {
        t->block = BLOCK_NONE;
        sleeper_cancel(&t->sleep);
        return finish(t, interrupted(t)); /* a signal is deliverable now */
    }
    if (timeout_ns == 0)
        return finish(t, evaluate(t, 1, NULL));
    time_set_deadline(t, t->aux[AUX_END]);
    return R_DEFER;
}

static uint64_t ms_timeout(int ms)
{
    return ms < 0 ? UINT64_MAX : (uint64_t)ms * 1000000;
}

/* poll's bound is the RLIMIT_NOFILE soft limit itself, as Linux. */
static long check_nfds(struct thread *t, uint64_t nfds)
{
    return nfds > t->p->rlim[RLIMIT_NOFILE].rlim_cur ? -EINVAL : 0;
}

long sys_poll(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_POLL;
    int ms = (int)a[2];
    t->aux[AUX_TIMEOUT_PTR] = 0;
    long r = check_nfds(t, a[1]);
    if (r < 0)
        return r;
    return wait_ready(t, ms_timeout(ms));
}

long sys_ppoll(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_POLL;
    uint64_t ns = UINT64_MAX;
    long r;
    t->aux[AUX_TIMEOUT_PTR] = 0;
    if (a[2] && (r = read_timeout(t, a[2], &ns)) < 0)
        return r;
    if ((r = check_nfds(t, a[1])) < 0 || (r = set_wait_mask(t, a[3], a[4])) < 0)
        return r;
    t->aux[AUX_TIMEOUT_PTR] = a[2];
    return wait_ready(t, ns);
}

long sys_select(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_SELECT;
    uint64_t ns = UINT64_MAX;
    long r;
    t->aux[AUX_TIMEOUT_PTR] = 0;
    if (a[4] && (r = read_timeout(t, a[4], &ns)) < 0)
        return r;
    if ((int)a[0] < 0)
        return -EINVAL;
    t->aux[AUX_TIMEOUT_PTR] = a[4];
    return wait_ready(t, ns);
}

long sys_pselect6(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_PSELECT;
    uint64_t ns = UINT64_MAX;
    long r;
    t->aux[AUX_TIMEOUT_PTR] = 0;
    if (a[4] && (r = read_timeout(t, a[4], &ns)) < 0)
        return r;
    if ((int)a[0] < 0)
        return -EINVAL;
    if (a[5]) { /* { const sigset_t *ss; size_t ss_len; } */
        uint64_t pack[2];
        if (client_read(t->p, a[5], pack, sizeof pack) < 0)
            return -EFAULT;
        if ((r = set_wait_mask(t, pack[0], pack[1])) < 0)
            return r;
    }
    t->aux[AUX_TIMEOUT_PTR] = a[4];
    return wait_ready(t, ns);
}

/* epoll_wait, epoll_pwait, epoll_pwait2: the instance's checks come first,
   so a bad epfd or maxevents fails before any wait. */
static long epoll_wait_common(struct thread *t, uint64_t timeout_ns)
{
    const uint64_t *a = t->args;
    long r = epoll_collect(t, (int)a[0], a[1], (int)a[2]);
    if (r != 0)
        return finish(t, r);
    return wait_ready(t, timeout_ns);
}

long sys_epoll_wait(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_EPOLL;
    t->aux[AUX_TIMEOUT_PTR] = 0;
    return epoll_wait_common(t, ms_timeout((int)a[3]));
}

long sys_epoll_pwait(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_EPOLL;
    t->aux[AUX_TIMEOUT_PTR] = 0;
    long r = set_wait_mask(t, a[4], a[5]);
    return r < 0 ? r : epoll_wait_common(t, ms_timeout((int)a[3]));
}

long sys_epoll_pwait2(struct thread *t, const uint64_t *a)
{
    t->aux[AUX_KIND] = WAIT_EPOLL;
    uint64_t ns = UINT64_MAX;
    long r;
    t->aux[AUX_TIMEOUT_PTR] = 0;
    if (a[3] && (r = read_timeout(t, a[3], &ns)) < 0)
        return r;
    if ((r = set_wait_mask(t, a[4], a[5])) < 0)
        return r;
    return epoll_wait_common(t, ns);
}
