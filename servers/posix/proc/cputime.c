/* CPU time: the kernel's accounting as POSIX reports it (see cputime.h). */
#include "posix.h"
#include "cputime.h"
#include "time.h"
#include "client.h"
#include "string.h"
#include <linux/time.h>
#include <linux/resource.h>

#define NSEC 1000000000ull
#define USER_HZ 100 /* clock_t ticks: times(), /proc's stat (Linux's USER_HZ) */

/* Linux's CPU-clock id encoding (include/linux/posix-timers.h). */
#define CPUCLOCK_PID(c)       ((int)~((c) >> 3))
#define CPUCLOCK_PERTHREAD(c) (((c) & 4) != 0)
#define CPUCLOCK_WHICH(c)     ((c) & 3)
#define CPUCLOCK_PROF  0
#define CPUCLOCK_VIRT  1
#define CPUCLOCK_SCHED 2

int cputime_thread(struct thread *t, uint64_t *user_ns, uint64_t *sys_ns)
{
    *user_ns = t->cpu_user_base;
    *sys_ns = t->cpu_sys_base;
    if (!t->ktid || !t->p->cap)
        return t->p->state == P_ALIVE ? 0 : -ESRCH; /* not seen yet: it has not run */
    struct cx_cpu_times c;
    if (CX_IS_ERR(cx_thread_times(t->p->cap, t->ktid, &c)))
        return -ESRCH;
    *user_ns += c.user_ns;
    *sys_ns += c.system_ns;
    return 0;
}

int cputime_proc(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns)
{
    if (p->state == P_FREE)
        return -ESRCH;
    *user_ns = p->cpu_user_ns;
    *sys_ns = p->cpu_sys_ns;
    struct cx_cpu_times c;
    if (p->state == P_ALIVE && p->cap && !CX_IS_ERR(cx_thread_times(p->cap, 0, &c))) {
        *user_ns += c.user_ns;
        *sys_ns += c.system_ns;
    }
    return 0;
}

void cputime_children(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns)
{
    *user_ns = p->cpu_cuser_ns;
    *sys_ns = p->cpu_csys_ns;
}

/* The whole image p->cap names goes into p's record of ended images. */
static void fold_image(struct proc *p)
{
    struct cx_cpu_times c;
    if (p->cap && !CX_IS_ERR(cx_thread_times(p->cap, 0, &c))) {
        p->cpu_user_ns += c.user_ns;
        p->cpu_sys_ns += c.system_ns;
        if (c.peak_pages > p->maxrss_pages)
            p->maxrss_pages = c.peak_pages;
    }
}

/* Linux's maxrss of p in kB: the peak resident set of its images (the
   kernel's count of pages its page tables mapped at once), with its reaped
   children's peak when asked (wait4's RUSAGE_BOTH). */
long cputime_maxrss_kb(const struct proc *p, int children)
{
    uint64_t pages = p->maxrss_pages;
    struct cx_cpu_times c;
    if (p->state == P_ALIVE && p->cap && !CX_IS_ERR(cx_thread_times(p->cap, 0, &c)) &&
        c.peak_pages > pages)
        pages = c.peak_pages;
    if (children && p->cmaxrss_pages > pages)
        pages = p->cmaxrss_pages;
    return (long)(pages * (CX_PAGE_SIZE / 1024));
}

void cputime_exec(struct proc *p, struct thread *t)
{
    uint64_t u, s;
    if (cputime_thread(t, &u, &s) == 0) {
        t->cpu_user_base = u;
        t->cpu_sys_base = s;
    }
    fold_image(p);
}

/* Processes that ended since boot, for cputime_all. */
static uint64_t ended_user_ns, ended_sys_ns;

void cputime_exit(struct proc *p)
{
    fold_image(p);
    ended_user_ns += p->cpu_user_ns;
    ended_sys_ns += p->cpu_sys_ns;
}

void cputime_all(uint64_t *user_ns, uint64_t *sys_ns)
{
    *user_ns = ended_user_ns;
    *sys_ns = ended_sys_ns;
    for (int i = 0; i < proc_slots; i++) {
        uint64_t u, s;
        if (procs[i].state == P_ALIVE && cputime_proc(&procs[i], &u, &s) == 0) {
            *user_ns += u;
            *sys_ns += s;
        }
    }
}

void cputime_reap(struct proc *parent, const struct proc *child)
{
    parent->cpu_cuser_ns += child->cpu_user_ns + child->cpu_cuser_ns;
    parent->cpu_csys_ns += child->cpu_sys_ns + child->cpu_csys_ns;
    uint64_t peak = child->maxrss_pages > child->cmaxrss_pages ? child->maxrss_pages : child->cmaxrss_pages;
    if (peak > parent->cmaxrss_pages)
        parent->cmaxrss_pages = peak;
}

/* --- the CPU-time clocks ------------------------------------------------------ */

/* What a CPU clock id names, as Linux's pid_for_clock: 0 is the caller
   (its thread or its process); a per-thread clock only names a thread of
   the caller's own process; a process clock names a process by its pid,
   or by the caller's own tid. NULL: nobody (EINVAL). */
