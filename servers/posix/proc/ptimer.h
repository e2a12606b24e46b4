/* POSIX per-process timers: timer_create, timer_settime, timer_gettime,
 * timer_getoverrun, timer_delete, as Linux has them.
 *
 * A timer counts on one clock (CLOCK_REALTIME, CLOCK_MONOTONIC,
 * CLOCK_BOOTTIME, CLOCK_TAI and their _ALARM forms) and notifies by a
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
 * inherited by fork and end at execve and exit. */
#ifndef POSIX_PTIMER_H
#define POSIX_PTIMER_H

#include "proc.h"

struct ptimer {
    struct ptimer *next;    /* its process's timers */
    struct proc *p;
    int id;
    int clock;              /* the clockid it was created on */
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
/* Deletes every timer of p (execve, exit). */
void ptimer_delete_all(struct proc *p);

long sys_timer_create(struct thread *t, const uint64_t *a);
long sys_timer_settime(struct thread *t, const uint64_t *a);
long sys_timer_gettime(struct thread *t, const uint64_t *a);
long sys_timer_getoverrun(struct thread *t, const uint64_t *a);
long sys_timer_delete(struct thread *t, const uint64_t *a);

#endif
