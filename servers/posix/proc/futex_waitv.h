/* futex_waitv: one thread waiting on up to FUTEX_WAITV_MAX futexes at once
 * (Linux 5.16; Wine and Proton use it). The call checks every word against
 * its expected value (EAGAIN when one differs), then waits until a
 * FUTEX_WAKE on any of them, its absolute timeout on CLOCK_MONOTONIC or
 * CLOCK_REALTIME (ETIMEDOUT), or a signal (restarted after SA_RESTART
 * handlers); it answers the index of the futex that woke it.
 *
 * Such waiters are kept apart from the futex buckets (a thread is in one
 * bucket list at most): a wake serves the bucket's waiters first, then
 * these, oldest first, within its count. Not requeued by FUTEX_REQUEUE. */
#ifndef POSIX_FUTEX_WAITV_H
#define POSIX_FUTEX_WAITV_H

#include "proc.h"
#include "mm.h"

#define FUTEX_WAITV_MAX 128

/* Wakes up to n waitv waiters on key (bitset: a waitv waiter takes any);
   how many. */
int futex_waitv_wake(const struct futex_key *key, int n);
/* Whether any thread waits in futex_waitv (a wake's cheap first question). */
int futex_waitv_waiting(void);
/* t stops waiting (woken elsewhere, timed out, interrupted, freed). */
void futex_waitv_forget(struct thread *t);

long sys_futex_waitv(struct thread *t, const uint64_t *a);

#endif
