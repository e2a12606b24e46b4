/* sources: servers/posix/proc/idhash.c servers/posix/proc/timerq.c */
/* Unit tests for the POSIX server's lookup tables (idhash) and deadline
   queues (timerq), which proc.c and time.c keep processes and threads in. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "servers/posix/proc/idhash.h"
#include "servers/posix/proc/timerq.h"

struct rec {
    int id;
    struct idlink link;
    struct timer tm;
};

static int count_key(const struct idhash *h, uint64_t key)
{
    int n = 0;
    for (struct idlink *l = idhash_first(h, key); l; l = idhash_next(l))
        n++;
    return n;
}

/* Every record is found by its key, none by another; removal in any order
   (twice, or of a record in no table) leaves the others findable. Keys
   that share a bucket, and records that share a key, are told apart. */
static void test_idhash(void **state)
{
    (void)state;
    enum { N = 600 };
    static struct rec r[N];
    static struct idhash h;
    memset(r, 0, sizeof r);
    memset(&h, 0, sizeof h);
    for (int i = 0; i < N; i++) {
        r[i].id = i;
        idhash_add(&h, &r[i].link, (uint64_t)(i % 300) * 4096 + 1); /* each key twice */
    }
    for (int k = 0; k < 300; k++) {
        uint64_t key = (uint64_t)k * 4096 + 1;
        assert_int_equal(count_key(&h, key), 2);
        for (struct idlink *l = idhash_first(&h, key); l; l = idhash_next(l))
            assert_int_equal(IDHASH_ENTRY(l, struct rec, link)->id % 300, k);
    }
    assert_null(idhash_first(&h, 2));
    for (int i = 0; i < N; i += 3)
        idhash_del(&r[i].link);
    idhash_del(&r[0].link); /* again: nothing */
    for (int i = 0; i < N; i++) {
        uint64_t key = (uint64_t)(i % 300) * 4096 + 1;
        int found = 0;
        for (struct idlink *l = idhash_first(&h, key); l; l = idhash_next(l))
            found |= l == &r[i].link;
        assert_int_equal(found, i % 3 != 0);
    }
    for (int i = N - 1; i >= 0; i--)
        idhash_del(&r[i].link);
    for (unsigned b = 0; b < IDHASH_BUCKETS; b++)
        assert_null(h.bucket[b]);
}

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005ull + 1442695040888963407ull;
    return *s >> 33;
}

/* The queue stays sorted through arming, re-arming and disarming in a
   scrambled order; equal deadlines keep the order they were set in;
   take_due moves exactly the due ones, in order, and a timer set again
   from the due list goes back to its queue. */
static void test_timerq(void **state)
{
    (void)state;
    enum { N = 300 };
    static struct rec r[N];
    struct timerq q, due;
    timerq_init(&q);
    timerq_init(&due);
    memset(r, 0, sizeof r);
    assert_int_equal(timerq_next(&q), 0);
    assert_null(timerq_first(&q));
    uint64_t seed = 42;
    for (int round = 0; round < 5; round++)
        for (int i = 0; i < N; i++) {
            r[i].id = i;
            uint64_t when = lcg(&seed) % 50; /* many equal; 0 disarms */
            timerq_set(&q, &r[i].tm, when);
        }
    int armed = 0;
    uint64_t last = 0;
    for (struct timer *t = timerq_first(&q); t && t != &q.head; t = t->next) {
        assert_true(t->when >= last);
        last = t->when;
        armed++;
    }
    int expect = 0;
    for (int i = 0; i < N; i++)
        expect += r[i].tm.when != 0;
    assert_int_equal(armed, expect);

    /* Equal deadlines: FIFO. */
    struct timerq fifo = TIMERQ_INIT(fifo);
    static struct rec e[4];
    memset(e, 0, sizeof e);
    for (int i = 0; i < 4; i++) {
        e[i].id = i;
        timerq_set(&fifo, &e[i].tm, i == 3 ? 5 : 7);
    }
    const int order[4] = { 3, 0, 1, 2 };
    int k = 0;
    for (struct timer *t = timerq_first(&fifo); t && t != &fifo.head; t = t->next)
        assert_int_equal(TIMERQ_ENTRY(t, struct rec, tm)->id, order[k++]);
    assert_int_equal(k, 4);
    assert_int_equal(timerq_next(&fifo), 5);

    /* Due at 20: exactly those with 1 <= when <= 20, in order. */
    timerq_take_due(&q, 20, &due);
    assert_true(timerq_next(&q) == 0 || timerq_next(&q) > 20);
    last = 0;
    int ndue = 0;
    for (struct timer *t = timerq_first(&due); t && t != &due.head; t = t->next) {
        assert_true(t->when >= last && t->when <= 20);
        last = t->when;
        ndue++;
    }
    int want = 0;
    for (int i = 0; i < N; i++)
        want += r[i].tm.when && r[i].tm.when <= 20;
    assert_int_equal(ndue, want);
    /* Emptying the due list as time.c does: one goes back armed later. */
    struct timer *t;
    int first = 1;
    while ((t = timerq_first(&due))) {
        timerq_set(&q, t, first ? 1000 : 0);
        first = 0;
    }
    assert_int_equal(q.head.prev->when, 1000);
    for (int i = 0; i < N; i++)
        timerq_set(&q, &r[i].tm, 0);
    assert_null(timerq_first(&q));
    assert_int_equal(timerq_next(&q), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idhash),
        cmocka_unit_test(test_timerq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
