/* The scheduler: strict priorities, round robin with time slices within a
   priority. Single CPU; the kernel itself is not preemptible (it runs with
   interrupts off), so the scheduler needs no locks. */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>
#include "thread.h"

#define KERNEL_TICK_HZ    100 /* timer interrupts per second */
#define SCHED_PRIORITIES  32
#define SCHED_SLICE_TICKS 2   /* a time slice: 20 ms */
#define SCHED_DEFAULT_PRIORITY 16

enum wake_reason { WAKE_NORMAL = 0, WAKE_TIMEOUT, WAKE_INTERRUPTED, WAKE_PEER_GONE };

void sched_init(void);               /* the calling boot context becomes the idle thread */
_Noreturn void sched_idle_loop(void);
struct thread *current_thread(void);

void sched_make_ready(struct thread *t);
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
   runs on the rest of the current time slice, ahead of ready threads of its
   own priority, as seL4 donates a caller's slice to the server it calls.
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
