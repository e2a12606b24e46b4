/* Threads: the unit the scheduler runs. Each belongs to a process (the idle
   thread to none) and has its own kernel stack. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdint.h>
#include <arch/thread.h>
#include "cputime.h"

struct process;

enum thread_state {
    THREAD_READY,
    THREAD_RUNNING,
    THREAD_BLOCKED,
    THREAD_DEAD,
};

/* Whether a thread is stopped: its user registers are saved and nobody else
   will touch them, so thread_get_regs/thread_set_regs may read and change
   them (anything else is Busy). */
enum thread_stop {
    THREAD_NOT_STOPPED = 0,
    THREAD_STOPPED_UNSTARTED,   /* its process has not been started yet */
    THREAD_STOPPED_PERSONALITY, /* waiting for its personality server's reply (while blocked) */
};

/* What is left of a thread that ended and may still be joined. Allocated with
   the thread, so recording an exit never fails. */
struct thread_exit_record {
    uint64_t tid;
    int32_t code;
    struct thread_exit_record *next;
};

struct thread {
    struct arch_thread arch;
    void *kstack;
    struct process *proc;
    uint64_t tid;
    enum thread_state state;
    unsigned priority;         /* 0 (lowest) .. SCHED_PRIORITIES-1 */
    unsigned ticks_left;       /* of the current time slice */
    unsigned slice_ticks;      /* a whole slice; 0: none (runs until it blocks or yields) */
    struct thread *run_next;   /* run queue link */
    struct thread *proc_next;  /* the process's thread list */
    struct thread *sleep_next; /* sleep queue link */
    uint64_t wake_at;          /* monotonic ns when a timed sleep ends; 0 when none */
    int wake_reason;           /* why a blocked thread was woken (see sched.h) */
    enum thread_stop stop;
    /* thread_interrupt asked a personality thread to stop: it sends
       CX_PMSG_INTERRUPT before it next runs user code (personality.c). */
    int interrupt_pending;
    /* thread_exit / thread_join */
    int32_t exit_code;
    struct thread *joiner;     /* blocked in thread_join on this thread */
    struct thread_exit_record *exit_record;
    struct cputime cpu;        /* user and kernel time it ran (cputime.h) */
};

/* A new thread of p, ready to enter user space at entry with the stack and argument.
   It is not runnable until sched_make_ready (or process_start). NULL: out of memory. */
struct thread *thread_create(struct process *p, uint64_t entry, uint64_t stack, uint64_t arg,
                             unsigned priority);
void thread_free(struct thread *t);

#endif
