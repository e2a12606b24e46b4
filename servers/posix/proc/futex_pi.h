/* Futexes that know their owner: priority-inheritance futexes
 * (FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI) and
 * robust lists (set_robust_list), as Linux's futex ABI defines them.
 *
 * The word holds the owner's tid (FUTEX_TID_MASK), FUTEX_WAITERS when
 * waiters are parked in the server and FUTEX_OWNER_DIED when its owner
 * died holding it. The server changes words with an atomic
 * compare-and-exchange in the client (process_vm_cmpxchg32), since the
 * client's other threads change them too. Unlock hands the futex to a
 * waiter directly, the highest in priority and among equals the oldest
 * (Linux's rt_mutex order): its tid goes into the word and it returns
 * owning it. A dying thread's robust list is walked before its memory goes: each
 * futex it still owns gets FUTEX_OWNER_DIED and a waiter is woken, and a
 * PI futex it owned passes to a waiter with FUTEX_OWNER_DIED kept.
 *
 * Priority inheritance: a thread parked in FUTEX_LOCK_PI lends its
 * priority to the futex's owner (pi_owner), and through an owner that is
 * itself parked to that one's owner, as Linux's rt_mutex chain: sched.c
 * gives each thread the kernel priority of the highest of its own and its
 * lenders' (sched_pi_changed). */
#ifndef POSIX_FUTEX_PI_H
#define POSIX_FUTEX_PI_H

#include "proc.h"

/* FUTEX_LOCK_PI (uts absolute on CLOCK_REALTIME when realtime, else
   CLOCK_MONOTONIC; 0: no timeout) and, with trylock, FUTEX_TRYLOCK_PI. */
long futex_lock_pi(struct thread *t, uint64_t addr, int private_op, uint64_t uts, int realtime,
                   int trylock);
long futex_unlock_pi(struct thread *t, uint64_t addr, int private_op);

/* t is ending (exit, exit_group, a fatal signal, execve) and its memory is
   still there: its robust list is walked, then PI futexes it owned pass
   on. */
void futex_owner_exit(struct thread *t);
/* The same for every thread of p (exit_group, a fatal signal, execve). */
void futex_owners_exit(struct proc *p);

#endif
