/* POSIX per-process timers (see ptimer.h). */
#include "posix.h"
#include "ptimer.h"
#include "proc.h"
#include "client.h"
#include "signal.h"
#include "sigpending.h"
#include "time.h"
#include <calyx/malloc.h>
#include <linux/time.h>
#include <linux/time_types.h>

#define NSEC 1000000000ull
#define DELAYTIMER_MAX 0x7fffffff
/* A periodic timer whose signal went nowhere rearms at least this far
   ahead, as Linux does a jiffy: a tiny interval must not keep the server
   busy firing it. */
#define REARM_MIN_NS 10000000ull
/* Beyond ~3000 years is forever enough and cannot overflow. */
#define FOREVER_NS (UINT64_MAX / 4)

/* struct sigevent's head, as the kernel reads it (64 bytes in all). */
struct lx_sigevent {
    uint64_t value;
    int32_t signo;
    int32_t notify;
    int32_t tid;       /* SIGEV_THREAD_ID: sigev_notify_thread_id */
    int32_t pad[11];
};

struct lx_itimerspec {
    struct __kernel_timespec interval, value;
};

static struct ptimer *find(struct proc *p, int id)
{
    for (struct ptimer *pt = p->timers; pt; pt = pt->next)
        if (pt->id == id)
            return pt;
    return NULL;
}

/* Now on the clock its expiry counts on. */
static uint64_t base_now(const struct ptimer *pt)
{
    return pt->on_realtime ? time_realtime_ns() : time_now_ns();
}

static void arm(struct ptimer *pt)
{
    uint64_t when = 0;
    if (pt->expiry && pt->notify != SIGEV_NONE)
        when = pt->on_realtime ? time_realtime_to_mono(pt->expiry) : pt->expiry;
    time_set_ptimer(pt, when);
}

/* Moves a periodic timer's expiry past now; returns the periods skipped. */
static uint64_t forward(struct ptimer *pt, uint64_t now)
{
    if (!pt->interval || pt->expiry > now)
        return 0;
    uint64_t n = (now - pt->expiry) / pt->interval + 1;
    pt->expiry += n * pt->interval;
    return n;
}

/* Sends the timer's signal. 1 when it is now pending, 0 when it was taken
   at once (a sigwaitinfo caller) or dropped (ignored, no such thread). */
static int notify(struct ptimer *pt)
{
    struct ksiginfo k = { .signo = pt->signo, .code = SI_TIMER, .timerid = pt->id,
                          .value = pt->value };
    struct proc *p = pt->p;
    if (pt->notify == SIGEV_THREAD_ID) {
        struct thread *to = thread_by_tid(pt->tid);
        if (!to || to->p != p)
            return 0;
        return signal_send_thread(to, pt->signo, &k) > 0;
    }
    return signal_send_proc(p, pt->signo, &k) > 0;
}

void ptimer_fire(struct ptimer *pt)
{
    if (pt->queued) { /* cannot happen while armed; kept safe */
        pt->awaiting_rearm = 1;
        return;
    }
    struct proc *p = pt->p;
    int id = pt->id;
    int pending = notify(pt);
    /* The signal may have ended the process and freed its timers. */
    if (p->state != P_ALIVE || p->dying || find(p, id) != pt)
        return;
    if (pending) {
        pt->queued = pt->awaiting_rearm = 1;
        pt->overrun = 0;
        return;
    }
    if (pt->interval) {
        uint64_t now = base_now(pt);
        pt->overrun = 0;
        forward(pt, pt->interval < REARM_MIN_NS ? now + REARM_MIN_NS : now);
    } else {
        pt->expiry = 0;
    }
    arm(pt);
}

