/* Scheduling calls: affinity, policy and priority, yield (sched.c).
 *
 * Policies are per thread, as Linux's, and the kernel's priority scheduler
 * runs them (kernel/sched.h, thread_set_priority). The mapping:
 *   SCHED_FIFO, SCHED_RR  priorities 1..99 onto the kernel's real-time band,
 *                         the SCHED_RT_LEVELS (14) levels between the
 *                         default priority and the top: level
 *                         default + 1 + (prio - 1) * 14 / 99, so 1..7 share
 *                         the lowest and 92..99 the highest; threads on one
 *                         level are equals (FIFO order, or round robin for
 *                         RR), never ordered by the finer Linux number.
 *                         FIFO has no time slice, RR 100 ms.
 *   SCHED_OTHER, BATCH    the default priority, the kernel's 20 ms slice.
 *   SCHED_IDLE            SCHED_IDLE_LEVEL, below every default thread.
 *   nice                  kept, shown and checked as Linux, not used.
 * Priority inheritance: a thread waiting in FUTEX_LOCK_PI lends its level
 * to the futex's owner (futex_pi.h); a thread runs at the highest of its
 * own level and those lent to it, without a time slice while lifted.
 * This server's own thread runs at the top priority, above the band, so no
 * real-time client can keep it from answering; the kernel throttles the
 * band to 950 ms a second while lower threads wait, as Linux's
 * sched_rt_runtime_us does (a SCHED_FIFO busy loop cannot starve a shell).
 * Calyx has one CPU: affinity masks are checked, not used. */
#ifndef POSIX_SCHED_H
#define POSIX_SCHED_H

#include "proc.h"

/* The one CPU's bit in an affinity mask. */
#define SCHED_CPU_MASK 1ull
#define SCHED_RT_LEVELS (CX_SCHED_PRIORITIES - 2 - CX_SCHED_DEFAULT_PRIORITY)
#define SCHED_IDLE_LEVEL 1

/* The server's own thread goes to the top priority (main, at start). */
void sched_server_init(void);
/* child, a new thread or a forked process's thread, takes parent's policy
   (SCHED_RESET_ON_FORK: an ordinary one) and the kernel is told. */
void sched_inherit(struct thread *child, const struct thread *parent);
/* Tells the kernel t's policy (once its kernel thread id is known): the
   priority of its policy, or of a thread that lends it its priority by
   waiting for a PI futex it owns (futex_pi.h), whichever is higher. */
void sched_apply(struct thread *t);
/* What t lends or is lent changed (a PI wait began or ended, a PI futex
   changed hands): t and the owners it lends to, down the chain, get their
   priorities again. t may be NULL (nothing to do). */
void sched_pi_changed(struct thread *t);
/* Linux's task priority as a number, higher first: real-time by
   rt_priority above normal threads by nice above SCHED_IDLE (PI futexes
   hand over in this order). */
int sched_rank(const struct thread *t);

long sys_sched_yield(struct thread *t, const uint64_t *a);
long sys_sched_getaffinity(struct thread *t, const uint64_t *a);
long sys_sched_setaffinity(struct thread *t, const uint64_t *a);
long sys_sched_getscheduler(struct thread *t, const uint64_t *a);
long sys_sched_setscheduler(struct thread *t, const uint64_t *a);
long sys_sched_getparam(struct thread *t, const uint64_t *a);
long sys_sched_setparam(struct thread *t, const uint64_t *a);
long sys_sched_setattr(struct thread *t, const uint64_t *a);
long sys_sched_getattr(struct thread *t, const uint64_t *a);
long sys_sched_get_priority_max(struct thread *t, const uint64_t *a);
long sys_sched_get_priority_min(struct thread *t, const uint64_t *a);
long sys_sched_rr_get_interval(struct thread *t, const uint64_t *a);

#endif
