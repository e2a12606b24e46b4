/* sources: kernel/ipc_queue.c */
/* The IPC FIFO: order, counts, removal from anywhere, idempotent removal
   (a waiter that a waker already took out may remove itself again). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ipc_queue.h"

struct item {
    int value;
    struct ipc_link link;
};

static int pop_value(struct ipc_queue *q)
{
    struct ipc_link *l = ipc_queue_pop(q);
    return l ? IPC_ENTRY(l, struct item, link)->value : -1;
}

static void test_empty(void **state)
{
    (void)state;
    struct ipc_queue q = { 0 };
    assert_null(ipc_queue_pop(&q));
    assert_int_equal(q.count, 0);
}

static void test_fifo_order(void **state)
{
    (void)state;
    struct ipc_queue q = { 0 };
    struct item it[5] = { { .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 }, { .value = 4 } };
    for (int i = 0; i < 5; i++)
        ipc_queue_push(&q, &it[i].link);
    assert_int_equal(q.count, 5);
    for (int i = 0; i < 5; i++)
        assert_int_equal(pop_value(&q), i);
    assert_int_equal(q.count, 0);
    assert_null(q.head);
    assert_null(q.tail);
}

static void test_remove_middle_head_tail(void **state)
{
    (void)state;
    struct ipc_queue q = { 0 };
    struct item it[5] = { { .value = 0 }, { .value = 1 }, { .value = 2 }, { .value = 3 }, { .value = 4 } };
    for (int i = 0; i < 5; i++)
        ipc_queue_push(&q, &it[i].link);
    ipc_link_remove(&it[2].link); /* middle */
    ipc_link_remove(&it[0].link); /* head */
    ipc_link_remove(&it[4].link); /* tail */
    assert_int_equal(q.count, 2);
    assert_null(it[2].link.on);
    assert_int_equal(pop_value(&q), 1);
    assert_int_equal(pop_value(&q), 3);
    assert_int_equal(pop_value(&q), -1);
}

static void test_remove_twice_is_harmless(void **state)
{
    (void)state;
    struct ipc_queue q = { 0 };
    struct item a = { .value = 1 }, b = { .value = 2 };
    ipc_queue_push(&q, &a.link);
    ipc_queue_push(&q, &b.link);
    assert_ptr_equal(ipc_queue_pop(&q), &a.link); /* a waker took a out */
    ipc_link_remove(&a.link);                     /* a leaves on its own: no effect */
    assert_int_equal(q.count, 1);
    assert_ptr_equal(q.head, &b.link);
    ipc_link_remove(&b.link);
    ipc_link_remove(&b.link);
    assert_int_equal(q.count, 0);
    assert_null(q.head);
}

static void test_requeue_after_pop(void **state)
{
    (void)state;
    struct ipc_queue q = { 0 }, r = { 0 };
    struct item a = { .value = 7 }, b = { .value = 8 };
    ipc_queue_push(&q, &a.link);
    ipc_queue_push(&q, &b.link);
    ipc_queue_pop(&q);
    ipc_queue_push(&r, &a.link); /* a moves to another queue */
    assert_ptr_equal(a.link.on, &r);
    struct item c = { .value = 9 };
    ipc_queue_push(&q, &c.link);
    assert_int_equal(q.count, 2);
    assert_int_equal(pop_value(&q), 8);
    assert_int_equal(pop_value(&q), 9);
    assert_int_equal(pop_value(&r), 7);
}

static void test_interleaved_push_pop(void **state)
{
    (void)state;
    struct ipc_queue q = { 0 };
    struct item it[64];
    int next_in = 0, next_out = 0;
    for (int round = 0; round < 16; round++) {
        for (int k = 0; k < 3 && next_in < 64; k++, next_in++) {
            it[next_in].value = next_in;
            ipc_queue_push(&q, &it[next_in].link);
        }
        assert_int_equal(pop_value(&q), next_out++);
    }
    while (q.count)
        assert_int_equal(pop_value(&q), next_out++);
    assert_int_equal(next_out, next_in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_fifo_order),
        cmocka_unit_test(test_remove_middle_head_tail),
        cmocka_unit_test(test_remove_twice_is_harmless),
        cmocka_unit_test(test_requeue_after_pop),
        cmocka_unit_test(test_interleaved_push_pop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