void ptimer_taken(struct proc *p, struct ksiginfo *k)
{
    struct ptimer *pt = find(p, k->timerid);
    k->overrun = 0;
    if (!pt || !pt->queued)
        return; /* deleted since, or not this timer's */
    pt->queued = 0;
    if (!pt->awaiting_rearm)
        return; /* set again since: its new arming goes on */
    pt->awaiting_rearm = 0;
    if (pt->interval) {
        uint64_t now = base_now(pt);
        uint64_t n = forward(pt, now);
        pt->overrun += n ? n - 1 : 0; /* the first period is this signal's own */
        arm(pt);
    } else {
        pt->expiry = 0;
    }
    pt->overrun_last = pt->overrun > DELAYTIMER_MAX ? DELAYTIMER_MAX : (int)pt->overrun;
    pt->overrun = 0;
    k->overrun = pt->overrun_last;
}

void ptimer_clock_was_set(void)
{
    for (int i = 0; i < proc_slots; i++)
        for (struct ptimer *pt = procs[i].timers; pt; pt = pt->next)
            if (pt->on_realtime && pt->deadline.when)
                arm(pt);
}

static void destroy(struct ptimer *pt)
{
    time_set_ptimer(pt, 0);
    sigpending_uncharge(pt->uid);
    free(pt);
}

void ptimer_delete_all(struct proc *p)
{
    struct ptimer *pt;
    while ((pt = p->timers)) {
        p->timers = pt->next;
        destroy(pt);
    }
}

/* --- syscalls -------------------------------------------------------------------- */

static int clock_ok(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
    case CLOCK_REALTIME_ALARM: case CLOCK_BOOTTIME_ALARM:
        return 1;
    default:
        return 0;
    }
}

static int new_id(struct proc *p)
{
    for (int tries = 0; tries < 1 << 16; tries++) {
        int id = p->next_timer_id;
        p->next_timer_id = id == INT32_MAX ? 0 : id + 1;
        if (!find(p, id))
            return id;
    }
    return -EAGAIN;
}

long sys_timer_create(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    int clk = (int)a[0];
    if (!clock_ok(clk))
        return -EINVAL;
    struct lx_sigevent ev = { .signo = SIGALRM, .notify = SIGEV_SIGNAL };
    if (a[1]) {
        if (client_read(p, a[1], &ev, sizeof ev) < 0)
            return -EFAULT;
        switch (ev.notify) {
        case SIGEV_THREAD_ID: {
            struct thread *to = thread_by_tid(ev.tid);
            if (!to || to->p != p)
                return -EINVAL;
        } /* fall through */
        case SIGEV_SIGNAL: case SIGEV_THREAD:
            if (ev.signo <= 0 || ev.signo > NSIG_LINUX)
                return -EINVAL;
            break;
        case SIGEV_NONE:
            break;
        default:
            return -EINVAL;
        }
    }
    if ((clk == CLOCK_REALTIME_ALARM || clk == CLOCK_BOOTTIME_ALARM) && p->euid != 0)
        return -EPERM; /* CAP_WAKE_ALARM */
    int id = new_id(p);
    if (id < 0)
        return id;
    struct ptimer *pt = calloc(1, sizeof *pt);
    if (!pt)
        return -EAGAIN;
    if (sigpending_charge(p->uid, p->rlim[RLIMIT_SIGPENDING].rlim_cur) < 0) {
        free(pt);
        return -EAGAIN;
    }
    pt->p = p;
    pt->id = id;
    pt->clock = clk;
    pt->uid = p->uid;
    pt->notify = ev.notify == SIGEV_THREAD ? SIGEV_SIGNAL : ev.notify;
    pt->signo = ev.signo;
    pt->tid = ev.tid;
    pt->value = a[1] ? ev.value : (uint64_t)id; /* no sigevent: sival_int is the id */
    if (client_write(p, a[2], &id, sizeof id) < 0) {
        destroy(pt);
        return -EFAULT;
    }
    pt->next = p->timers;
    p->timers = pt;
    return 0;
}