long cputime_clock_target(struct thread *t, int clk, struct thread **thr, struct proc **proc)
{
    *thr = NULL;
    *proc = NULL;
    if (clk == CLOCK_PROCESS_CPUTIME_ID) {
        *proc = t->p;
        return CPUCLOCK_SCHED;
    }
    if (clk == CLOCK_THREAD_CPUTIME_ID) {
        *thr = t;
        return CPUCLOCK_SCHED;
    }
    if (clk >= 0 || CPUCLOCK_WHICH(clk) == 3)
        return -EINVAL; /* not a CPU clock (3 with bit 2 clear is a clock fd) */
    int pid = CPUCLOCK_PID(clk);
    if (CPUCLOCK_PERTHREAD(clk)) {
        struct thread *o = pid == 0 ? t : thread_by_tid(pid);
        if (!o || o->p != t->p)
            return -EINVAL;
        *thr = o;
    } else if (pid == 0 || pid == t->tid) {
        *proc = t->p;
    } else {
        struct proc *o = proc_by_pid(pid);
        if (!o || o->state == P_FREE)
            return -EINVAL;
        *proc = o;
    }
    return CPUCLOCK_WHICH(clk);
}

long cputime_clock(struct thread *t, int clk, uint64_t *ns)
{
    struct thread *thr;
    struct proc *proc;
    long which = cputime_clock_target(t, clk, &thr, &proc);
    return which < 0 ? which : cputime_read(thr, proc, (int)which, ns);
}

long cputime_read(struct thread *thr, const struct proc *proc, int which, uint64_t *ns)
{
    uint64_t u, s;
    if ((thr ? cputime_thread(thr, &u, &s) : cputime_proc(proc, &u, &s)) < 0)
        return -EINVAL;
    *ns = which == CPUCLOCK_VIRT ? u : u + s;
    return 0;
}

long cputime_clock_res(struct thread *t, int clk, uint64_t *ns)
{
    struct thread *thr;
    struct proc *proc;
    long which = cputime_clock_target(t, clk, &thr, &proc);
    if (which < 0)
        return which;
    /* Measured to the nanosecond for every kind (Linux: 1 ns for SCHED,
       a tick for the sampled PROF and VIRT). */
    *ns = 1;
    return 0;
}

/* --- times, getrusage, wait's rusage ----------------------------------------- */

static long ticks(uint64_t ns) { return (long)(ns / (NSEC / USER_HZ)); }

long sys_times(struct thread *t, const uint64_t *a)
{
    if (a[0]) {
        uint64_t u = 0, s = 0, cu, cs;
        cputime_proc(t->p, &u, &s);
        cputime_children(t->p, &cu, &cs);
        long tms[4] = { ticks(u), ticks(s), ticks(cu), ticks(cs) };
        if (client_write(t->p, a[0], tms, sizeof tms) < 0)
            return -EFAULT;
    }
    /* Clock ticks since boot (Linux's count starts 5 minutes before 0 to
       catch wrap bugs; programs only take differences). */
    return ticks(time_now_ns());
}

static void to_timeval(uint64_t ns, struct __kernel_old_timeval *tv)
{
    tv->tv_sec = (long)(ns / NSEC);
    tv->tv_usec = (long)(ns % NSEC / 1000);
}

/* Fields other than the times and ru_maxrss are 0: Calyx counts no
   faults, swaps, block I/O, messages, signals or context switches per
   process. */
static long put_rusage(struct proc *p, uint64_t addr, uint64_t user_ns, uint64_t sys_ns, long maxrss)
{
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    to_timeval(user_ns, &ru.ru_utime);
    to_timeval(sys_ns, &ru.ru_stime);
    ru.ru_maxrss = maxrss;
    return client_write(p, addr, &ru, sizeof ru) < 0 ? -EFAULT : 0;
}

long cputime_put_child_rusage(struct proc *p, uint64_t addr, struct proc *child)
{
    uint64_t u = 0, s = 0, cu, cs;
    cputime_proc(child, &u, &s);
    cputime_children(child, &cu, &cs);
    return put_rusage(p, addr, u + cu, s + cs, cputime_maxrss_kb(child, 1));
}

long sys_getrusage(struct thread *t, const uint64_t *a)
{
    uint64_t u = 0, s = 0;
    long maxrss;
    switch ((int)a[0]) {
    case RUSAGE_SELF: /* and RUSAGE_THREAD: Linux gives the process's peak for both */
    case RUSAGE_THREAD:
        if ((int)a[0] == RUSAGE_SELF)
            cputime_proc(t->p, &u, &s);
        else
            cputime_thread(t, &u, &s);
        maxrss = cputime_maxrss_kb(t->p, 0);
        break;
    case RUSAGE_CHILDREN:
        cputime_children(t->p, &u, &s);
        maxrss = (long)(t->p->cmaxrss_pages * (CX_PAGE_SIZE / 1024));
        break;
    default:
        return -EINVAL;
    }
    return put_rusage(t->p, a[1], u, s, maxrss);
}
