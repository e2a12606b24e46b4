/* POSIX per-process timers (see ptimer.h). */
#include "posix.h"
#include "ptimer.h"
#include "proc.h"
#include "client.h"
#include "signal.h"
#include "sigpending.h"
#include "time.h"
#include "cputime.h"
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

/* A CPU timer's clock now: 0, or -EINVAL when its thread or process is
   gone. */
static long cpu_now(const struct ptimer *pt, uint64_t *ns)
{
    struct thread *thr = NULL;
    const struct proc *proc = pt->p;
    if (pt->cpu_tid) {
        thr = thread_by_tid(pt->cpu_tid);
        if (!thr || thr->p != pt->p)
            return -EINVAL;
    } else if (pt->cpu_pid && pt->cpu_pid != pt->p->pid) {
        proc = proc_by_pid(pt->cpu_pid);
        if (!proc || proc->state != P_ALIVE)
            return -EINVAL;
    }
    return cputime_read(thr, proc, pt->cpu_which, ns);
}

/* Now on the clock its expiry counts on (a CPU clock of a thread that is
   gone stands still at 0). */
static uint64_t base_now(const struct ptimer *pt)
{
    uint64_t ns = 0;
    if (pt->cpu)
        cpu_now(pt, &ns);
    else
        ns = pt->on_realtime ? time_realtime_ns() : time_now_ns();
    return ns;
}

/* The wall-clock deadline at which it may have expired; min_gap: at least
   that far ahead (a CPU timer that just fired). */
static void arm_after(struct ptimer *pt, uint64_t min_gap)
{
    uint64_t when = 0;
    if (pt->expiry && pt->notify != SIGEV_NONE) {
        if (!pt->cpu) {
            when = pt->on_realtime ? time_realtime_to_mono(pt->expiry) : pt->expiry;
        } else {
            uint64_t now_cpu, now = time_now_ns();
            if (cpu_now(pt, &now_cpu) < 0) {
                time_set_ptimer(pt, 0); /* its thread ended: it never fires */
                return;
            }
            uint64_t need = pt->expiry > now_cpu ? pt->expiry - now_cpu : 0;
            when = now + (need > min_gap ? need : min_gap);
            if (when == now)
                when = now + 1;
        }
    }
    time_set_ptimer(pt, when);
}

static void arm(struct ptimer *pt)
{
    arm_after(pt, 0);
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
    if (pt->itimer) { /* as Linux's itimers: a plain kernel signal, no overruns */
        struct ksiginfo ik = { .signo = pt->signo, .code = SI_KERNEL };
        signal_send_proc(p, pt->signo, &ik);
        return 0;
    }
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
    if (pt->cpu && base_now(pt) < pt->expiry) {
        arm(pt); /* its clock has not got there yet: look again later */
        return;
    }
    struct proc *p = pt->p;
    int id = pt->id;
    int pending = notify(pt);
    /* The signal may have ended the process and freed its timers. */
    if (p->state != P_ALIVE || p->dying ||
        (id < 0 ? p->itimers[-id - 1] : find(p, id)) != pt)
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
    arm_after(pt, pt->cpu ? REARM_MIN_NS : 0);
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

void ptimer_exit(struct proc *p)
{
    ptimer_delete_all(p);
    for (int i = 0; i < 2; i++) {
        if (p->itimers[i]) {
            time_set_ptimer(p->itimers[i], 0);
            free(p->itimers[i]);
            p->itimers[i] = NULL;
        }
    }
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

static int wall_clock(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
    case CLOCK_REALTIME_ALARM: case CLOCK_BOOTTIME_ALARM:
        return 1;
    default:
        return 0;
    }
}

/* A CPU clock a timer of t's may count on: any process's, or one of its
   own threads' (cputime_clock_target's rule, Linux's). 0 with the target
   in pt, or -EINVAL. */
static long cpu_clock(struct thread *t, int clk, struct ptimer *pt)
{
    struct thread *thr;
    struct proc *proc;
    long which = cputime_clock_target(t, clk, &thr, &proc);
    if (which < 0)
        return -EINVAL;
    pt->cpu = 1;
    pt->cpu_which = (int)which;
    pt->cpu_tid = thr ? thr->tid : 0;
    pt->cpu_pid = proc ? proc->pid : 0;
    return 0;
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
    struct ptimer probe = { 0 };
    if (!wall_clock(clk) && cpu_clock(t, clk, &probe) < 0)
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
    pt->cpu = probe.cpu, pt->cpu_which = probe.cpu_which;
    pt->cpu_tid = probe.cpu_tid, pt->cpu_pid = probe.cpu_pid;
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
        uint64_t clock_now = base_now(pt);
        pt->expiry = value > clock_now ? value : clock_now; /* passed: fires at once */
        if (!pt->expiry)
            pt->expiry = 1;
    } else {
        pt->on_realtime = 0; /* relative: not moved by clock changes (POSIX) */
        pt->expiry = base_now(pt) + (value > FOREVER_NS ? FOREVER_NS : value);
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

long ptimer_itimer(struct proc *p, int which, const uint64_t *set, uint64_t *old)
{
    struct ptimer *pt = p->itimers[which - 1];
    old[0] = old[1] = 0;
    if (pt) {
        struct lx_itimerspec cur;
        current(pt, &cur);
        old[0] = (uint64_t)cur.value.tv_sec * NSEC + (uint64_t)cur.value.tv_nsec;
        old[1] = pt->interval;
    }
    if (!set)
        return 0;
    if (!pt) {
        if (!set[0])
            return 0;
        pt = calloc(1, sizeof *pt);
        if (!pt)
            return -ENOMEM;
        pt->p = p;
        pt->id = -which;
        pt->itimer = pt->cpu = 1;
        pt->notify = SIGEV_SIGNAL;
        pt->signo = which == ITIMER_VIRTUAL ? SIGVTALRM : SIGPROF;
        pt->cpu_which = which == ITIMER_VIRTUAL ? 1 /* CPUCLOCK_VIRT */ : 0 /* CPUCLOCK_PROF */;
        p->itimers[which - 1] = pt;
    }
    pt->interval = set[0] ? set[1] : 0;
    pt->expiry = set[0] ? base_now(pt) + set[0] : 0;
    arm(pt);
    return 0;
}
