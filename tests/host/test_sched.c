/* sources: kernel/sched.c */
/* The scheduler's policy (kernel/sched.c) with context switches that do
   nothing: after each call, current_thread() is the thread the scheduler
   chose, so its choices are watched directly. Checked: the highest
   priority runs; the real-time band (above the default, below the top) is
   throttled to SCHED_RT_RUNTIME_TICKS of each SCHED_RT_PERIOD_TICKS while
   a default thread is ready, and runs on when none is; a real-time thread
   preempted by a higher one goes back to the head of its queue with the
   rest of its slice, one whose slice ran out to the tail; a thread without
   a slice (SCHED_FIFO) keeps the CPU until it yields; sched_set_priority
   preempts at once in both directions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sched.h"
#include "thread.h"
#include "process.h"
#include "personality.h"
#include "panic.h"
#include "arch.h"

/* --- the fake machine ---------------------------------------------------------- */

void arch_thread_switch(struct thread *from, struct thread *to) { (void)from, (void)to; }
uint64_t arch_time_ns(void) { return 0; }
void arch_idle(void) {}
void thread_free(struct thread *t) { (void)t; }
void personality_interrupt_stop(void) {}
_Noreturn void process_thread_exit_current(void) { abort(); }
_Noreturn void panic(const char *fmt, ...)
{
    (void)fmt;
    abort();
}

static struct thread th[4];

static struct thread *mk(int i, unsigned prio, unsigned slice)
{
    struct thread *t = &th[i];
    memset(t, 0, sizeof *t);
    t->tid = (uint64_t)i + 1;
    t->priority = prio;
    t->slice_ticks = slice;
    t->state = THREAD_BLOCKED;
    return t;
}

/* One timer tick while a thread runs in user mode, and its way back. */
static void tick(void)
{
    sched_tick();
    sched_return_to_user();
}

/* Everyone blocks: the CPU goes back to the idle thread. */
static void all_block(void)
{
    for (int i = 0; i < 4; i++)
        sched_remove(&th[i]);
    sched_block(0);
    assert_int_equal(current_thread()->priority, 0);
    assert_null(current_thread()->proc);
}

#define RT (SCHED_DEFAULT_PRIORITY + 4)

/* First: the throttling period starts at boot. */
static void rt_band_is_throttled_while_a_default_thread_waits(void **state)
{
    (void)state;
    struct thread *a = mk(0, SCHED_DEFAULT_PRIORITY, SCHED_SLICE_TICKS), *r = mk(1, RT, 0);
    sched_make_ready(a);
    sched_make_ready(r);
    sched_yield(); /* from idle: the best ready thread runs */
    assert_ptr_equal(current_thread(), r);
    unsigned ran_r = 0, ran_a = 0;
    for (int i = 0; i < SCHED_RT_PERIOD_TICKS; i++) {
        ran_r += current_thread() == r;
        ran_a += current_thread() == a;
        tick();
    }
    assert_int_equal(ran_r, SCHED_RT_RUNTIME_TICKS);
    assert_int_equal(ran_a, SCHED_RT_PERIOD_TICKS - SCHED_RT_RUNTIME_TICKS);
    assert_ptr_equal(current_thread(), r); /* a new period: the band preempts again */
    /* With no default thread ready the band runs on past its share. */
    sched_remove(a);
    a->state = THREAD_BLOCKED;
    for (int i = 0; i < SCHED_RT_PERIOD_TICKS; i++) {
        assert_ptr_equal(current_thread(), r);
        tick();
    }
    all_block();
}

static void preempted_rt_thread_goes_back_first(void **state)
{
    (void)state;
    struct thread *r1 = mk(0, RT, 10), *r2 = mk(1, RT, 10), *h = mk(2, RT + 2, 0);
    sched_make_ready(r1);
    sched_make_ready(r2);
    sched_yield();
    assert_ptr_equal(current_thread(), r1);
    tick();
    tick(); /* r1 has 8 ticks left */
    sched_make_ready(h);
    sched_return_to_user();
    assert_ptr_equal(current_thread(), h);
    sched_block(0); /* h waits again: r1, not r2, resumes */
    assert_ptr_equal(current_thread(), r1);
    assert_int_equal(r1->ticks_left, 8);
    for (int i = 0; i < 7; i++) {
        tick();
        assert_ptr_equal(current_thread(), r1);
    }
    tick(); /* the slice is used up: to the tail, r2's turn */
    assert_ptr_equal(current_thread(), r2);
    all_block();
}

static void fifo_thread_keeps_the_cpu_until_it_yields(void **state)
{
    (void)state;
    struct thread *f1 = mk(0, RT, 0), *f2 = mk(1, RT, 0);
    sched_make_ready(f1);
    sched_make_ready(f2);
    sched_yield();
    assert_ptr_equal(current_thread(), f1);
    for (int i = 0; i < 50; i++) {
        tick();
        assert_ptr_equal(current_thread(), f1);
    }
    sched_yield(); /* the end of its queue */
    assert_ptr_equal(current_thread(), f2);
    sched_yield();
    assert_ptr_equal(current_thread(), f1);
    all_block();
}

static void set_priority_preempts_both_ways(void **state)
{
    (void)state;
    struct thread *a = mk(0, SCHED_DEFAULT_PRIORITY, SCHED_SLICE_TICKS);
    struct thread *b = mk(1, SCHED_DEFAULT_PRIORITY, SCHED_SLICE_TICKS);
    sched_make_ready(a);
    sched_make_ready(b);
    sched_yield();
    assert_ptr_equal(current_thread(), a);
    sched_set_priority(b, RT, 0); /* a ready thread raised above the running one */
    sched_return_to_user();
    assert_ptr_equal(current_thread(), b);
    sched_set_priority(b, SCHED_DEFAULT_PRIORITY - 1, SCHED_SLICE_TICKS); /* the running one lowered */
    sched_return_to_user();
    assert_ptr_equal(current_thread(), a);
    all_block();
}

int main(void)
{
    sched_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rt_band_is_throttled_while_a_default_thread_waits),
        cmocka_unit_test(preempted_rt_thread_goes_back_first),
        cmocka_unit_test(fifo_thread_keeps_the_cpu_until_it_yields),
        cmocka_unit_test(set_priority_preempts_both_ways),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
