/* Clocks, sleeps and deadlines (see time.h). */
#include "posix.h"
#include "time.h"
#include "client.h"
#include "signal.h"
#include "poll.h"
#include "console.h"
#include "ptimer.h"
#include "lease.h"
#include "fileio.h"
#include "cputime.h"
#include "string.h"
#include <linux/time.h>
#include <linux/time_types.h>

#define NSEC 1000000000ull
/* The clock tick the kernel's timer runs at (100 Hz): clock_getres. */
#define TICK_NS 10000000ull

static uint64_t realtime_offset;
static int realtime_known;

uint64_t time_now_ns(void)
{
    return cx_monotonic_ns();
}

uint64_t time_realtime_ns(void)
{
    if (!realtime_known) {
        struct cx_timespec rt;
        uint64_t mono = time_now_ns();
        if (!CX_IS_ERR(cx_clock_get(CX_CLOCK_REALTIME, &rt))) {
            uint64_t r = rt.sec * NSEC + rt.nsec;
            realtime_offset = r > mono ? r - mono : 0;
        }
        realtime_known = 1;
    }
    return time_now_ns() + realtime_offset;
}

/* The armed deadlines of threads and ITIMER_REAL timers, each queue in
   time order (timerq.h): the loop asks for the earliest before every
   receive, so that costs nothing however many threads wait. Threads
   expire before timers, as when both were found by scanning the slots. */
static struct timerq thread_timers = TIMERQ_INIT(thread_timers);
static struct timerq alarm_timers = TIMERQ_INIT(alarm_timers);
static struct timerq posix_timers = TIMERQ_INIT(posix_timers);

void time_set_deadline(struct thread *t, uint64_t ns)
{
    timerq_set(&thread_timers, &t->deadline, ns);
    t->deadline_rt = 0;
}

void time_set_deadline_realtime(struct thread *t, uint64_t rt)
{
    time_set_deadline(t, time_realtime_to_mono(rt));
    t->deadline_rt = rt;
}

void time_set_alarm(struct proc *p, uint64_t ns)
{
    timerq_set(&alarm_timers, &p->alarm_deadline, ns);
}

void time_set_ptimer(struct ptimer *pt, uint64_t ns)
{
    timerq_set(&posix_timers, &pt->deadline, ns);
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
    return !a || (b && b < a) ? b : a;
}

uint64_t time_next_deadline(void)
{
    return earlier(earlier(timerq_next(&thread_timers), timerq_next(&alarm_timers)),
                   timerq_next(&posix_timers));
}

void time_expire(uint64_t now)
{
    /* The due ones move to a list of their own first: what one of them
       does may set, clear or free another (a fatal signal ends a process
       and its threads), which takes that one off this list too, and a
       timer set again goes back to its queue for a later pass. */
    struct timerq due;
    timerq_init(&due);
    struct timer *tm;
    timerq_take_due(&thread_timers, now, &due);
    while ((tm = timerq_first(&due))) {
        struct thread *t = TIMERQ_ENTRY(tm, struct thread, deadline);
        time_set_deadline(t, 0);
        long r;
        switch (t->block) {
        case BLOCK_FUTEX: r = -ETIMEDOUT; break;
        case BLOCK_SLEEP: r = 0; break;
        case BLOCK_SIGWAIT: r = -EAGAIN; break;
        case BLOCK_IPC: r = -EAGAIN; break; /* semtimedop */
        case BLOCK_POLL: r = poll_timed_out(t); break;
        case BLOCK_MQ: r = -ETIMEDOUT; break; /* a message queue's timeout (mqcall.c) */
        case BLOCK_READ: /* a terminal read's VTIME passed */
            console_read_timeout(t);
            continue;
        case BLOCK_LEASE: /* the holder had its time: the lease breaks, the open goes on */
            lease_expire(now);
            fileio_rerun(t);
            continue;
        default: continue;
        }
        t->block = BLOCK_NONE;
        signal_finish(t, r);
    }
    timerq_take_due(&alarm_timers, now, &due);
    while ((tm = timerq_first(&due))) {
        struct proc *p = TIMERQ_ENTRY(tm, struct proc, alarm_deadline);
        time_set_alarm(p, 0); /* signal_alarm sets the next one (alarm_interval) */
        signal_alarm(p);
    }
    timerq_take_due(&posix_timers, now, &due);
    while ((tm = timerq_first(&due))) {
        struct ptimer *pt = TIMERQ_ENTRY(tm, struct ptimer, deadline);
        time_set_ptimer(pt, 0); /* ptimer_fire sets the next one */
        ptimer_fire(pt);
    }
}

