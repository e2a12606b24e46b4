/* Run queues (one FIFO per priority, a bitmap of non-empty ones), a sleep
   queue sorted by deadline, and the switch between threads. */
#include "sched.h"
#include "process.h"
#include "personality.h"
#include "kmalloc.h"
#include "panic.h"
#include "arch.h"

static struct thread *run_head[SCHED_PRIORITIES], *run_tail[SCHED_PRIORITIES];
static uint32_t run_bitmap;
static struct thread *sleepers;
static struct thread idle_thread;
static struct thread *current;
static int need_resched;
static struct thread *dead_threads; /* exited, waiting for their stacks to be freed */

/* The real-time band (sched.h): priorities above the default, below the top. */
#define RT_BAND (((1u << SCHED_SERVER_PRIORITY) - 1) & ~((2u << SCHED_DEFAULT_PRIORITY) - 1))
static unsigned rt_period_left = SCHED_RT_PERIOD_TICKS, rt_used;
static int rt_throttled; /* the band used its share of this period */

static int in_rt_band(const struct thread *t) { return (RT_BAND >> t->priority) & 1; }

/* A dead thread cannot free the stack it runs on; whoever runs next does. */
static void reap_dead_threads(void)
{
    while (dead_threads) {
        struct thread *t = dead_threads;
        dead_threads = t->run_next;
        thread_free(t);
    }
}

struct thread *current_thread(void) { return current; }

void sched_init(void)
{
    static char idle_stack_marker;
    idle_thread.kstack = &idle_stack_marker; /* runs on the boot stack */
    idle_thread.state = THREAD_RUNNING;
    current = &idle_thread;
}

static void enqueue(struct thread *t)
{
    t->run_next = NULL;
    if (run_tail[t->priority])
        run_tail[t->priority]->run_next = t;
    else
        run_head[t->priority] = t;
    run_tail[t->priority] = t;
    run_bitmap |= 1u << t->priority;
}

/* At the head of its queue: a thread preempted before its slice ran out. */
static void enqueue_head(struct thread *t)
{
    t->run_next = run_head[t->priority];
    if (!run_tail[t->priority])
        run_tail[t->priority] = t;
    run_head[t->priority] = t;
    run_bitmap |= 1u << t->priority;
}

static struct thread *dequeue(void)
{
    uint32_t ready = run_bitmap;
    if (rt_throttled && (ready & ~RT_BAND))
        ready &= ~RT_BAND; /* the others first while the band is throttled */
    if (!ready)
        return NULL;
    unsigned p = 31 - (unsigned)__builtin_clz(ready);
    struct thread *t = run_head[p];
    run_head[p] = t->run_next;
    if (!run_head[p]) {
        run_tail[p] = NULL;
        run_bitmap &= ~(1u << p);
    }
    return t;
}

static void unlink_run(struct thread *t)
{
    struct thread **pp = &run_head[t->priority], *prev = NULL;
    for (; *pp; prev = *pp, pp = &(*pp)->run_next)
        if (*pp == t) {
            *pp = t->run_next;
            if (run_tail[t->priority] == t)
                run_tail[t->priority] = prev;
            if (!run_head[t->priority])
                run_bitmap &= ~(1u << t->priority);
            return;
        }
}

static void unlink_sleep(struct thread *t)
{
    for (struct thread **pp = &sleepers; *pp; pp = &(*pp)->sleep_next)
        if (*pp == t) {
            *pp = t->sleep_next;
            return;
        }
}

void sched_make_ready(struct thread *t)
{
    t->state = THREAD_READY;
    enqueue(t);
    if (current != &idle_thread && t->priority > current->priority)
        need_resched = 1;
}

/* Run next in place of the current thread, which is already queued or blocked. */
static void switch_to(struct thread *next)
{
    if (next == current) {
        current->state = THREAD_RUNNING;
        return;
    }
    struct thread *prev = current;
    cputime_switch(&prev->cpu, &next->cpu, arch_cpu_clock());
    current = next;
    next->state = THREAD_RUNNING;
    if (prev->state == THREAD_DEAD) {
        prev->run_next = dead_threads;
        dead_threads = prev;
    }
    arch_thread_switch(prev, next);
    reap_dead_threads();
}

/* Switch to the best ready thread; the current one must already be queued or blocked. */
static void schedule(void)
{
    struct thread *next = dequeue();
    if (!next)
        next = &idle_thread;
    need_resched = 0;
    /* A fresh slice, also when next is current again; a real-time thread
       keeps what was left when it was preempted (Linux's SCHED_RR). */
    if (!in_rt_band(next) || next->ticks_left == 0)
        next->ticks_left = next->slice_ticks;
    switch_to(next);
}

_Noreturn void sched_exit_current(void)
{
    sched_remove(current);
    current->state = THREAD_DEAD;
    schedule();
    panic("a dead thread was scheduled");
}

void sched_yield(void)
{
    if (current != &idle_thread)
        enqueue(current);
    current->state = THREAD_READY;
    current->ticks_left = 0; /* a yield ends the slice */
    schedule();
}

/* need_resched at the way back to user mode: a real-time thread whose
   slice is not used up was preempted and goes first again (POSIX: a
   preempted SCHED_FIFO/RR thread is at the head of its list); any other
   goes to the tail. */
