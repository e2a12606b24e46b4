/* sources: servers/posix/fd/waitq.c */
/* Unit tests for the POSIX server's wait queues (waitq.c): a wake reaches
   exactly the queue's sleepers, each once, in order; a sleeper on many
   queues leaves all of them when one wakes; cancel and release undo it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "servers/posix/fd/waitq.h"

static void drain(void)
{
    while (waitq_take_ready())
        ;
}

static void test_wake_reaches_only_its_sleepers(void **state)
{
    (void)state;
    struct waitq a = { 0 }, b = { 0 };
    struct sleeper s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
    assert_int_equal(sleeper_wait_on(&s1, &a), 0);
    assert_int_equal(sleeper_wait_on(&s2, &b), 0);
    assert_int_equal(sleeper_wait_on(&s3, &a), 0);
    waitq_wake(&a);
    assert_true(waitq_empty(&a));
    assert_false(waitq_empty(&b));
    assert_ptr_equal(waitq_take_ready(), &s1); /* in the order they waited */
    assert_ptr_equal(waitq_take_ready(), &s3);
    assert_null(waitq_take_ready());
    assert_true(sleeper_waiting(&s2));
    waitq_wake(&a); /* nobody left on a */
    assert_null(waitq_take_ready());
    sleeper_release(&s2);
    assert_true(waitq_empty(&b));
}

static void test_many_queues_one_wake(void **state)
{
    (void)state;
    enum { N = 100 }; /* past the inline waiters, over several blocks */
    static struct waitq q[N];
    struct sleeper s = { 0 };
    for (int i = 0; i < N; i++)
        assert_int_equal(sleeper_wait_on(&s, &q[i]), 0);
    assert_int_equal(s.n, N);
    waitq_wake(&q[57]);
    waitq_wake(&q[3]); /* already woken: not twice */
    for (int i = 0; i < N; i++)
        assert_true(waitq_empty(&q[i]));
    assert_ptr_equal(waitq_take_ready(), &s);
    assert_null(waitq_take_ready());
    /* The blocks are kept and reused by the next wait. */
    for (int i = N; i-- > 0;)
        assert_int_equal(sleeper_wait_on(&s, &q[i]), 0);
    waitq_wake(&q[0]);
    assert_ptr_equal(waitq_take_ready(), &s);
    sleeper_release(&s);
    assert_null(s.blocks);
}

static void test_cancel_leaves_queues_and_ready_list(void **state)
{
    (void)state;
    struct waitq a = { 0 };
    struct sleeper s1 = { 0 }, s2 = { 0 }, s3 = { 0 };
    sleeper_wait_on(&s1, &a);
    sleeper_wait_on(&s2, &a);
    sleeper_wait_on(&s3, &a);
    sleeper_cancel(&s2); /* a signal ended its wait */
    waitq_wake(&a);
    sleeper_cancel(&s1); /* woken, then its thread went away */
    assert_ptr_equal(waitq_take_ready(), &s3);
    assert_null(waitq_take_ready());
    /* The same queue twice (poll of one fd twice): one wake, once. */
    sleeper_wait_on(&s1, &a);
    sleeper_wait_on(&s1, &a);
    waitq_wake(&a);
    assert_ptr_equal(waitq_take_ready(), &s1);
    assert_null(waitq_take_ready());
    drain();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wake_reaches_only_its_sleepers),
        cmocka_unit_test(test_many_queues_one_wake),
        cmocka_unit_test(test_cancel_leaves_queues_and_ready_list),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