uint64_t time_realtime_to_mono(uint64_t rt)
{
    uint64_t now_rt = time_realtime_ns(), now = time_now_ns();
    if (rt <= now_rt)
        return now;
    uint64_t d = rt - now_rt;
    return d > UINT64_MAX / 4 ? UINT64_MAX / 4 : now + d;
}

long time_clock_read(struct thread *t, int clk, uint64_t *ns)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_TAI: case CLOCK_REALTIME_ALARM:
        *ns = time_realtime_ns();
        return 0;
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
    case CLOCK_BOOTTIME: case CLOCK_BOOTTIME_ALARM:
        *ns = time_now_ns();
        return 0;
    default: /* CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID, clock_getcpuclockid's */
        return cputime_clock(t, clk, ns);
    }
}

static long put_ts(struct proc *p, uint64_t addr, uint64_t ns)
{
    struct __kernel_timespec ts = { (long long)(ns / NSEC), (long long)(ns % NSEC) };
    return client_write(p, addr, &ts, sizeof ts) < 0 ? -EFAULT : 0;
}

long sys_clock_gettime(struct thread *t, const uint64_t *a)
{
    uint64_t ns;
    long r = time_clock_read(t, (int)a[0], &ns);
    return r < 0 ? r : put_ts(t->p, a[1], ns);
}

long sys_clock_getres(struct thread *t, const uint64_t *a)
{
    uint64_t ns;
    long r = time_clock_read(t, (int)a[0], &ns);
    if (r < 0 || !a[1])
        return r;
    int coarse = (int)a[0] == CLOCK_REALTIME_COARSE || (int)a[0] == CLOCK_MONOTONIC_COARSE;
    if (cputime_clock_res(t, (int)a[0], &ns) < 0)
        ns = coarse ? TICK_NS : 1; /* not a CPU clock */
    return put_ts(t->p, a[1], ns);
}

/* aux[0]: where the remaining time goes (relative sleeps); realtime: the
   CLOCK_REALTIME instant an absolute sleep on it waits for, 0 for others. */
static long sleep_until(struct thread *t, uint64_t deadline, uint64_t rem, uint64_t realtime)
{
    if (deadline <= time_now_ns())
        return 0;
    t->block = BLOCK_SLEEP;
    if (realtime)
        time_set_deadline_realtime(t, realtime);
    else
        time_set_deadline(t, deadline);
    t->aux[0] = rem;
    return R_DEFER;
}

static long read_ts(struct proc *p, uint64_t addr, uint64_t *ns)
{
    struct __kernel_timespec ts;
    if (client_read(p, addr, &ts, sizeof ts) < 0)
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long long)NSEC)
        return -EINVAL;
    /* Beyond ~3000 years is forever enough and cannot overflow. */
    *ns = (uint64_t)ts.tv_sec > 100000000000ull ? UINT64_MAX / 4
                                                : (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
    return 0;
}

long sys_nanosleep(struct thread *t, const uint64_t *a)
{
    uint64_t ns;
    long r = read_ts(t->p, a[0], &ns);
    if (r < 0)
        return r;
    return sleep_until(t, time_now_ns() + ns, a[1], 0);
}

