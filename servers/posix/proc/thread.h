/* Threads (clone with CLONE_THREAD) and futexes.
 *
 * Futexes live in the server: a FUTEX_WAIT reads the word through the
 * client's process capability, compares, and parks the thread (its reply
 * is deferred); FUTEX_WAKE answers the parked ones in arrival order. Keys
 * are (process, address), or (memory object, offset) for a shared futex
 * operation on MAP_SHARED memory, so processes sharing it meet (mm.h). */
#ifndef POSIX_THREAD_H
#define POSIX_THREAD_H

#include "proc.h"

/* Wakes up to n waiters on p's addr whose bitset meets bitset (private_op:
   FUTEX_PRIVATE_FLAG, keyed by process and address); returns how many. */
int futex_wake(struct proc *p, uint64_t addr, int n, uint32_t bitset, int private_op);

/* Parks t on key: a FUTEX_WAIT (pi 0, with its bitset) or FUTEX_LOCK_PI
   (pi 1) waiter until the deadline (monotonic ns, 0: none). */
struct futex_key;
void futex_park(struct thread *t, const struct futex_key *key, uint32_t bitset, int pi,
                uint64_t deadline);
/* The oldest FUTEX_LOCK_PI waiter on key (after `after`, when not NULL). */
struct thread *futex_pi_waiter(const struct futex_key *key, const struct thread *after);
/* How many threads wait in FUTEX_LOCK_PI (0: nothing to look for). */
int futex_pi_parked(void);

/* A futex call's timeout at uts (0: none): relative (FUTEX_WAIT) or
   absolute on CLOCK_MONOTONIC or, with realtime, CLOCK_REALTIME (whose
   instant goes to *rt, else 0). *deadline: monotonic ns, 0 for none.
   0, -EFAULT or -EINVAL. */
long futex_timeout(struct thread *t, uint64_t uts, int absolute, int realtime, uint64_t *deadline,
                   uint64_t *rt);

/* t no longer waits on a futex (woken, timed out, interrupted, freed):
   out of its futex's wait list. Nothing when it was in none. */
void futex_forget(struct thread *t);
/* A thread is going away: clear_child_tid and the futex wake. */
void thread_exit_cleanup(struct thread *t);

long sys_futex(struct thread *t, const uint64_t *a);
long sys_set_tid_address(struct thread *t, const uint64_t *a);
long sys_set_robust_list(struct thread *t, const uint64_t *a);
long sys_get_robust_list(struct thread *t, const uint64_t *a);
/* The registers a clone child starts with: the caller's, with the result 0,
   the new stack (when newsp is not 0) and the TLS base (CLONE_SETTLS).
   0 or the CX error of reading the caller's registers. */
struct cx_regs;
uint64_t thread_clone_regs(struct thread *t, uint64_t flags, uint64_t newsp, uint64_t tls,
                           struct cx_regs *regs);
/* clone with CLONE_THREAD (fork.c hands it on). */
long thread_clone(struct thread *t, uint64_t flags, uint64_t newsp, uint64_t ptid,
                  uint64_t ctid, uint64_t tls);

#endif
