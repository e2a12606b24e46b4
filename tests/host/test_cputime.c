/* sources: kernel/cputime.c */
/* CPU-time accounting (kernel/cputime.c) against a fake clock: user and
   kernel stretches between entries, returns and switches land on the right
   thread and the right side; a running thread's open stretch counts as
   kernel time when read; a process's times are its live threads' plus
   those of threads that ended, and an ended thread's time is not counted
   twice nor lost. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "cputime.h"
#include "thread.h"
#include "process.h"

static struct process proc;
static struct thread a, b;

static int setup(void **state)
{
    (void)state;
    memset(&proc, 0, sizeof proc);
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    a.proc = b.proc = &proc;
    a.proc_next = &b;
    proc.threads = &a;
    a.state = THREAD_RUNNING;
    b.state = THREAD_READY;
    return 0;
}

static void user_and_kernel_stretches(void **state)
{
    (void)state;
    uint64_t u, s;
    a.cpu.since = 100;                    /* switched in at 100, in the kernel */
    cputime_leave_kernel(&a.cpu, 130);    /* 30 kernel */
    cputime_enter_kernel(&a.cpu, 1130);   /* 1000 user */
    cputime_leave_kernel(&a.cpu, 1150);   /* 20 kernel */
    cputime_enter_kernel(&a.cpu, 1650);   /* 500 user */
    cputime_thread(&a, 1660, &u, &s);     /* running: the open 10 is kernel time */
    assert_int_equal(u, 1500);
    assert_int_equal(s, 60);
    /* Read again later: nothing charged twice. */
    cputime_thread(&a, 1670, &u, &s);
    assert_int_equal(u, 1500);
    assert_int_equal(s, 70);
}

static void switch_charges_outgoing_only(void **state)
{
    (void)state;
    uint64_t u, s;
    a.cpu.since = 0;
    b.cpu.since = 5;                      /* a stale stamp from its last run */
    cputime_enter_kernel(&a.cpu, 200);    /* a: 200 user */
    cputime_switch(&a.cpu, &b.cpu, 250);  /* a: 50 kernel; b from 250 */
    a.state = THREAD_READY;
    b.state = THREAD_RUNNING;
    cputime_leave_kernel(&b.cpu, 260);    /* b: 10 kernel */
    cputime_enter_kernel(&b.cpu, 760);    /* b: 500 user */
    cputime_thread(&a, 1000, &u, &s);     /* a is not running: nothing open */
    assert_int_equal(u, 200);
    assert_int_equal(s, 50);
    cputime_thread(&b, 770, &u, &s);
    assert_int_equal(u, 500);
    assert_int_equal(s, 20);
    cputime_process(&proc, 770, &u, &s);
    assert_int_equal(u, 700);
    assert_int_equal(s, 70);
}

static void ended_threads_stay_in_the_process(void **state)
{
    (void)state;
    uint64_t u, s;
    a.cpu = (struct cputime){ 300, 40, 1000 };
    b.cpu = (struct cputime){ 70, 8, 900 };
    /* a, running, exits at 1010: unlinked, then folded. */
    proc.threads = &b;
    cputime_thread_exit(&a, 1010);
    assert_int_equal(proc.dead_time.user, 300);
    assert_int_equal(proc.dead_time.sys, 50);
    /* What it runs on its way out (until the switch) is not counted again. */
    cputime_switch(&a.cpu, &b.cpu, 1020);
    a.state = THREAD_DEAD;
    b.state = THREAD_RUNNING;
    cputime_process(&proc, 1025, &u, &s);
    assert_int_equal(u, 370);
    assert_int_equal(s, 50 + 8 + 5);
    /* The last thread ends too: the process keeps the whole sum. */
    proc.threads = NULL;
    cputime_thread_exit(&b, 1030);
    cputime_process(&proc, 5000, &u, &s);
    assert_int_equal(u, 370);
    assert_int_equal(s, 50 + 8 + 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(user_and_kernel_stretches, setup),
        cmocka_unit_test_setup(switch_charges_outgoing_only, setup),
        cmocka_unit_test_setup(ended_threads_stay_in_the_process, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