static void preempt(void)
{
    int expired = current->slice_ticks && current->ticks_left == 0;
    if (in_rt_band(current) && !expired)
        enqueue_head(current);
    else
        enqueue(current);
    current->state = THREAD_READY;
    schedule();
}

void sched_set_priority(struct thread *t, unsigned priority, unsigned slice_ticks)
{
    int ready = t->state == THREAD_READY;
    if (ready)
        unlink_run(t);
    t->priority = priority;
    t->slice_ticks = slice_ticks;
    t->ticks_left = slice_ticks;
    if (ready)
        enqueue(t);
    if (current != &idle_thread &&
        (run_bitmap & ~((2u << current->priority) - 1))) /* one above the running thread */
        need_resched = 1;
}

/* A thread of a dying process must not start a new wait: process_kill has
   already woken everyone, and nobody would wake it again. */
static int may_block(void)
{
    return !(current->proc && current->proc->dying);
}

/* Mark the current thread blocked until a wake or the deadline (0 = none). */
static void block_current(uint64_t deadline_ns)
{
    current->state = THREAD_BLOCKED;
    current->wake_reason = WAKE_NORMAL;
    current->wake_at = deadline_ns;
    if (deadline_ns) {
        struct thread **pp = &sleepers;
        while (*pp && (*pp)->wake_at <= deadline_ns)
            pp = &(*pp)->sleep_next;
        current->sleep_next = *pp;
        *pp = current;
    }
}

int sched_block(uint64_t deadline_ns)
{
    if (!may_block())
        return WAKE_INTERRUPTED;
    block_current(deadline_ns);
    schedule();
    return current->wake_reason;
}

/* t, real-time, may not have the CPU now: its band is throttled and others wait. */
static int throttled(const struct thread *t)
{
    return rt_throttled && in_rt_band(t) && (run_bitmap & ~RT_BAND);
}

int sched_block_switch(struct thread *t, uint64_t deadline_ns)
{
    uint32_t higher = run_bitmap & ~((2u << t->priority) - 1); /* ready above t's priority */
    if (!may_block() || higher || t->state != THREAD_BLOCKED || throttled(t)) {
        sched_wake(t, WAKE_NORMAL);
        return sched_block(deadline_ns);
    }
    if (t->wake_at) { /* sched_wake without the run queue */
        unlink_sleep(t);
        t->wake_at = 0;
    }
    t->wake_reason = WAKE_NORMAL;
    if (!in_rt_band(t)) /* a real-time thread runs on its own slice (FIFO: none) */
        t->ticks_left = current->ticks_left; /* the rest of this slice, donated */
    block_current(deadline_ns);
    switch_to(t);
    return current->wake_reason;
}

int sched_block_answered(struct thread *t, uint64_t deadline_ns)
{
    if ((run_bitmap & ~((1u << t->priority) - 1)) || throttled(t)) { /* ready at t's priority or above */
        sched_wake(t, WAKE_NORMAL);
        return sched_block(deadline_ns);
    }
    return sched_block_switch(t, deadline_ns);
}

void sched_wake(struct thread *t, int reason)
{
    if (t->state != THREAD_BLOCKED)
        return;
    if (t->wake_at) {
        unlink_sleep(t);
        t->wake_at = 0;
    }
    t->wake_reason = reason;
    sched_make_ready(t);
}

void sched_remove(struct thread *t)
{
    if (t->state == THREAD_READY)
        unlink_run(t);
    if (t->wake_at)
        unlink_sleep(t);
    t->wake_at = 0;
}

void sched_tick(void)
{
    uint64_t now = arch_time_ns();
    while (sleepers && sleepers->wake_at <= now)
        sched_wake(sleepers, WAKE_TIMEOUT);
    if (current != &idle_thread && current->ticks_left && --current->ticks_left == 0)
        need_resched = 1;
    if (current == &idle_thread && run_bitmap)
        need_resched = 1;
    /* Real-time throttling (sched.h), counted in whole ticks. */
    if (in_rt_band(current) && ++rt_used >= SCHED_RT_RUNTIME_TICKS)
        rt_throttled = 1;
    if (--rt_period_left == 0) {
        rt_period_left = SCHED_RT_PERIOD_TICKS;
        rt_used = 0;
        rt_throttled = 0;
        if (current != &idle_thread && (run_bitmap & ~((2u << current->priority) - 1)))
            need_resched = 1; /* the band may preempt again */
    }
    if (rt_throttled && in_rt_band(current) && (run_bitmap & ~RT_BAND))
        need_resched = 1;
}

void sched_return_to_user(void)
{
    if (need_resched && current != &idle_thread)
        preempt();
    /* Checked after the yield: the process may have been killed or the thread interrupted meanwhile. */
    if (current->proc && current->interrupt_pending && !current->proc->dying)
        personality_interrupt_stop(); /* may block until the server answers */
    if (current->proc && current->proc->dying)
        process_thread_exit_current();
    cputime_leave_kernel(&current->cpu, arch_cpu_clock());
}

void sched_enter_from_user(void)
{
    cputime_enter_kernel(&current->cpu, arch_cpu_clock());
}

_Noreturn void sched_idle_loop(void)
{
    for (;;) {
        if (run_bitmap) {
            current->state = THREAD_READY;
            schedule();
        } else {
            arch_idle();
        }
        reap_dead_threads();
    }
}