static void ns_ts(uint64_t ns, struct __kernel_timespec *ts)
{
    ts->tv_sec = (long long)(ns / NSEC);
    ts->tv_nsec = (long long)(ns % NSEC);
}

static long ts_ns(const struct __kernel_timespec *ts, uint64_t *ns)
{
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= (long long)NSEC)
        return -EINVAL;
    *ns = (uint64_t)ts->tv_sec > 100000000000ull ? FOREVER_NS
                                                 : (uint64_t)ts->tv_sec * NSEC + (uint64_t)ts->tv_nsec;
    return 0;
}

/* What timer_gettime shows: time to the next expiry (1 ns when it passed
   and its signal is not taken yet, as Linux) and the interval. */
static void current(struct ptimer *pt, struct lx_itimerspec *out)
{
    uint64_t left = 0;
    if (pt->expiry) {
        uint64_t now = base_now(pt);
        if (pt->notify == SIGEV_NONE)
            pt->overrun += forward(pt, now);
        if (pt->expiry > now)
            left = pt->expiry - now;
        else if (pt->notify != SIGEV_NONE)
            left = 1;
        else if (!pt->interval)
            pt->expiry = 0; /* a SIGEV_NONE one shot has run out */
    }
    ns_ts(left, &out->value);
    ns_ts(pt->interval, &out->interval);
}

long sys_timer_settime(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    struct ptimer *pt = find(p, (int)a[0]);
    int flags = (int)a[1];
    if (!a[2])
        return -EINVAL;
    struct lx_itimerspec in;
    if (client_read(p, a[2], &in, sizeof in) < 0)
        return -EFAULT;
    uint64_t value, interval;
    if (ts_ns(&in.value, &value) < 0 || ts_ns(&in.interval, &interval) < 0)
        return -EINVAL;
    if (!pt)
        return -EINVAL;
    struct lx_itimerspec old;
    if (a[3])
        current(pt, &old);
    pt->awaiting_rearm = 0; /* a signal still pending no longer rearms it */
    pt->overrun = 0;
    pt->interval = value ? interval : 0;
    if (!value) {
        pt->expiry = 0;
    } else if (flags & TIMER_ABSTIME) {
        pt->on_realtime = pt->clock == CLOCK_REALTIME || pt->clock == CLOCK_TAI ||
                          pt->clock == CLOCK_REALTIME_ALARM;
        uint64_t clock_now = pt->on_realtime ? time_realtime_ns() : time_now_ns();
        pt->expiry = value > clock_now ? value : clock_now; /* passed: fires at once */
    } else {
        pt->on_realtime = 0; /* relative: not moved by clock changes (POSIX) */
        pt->expiry = time_now_ns() + (value > FOREVER_NS ? FOREVER_NS : value);
    }
    arm(pt);
    /* As Linux: the old setting is copied out after the new one is set. */
    return a[3] && client_write(p, a[3], &old, sizeof old) < 0 ? -EFAULT : 0;
}

long sys_timer_gettime(struct thread *t, const uint64_t *a)
{
    struct ptimer *pt = find(t->p, (int)a[0]);
    if (!pt)
        return -EINVAL;
    struct lx_itimerspec cur;
    current(pt, &cur);
    return client_write(t->p, a[1], &cur, sizeof cur) < 0 ? -EFAULT : 0;
}

long sys_timer_getoverrun(struct thread *t, const uint64_t *a)
{
    struct ptimer *pt = find(t->p, (int)a[0]);
    return pt ? pt->overrun_last : -EINVAL;
}

long sys_timer_delete(struct thread *t, const uint64_t *a)
{
    struct proc *p = t->p;
    for (struct ptimer **pp = &p->timers; *pp; pp = &(*pp)->next) {
        struct ptimer *pt = *pp;
        if (pt->id == (int)a[0]) {
            *pp = pt->next;
            destroy(pt); /* a pending signal of it is still delivered, as Linux */
            return 0;
        }
    }
    return -EINVAL;
}
