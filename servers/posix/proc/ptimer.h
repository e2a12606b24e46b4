/* POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete, as Linux has them.
 *
 * A timer counts on one clock (CLOCK_REALTIME, CLOCK_MONOTONIC,
 * CLOCK_BOOTTIME, CLOCK_TAI and their _ALARM forms, or a CPU-time clock of
 * any process or of one of the caller's threads) and notifies by a
 * signal to its process (SIGEV_SIGNAL, and SIGEV_THREAD, which libcs build
 * on SIGEV_THREAD_ID), to one of its threads (SIGEV_THREAD_ID), or not at
 * all (SIGEV_NONE: timer_gettime shows it run). The signal carries
 * SI_TIMER, the timer's id and sigev_value.
 *
 * Overruns as Linux counts them: while a timer's signal is pending the
 * timer does not fire again; when the signal is taken it is rearmed at its
 * next period, and the periods missed meanwhile are the signal's si_overrun
 * and what timer_getoverrun answers (at most DELAYTIMER_MAX, INT_MAX).
 *
 * Armed with TIMER_ABSTIME on CLOCK_REALTIME or CLOCK_TAI, a timer follows
 * clock_settime and settimeofday; relative ones do not (POSIX). Each timer
 * holds one place under RLIMIT_SIGPENDING for its signal, as Linux's
 * preallocated sigqueue: timer_create past it is EAGAIN. Timers are not
 * inherited by fork and end at execve and exit.
 *
 * CPU-time clocks move only while their process runs, and the kernel does
 * not say when they pass a value: a CPU timer's deadline is the earliest
 * wall time it could expire (now + what it still needs: one CPU, so CPU
 * time grows at most as fast as wall time), where its clock is read again
 * and the deadline moved until it has expired; checks are at least a tick
 * (10 ms) apart once it fired, as Linux checks CPU timers at ticks.
 * setitimer's ITIMER_VIRTUAL and ITIMER_PROF are such timers on the
 * process's user and user + system time, sending SIGVTALRM and SIGPROF
 * (SI_KERNEL) and rearming at once; they survive execve, as Linux's. */
#ifndef POSIX_PTIMER_H
#define POSIX_PTIMER_H

#include "proc.h"

struct ptimer {
    struct ptimer *next;    /* its process's timers */
    struct proc *p;
    int id;
    int clock;              /* the clockid it was created on */
    int cpu;                /* a CPU-time clock: expiry is in its target's CPU ns */
    int cpu_which;          /* CPUCLOCK_PROF, _VIRT or _SCHED (cputime.h) */
    int cpu_tid;            /* a per-thread clock's thread; 0: a process's */
    int cpu_pid;            /* that process (0: its own; another's pid may be gone later) */
    int itimer;             /* setitimer's ITIMER_VIRTUAL/PROF: not in p->timers */
    int notify;             /* SIGEV_SIGNAL, SIGEV_NONE or SIGEV_THREAD_ID */
    int signo, tid;         /* the signal; SIGEV_THREAD_ID: the thread */
    uint64_t value;         /* sigev_value */
    uint32_t uid;           /* charged to (sigpending.h) */
    struct timer deadline;  /* armed: monotonic ns, in time.c's queue (time_set_ptimer) */
    int on_realtime;        /* expiry counts on CLOCK_REALTIME (absolute), else monotonic */
    uint64_t expiry;        /* the next or last expiry on that clock; 0: disarmed */
    uint64_t interval;      /* ns; 0: one shot */
    int queued;             /* its signal is pending */
    int awaiting_rearm;     /* fired while queued or with the signal queued: rearm when taken */
    uint64_t overrun;       /* periods missed since the pending signal was sent */
    int overrun_last;       /* of the last signal taken: timer_getoverrun */
};

/* A deadline of a timer passed (time.c's queue): it notifies, and rearms
   unless its signal stays pending. */
void ptimer_fire(struct ptimer *pt);
/* A timer signal k is being taken from a pending set (signal.c): the timer
   rearms and k gets its overrun. */
void ptimer_taken(struct proc *p, struct ksiginfo *k);
/* CLOCK_REALTIME was set: absolute timers on it move. */
void ptimer_clock_was_set(void);
/* Deletes every timer_create timer of p (execve, exit). */
void ptimer_delete_all(struct proc *p);
/* Ends p's ITIMER_VIRTUAL and ITIMER_PROF too (exit). */
void ptimer_exit(struct proc *p);

/* setitimer/getitimer of ITIMER_VIRTUAL (1) and ITIMER_PROF (2): reads the
   old value and interval (ns) into old[2] and sets the new ones (set NULL:
   only reads). 0 or -ENOMEM. */
long ptimer_itimer(struct proc *p, int which, const uint64_t *set, uint64_t *old);

long sys_timer_create(struct thread *t, const uint64_t *a);
long sys_timer_settime(struct thread *t, const uint64_t *a);
long sys_timer_gettime(struct thread *t, const uint64_t *a);
long sys_timer_getoverrun(struct thread *t, const uint64_t *a);
long sys_timer_delete(struct thread *t, const uint64_t *a);

#endif
