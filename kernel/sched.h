/* The scheduler: strict priorities, round robin with time slices within a
 * priority. Single CPU; the kernel itself is not preemptible (it runs with
 * interrupts off), so the scheduler needs no locks.
 *
 * Each thread has a priority (0..SCHED_PRIORITIES-1) and a time slice in
 * ticks (SCHED_SLICE_TICKS unless thread_set_priority says otherwise; 0:
 * none, it runs until it blocks, yields or a higher priority preempts it,
 * as POSIX's SCHED_FIFO). A thread preempted by a higher priority goes back
 * to the head of its queue with what is left of its slice; one whose slice
 * ran out, or that yields, to the tail.
 *
 * Bands. SCHED_DEFAULT_PRIORITY is where programs start. The top priority
 * (SCHED_SERVER_PRIORITY) is for servers that answer others' calls (the
 * POSIX server raises itself there), so no client can keep them from
 * answering. The priorities between are the real-time band: threads there
 * run before every default one, but together they get at most
 * SCHED_RT_RUNTIME_TICKS of every SCHED_RT_PERIOD_TICKS while a thread at
 * or below the default priority is ready (Linux's RT throttling, 950 ms a
 * second); the rest of the period goes to those threads first. When none of
 * them is ready the band runs on (nothing idles for the rule's sake). */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>
#include <calyx/abi.h>
#include "thread.h"

#define KERNEL_TICK_HZ    100 /* timer interrupts per second */
#define SCHED_TICK_NS     (1000000000u / KERNEL_TICK_HZ)
#define SCHED_PRIORITIES  CX_SCHED_PRIORITIES /* the ABI's figures (syscalls.toml) */
#define SCHED_SLICE_TICKS (CX_SCHED_SLICE_NS / SCHED_TICK_NS) /* a time slice: 20 ms */
#define SCHED_DEFAULT_PRIORITY CX_SCHED_DEFAULT_PRIORITY
#define SCHED_SERVER_PRIORITY (SCHED_PRIORITIES - 1)
#define SCHED_RT_PERIOD_TICKS 100 /* 1 s */
#define SCHED_RT_RUNTIME_TICKS 95 /* 950 ms of it */

enum wake_reason { WAKE_NORMAL = 0, WAKE_TIMEOUT, WAKE_INTERRUPTED, WAKE_PEER_GONE };

void sched_init(void);               /* the calling boot context becomes the idle thread */
_Noreturn void sched_idle_loop(void);
struct thread *current_thread(void);

void sched_make_ready(struct thread *t);
/* A new priority and time slice (ticks, 0: none) for t, in any state: a
   ready thread moves to the tail of its new priority's queue, and the
   running one is preempted if a higher one is ready now. */
void sched_set_priority(struct thread *t, unsigned priority, unsigned slice_ticks);
void sched_yield(void);
/* Block the current thread until sched_wake, or until the deadline (0 = none). Returns the wake
   reason; WAKE_INTERRUPTED at once when the thread's process is dying. Every caller must give up
   its wait on WAKE_INTERRUPTED and return Interrupted to user mode: either the process is dying
   (the thread leaves on its way back to user mode) or thread_interrupt ended the wait (the
   thread goes on; a personality thread first stops for its server, see personality.h). */
int sched_block(uint64_t deadline_ns);
void sched_wake(struct thread *t, int reason);
/* sched_block, handing the CPU straight to t, a blocked thread this wakes
   (WAKE_NORMAL): the IPC fast path's direct switch. t skips the run queue and
   runs on the rest of the current time slice (a real-time thread on its
   own), ahead of ready threads of its own priority, as seL4 donates a
   caller's slice to the server it calls.
   When a ready thread has a higher priority than t, t is only made ready and
   the scheduler picks as usual. */
int sched_block_switch(struct thread *t, uint64_t deadline_ns);
/* sched_block_switch for a caller just answered (ipc_reply_receive): t goes
   straight to the CPU only when no thread of its priority or above is ready;
   otherwise it is made ready behind them, as ipc_reply's sched_wake does, so
   an answer never lets its caller overtake threads that were ready first
   (e.g. a thread just created). */
int sched_block_answered(struct thread *t, uint64_t deadline_ns);
void sched_tick(void);               /* timer interrupt */
void sched_return_to_user(void);     /* last stop before user mode: preemption, interrupts, death */
void sched_enter_from_user(void);    /* first stop after user mode: CPU-time accounting (cputime.h) */
void sched_remove(struct thread *t); /* take a thread off the run and sleep queues */
_Noreturn void sched_exit_current(void); /* the current thread is gone; its stack is freed later */

#endif