long sys_clock_nanosleep(struct thread *t, const uint64_t *a)
{
    int clk = (int)a[0], flags = (int)a[1];
    if (clk == CLOCK_THREAD_CPUTIME_ID || (clk < 0 && (clk & 4)))
        return -EINVAL; /* no sleeping on a thread's CPU clock, as Linux */
    uint64_t now_clk;
    long r = time_clock_read(t, clk, &now_clk);
    if (r < 0)
        return r;
    uint64_t ns;
    if ((r = read_ts(t->p, a[2], &ns)) < 0)
        return r;
    uint64_t now = time_now_ns();
    if (!(flags & TIMER_ABSTIME))
        return sleep_until(t, now + ns, a[3], 0);
    int realtime = clk == CLOCK_REALTIME || clk == CLOCK_TAI || clk == CLOCK_REALTIME_ALARM;
    return sleep_until(t, ns > now_clk ? now + (ns - now_clk) : now, 0, realtime ? ns : 0);
}

/* The timezone settimeofday last set (minutes west, DST kind), as Linux's
   sys_tz: kept and given back, used for nothing else. */
static int32_t sys_tz[2];

long sys_gettimeofday(struct thread *t, const uint64_t *a)
{
    if (a[0]) {
        uint64_t ns = time_realtime_ns();
        struct __kernel_old_timeval tv = { (long)(ns / NSEC), (long)((ns % NSEC) / 1000) };
        if (client_write(t->p, a[0], &tv, sizeof tv) < 0)
            return -EFAULT;
    }
    if (a[1] && client_write(t->p, a[1], sys_tz, sizeof sys_tz) < 0)
        return -EFAULT;
    return 0;
}

/* Absolute waits on CLOCK_REALTIME end when it reaches their instant,
   whatever it was set to meanwhile (POSIX); relative ones keep their
   length. */
static void realtime_was_set(void)
{
    for (int i = 0; i < thread_slots; i++) {
        struct thread *t = &threads[i];
        if (t->used && t->deadline_rt && t->deadline.when)
            time_set_deadline_realtime(t, t->deadline_rt);
    }
    ptimer_clock_was_set();
}

/* Sets CLOCK_REALTIME (monotonic time is untouched: sleeps keep their
   length). In Linux's order: the value's validity, then root (CAP_SYS_TIME). */
static long set_realtime(struct thread *t, const uint64_t *ns, const int32_t *tz)
{
    if (tz && (tz[0] < -15 * 60 || tz[0] > 15 * 60))
        return -EINVAL;
    if (t->p->euid != 0)
        return -EPERM;
    if (ns) {
        time_realtime_ns(); /* the offset is known before it is replaced */
        realtime_offset = *ns - time_now_ns(); /* may wrap: the sum is what counts */
        realtime_was_set();
    }
    if (tz)
        memcpy(sys_tz, tz, sizeof sys_tz);
    return 0;
}

long sys_settimeofday(struct thread *t, const uint64_t *a)
{
    uint64_t ns;
    int32_t tz[2];
    if (a[0]) {
        struct __kernel_old_timeval tv;
        if (client_read(t->p, a[0], &tv, sizeof tv) < 0)
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000 ||
            (uint64_t)tv.tv_sec > 100000000000ull)
            return -EINVAL;
        ns = (uint64_t)tv.tv_sec * NSEC + (uint64_t)tv.tv_usec * 1000u;
    }
    if (a[1] && client_read(t->p, a[1], tz, sizeof tz) < 0)
        return -EFAULT;
    return set_realtime(t, a[0] ? &ns : NULL, a[1] ? tz : NULL);
}

long sys_clock_settime(struct thread *t, const uint64_t *a)
{
    if ((int)a[0] != CLOCK_REALTIME)
        return -EINVAL; /* the only settable clock */
    uint64_t ns;
    long r = read_ts(t->p, a[1], &ns);
    if (r < 0)
        return r;
    return set_realtime(t, &ns, NULL);
}

long sys_time(struct thread *t, const uint64_t *a)
{
    long s = (long)(time_realtime_ns() / NSEC);
    if (a[0] && client_write_u64(t->p, a[0], (uint64_t)s) < 0)
        return -EFAULT;
    return s;
}
