/* Thread creation and destruction. */
#include "thread.h"
#include "process.h"
#include "sched.h"
#include "kmalloc.h"
#include "arch.h"

static uint64_t next_tid = 1;

struct thread *thread_create(struct process *p, uint64_t entry, uint64_t stack, uint64_t arg,
                             unsigned priority)
{
    struct thread *t = kmalloc(sizeof *t);
    if (!t)
        return NULL;
    t->kstack = kmalloc(KSTACK_SIZE);
    t->exit_record = kmalloc(sizeof *t->exit_record);
    if (!t->kstack || !t->exit_record) {
        thread_free(t);
        return NULL;
    }
    t->proc = p;
    t->tid = next_tid++;
    t->priority = priority < SCHED_PRIORITIES ? priority : SCHED_PRIORITIES - 1;
    t->state = THREAD_BLOCKED; /* not runnable until started */
    t->stop = p && p->state == PROCESS_CREATED ? THREAD_STOPPED_UNSTARTED : THREAD_NOT_STOPPED;
    t->interrupt_pending = 0;
    t->slice_ticks = SCHED_SLICE_TICKS;
    t->cpu = (struct cputime){ 0, 0, 0 };
    arch_thread_setup(t, entry, stack, arg);
    if (p) {
        t->proc_next = p->threads;
        p->threads = t;
        p->nthreads++;
    }
    return t;
}

void thread_free(struct thread *t)
{
    kfree(t->exit_record);
    kfree(t->kstack);
    kfree(t);
}
