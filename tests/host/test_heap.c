/* sources: libc-port/native/heap.c */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
/* Unit tests for the native allocator (calyx/heap.h) over a host page source. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <cmocka.h>

#include <calyx/heap.h>

/* Page source: real mmap with a budget, counting what is held. */
static size_t budget, held, gets, puts;
static void *src_get(size_t len)
{
    assert_int_equal(len % 4096, 0);
    if (len > budget - held)
        return NULL;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    assert_true(p != MAP_FAILED);
    held += len;
    gets++;
    return p;
}
static void src_put(void *addr, size_t len)
{
    munmap(addr, len);
    held -= len;
    puts++;
}
static const struct malloc_page_source src = {src_get, src_put};

static jmp_buf abort_jmp;
static const char *abort_reason;
static void on_abort(const char *reason)
{
    abort_reason = reason;
    longjmp(abort_jmp, 1);
}

static struct heap h;
static int setup(void **state)
{
    (void)state;
    budget = (size_t)64 << 20;
    held = gets = puts = 0;
    abort_reason = NULL;
    heap_init(&h, &src, on_abort);
    return 0;
}

static void test_alloc_sizes_aligned_and_distinct(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 15, 16, 17, 100, 2047, 2048, 2049, 5000, 100000};
    void *p[sizeof sizes / sizeof sizes[0]];
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        p[i] = heap_alloc(&h, sizes[i]);
        assert_non_null(p[i]);
        assert_int_equal((uintptr_t)p[i] % MALLOC_ALIGN, 0);
        assert_true(heap_usable_size(&h, p[i]) >= sizes[i]);
        memset(p[i], (int)i + 1, sizes[i]);
    }
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        for (size_t j = 0; j < sizes[i]; j++)
            assert_int_equal(((unsigned char *)p[i])[j], (unsigned char)(i + 1));
        heap_free(&h, p[i]);
    }
    assert_int_equal(h.stats.live_blocks, 0);
    assert_int_equal(h.stats.live_bytes, 0);
}

static void test_free_reuses_and_large_returns_pages(void **state)
{
    (void)state;
    void *a = heap_alloc(&h, 40);
    heap_free(&h, a);
    void *b = heap_alloc(&h, 48); /* same class */
    assert_ptr_equal(a, b);
    heap_free(&h, b);
    size_t before = held;
    void *big = heap_alloc(&h, 1 << 20);
    assert_non_null(big);
    assert_true(held >= before + (1 << 20));
    heap_free(&h, big);
    assert_int_equal(held, before);
    assert_int_equal(h.stats.mapped_bytes, held);
}

static void test_calloc_zeroes_and_overflow(void **state)
{
    (void)state;
    unsigned char *p = heap_alloc(&h, 64);
    memset(p, 0xab, 64);
    heap_free(&h, p);
    unsigned char *q = heap_calloc(&h, 8, 8); /* reuses the dirty block */
    for (int i = 0; i < 64; i++)
        assert_int_equal(q[i], 0);
    heap_free(&h, q);
    assert_null(heap_calloc(&h, SIZE_MAX / 2, 3));
    assert_null(heap_calloc(&h, (size_t)1 << 32, (size_t)1 << 32));
    assert_null(heap_alloc(&h, MALLOC_MAX_SIZE + 1));
    assert_null(heap_alloc(&h, SIZE_MAX));
    assert_int_equal(h.stats.live_blocks, 0);
}

static void test_realloc_keeps_data(void **state)
{
    (void)state;
    assert_null(heap_realloc(&h, NULL, SIZE_MAX));
    char *p = heap_realloc(&h, NULL, 10);
    memcpy(p, "0123456789", 10);
    p = heap_realloc(&h, p, 12); /* same class: in place */
    assert_memory_equal(p, "0123456789", 10);
    for (size_t n = 100; n < 300000; n *= 3) {
        p = heap_realloc(&h, p, n);
        assert_non_null(p);
        assert_memory_equal(p, "0123456789", 10);
    }
    p = heap_realloc(&h, p, 5); /* back to small */
    assert_memory_equal(p, "01234", 5);
    assert_null(heap_realloc(&h, p, MALLOC_MAX_SIZE + 1)); /* fails, p stays valid */
    assert_memory_equal(p, "01234", 5);
    assert_null(heap_realloc(&h, p, 0)); /* frees */
    assert_int_equal(h.stats.live_blocks, 0);
}

static void test_out_of_pages_gives_null(void **state)
{
    (void)state;
    budget = held + MALLOC_ARENA; /* room for one arena, not for a larger block */
    assert_null(heap_alloc(&h, 100000));
    size_t n = 0;
    void *p;
    while ((p = heap_alloc(&h, 1024)) != NULL)
        n++;
    assert_true(n > 50 && n < 64);
    assert_int_equal(h.stats.live_blocks, n);
}

static void test_double_free_detected(void **state)
{
    (void)state;
    void *p = heap_alloc(&h, 32);
    heap_free(&h, p);
    if (setjmp(abort_jmp) == 0) {
        heap_free(&h, p);
        fail_msg("double free not detected");
    }
    assert_string_equal(abort_reason, "double free");
}

static void test_bad_pointers_detected(void **state)
{
    (void)state;
    char *p = heap_alloc(&h, 64);
    if (setjmp(abort_jmp) == 0) {
        heap_free(&h, p + 1);
        fail_msg("misaligned free not detected");
    }
    if (setjmp(abort_jmp) == 0) {
        heap_free(&h, p + 16); /* inside a block: no header there */
        fail_msg("interior free not detected");
    }
    char *big = heap_alloc(&h, 50000);
    heap_free(&h, big);
    /* A freed large block is unmapped: a forged header elsewhere must not pass. */
    static uint64_t fake[8] __attribute__((aligned(16))) = {0x0000ffffa110c8edull, 50000};
    if (setjmp(abort_jmp) == 0) {
        heap_free(&h, &fake[2]);
        fail_msg("forged large block not detected");
    }
    assert_non_null(abort_reason);
    heap_free(&h, p);
}

static void test_random_stress(void **state)
{
    (void)state;
    enum { N = 500 };
    unsigned char *p[N] = {0};
    size_t sz[N] = {0};
    uint32_t x = 12345;
    for (int round = 0; round < 20000; round++) {
        x = x * 1103515245 + 12345;
        int i = (int)((x >> 8) % N);
        if (p[i]) {
            for (size_t j = 0; j < sz[i]; j++)
                assert_int_equal(p[i][j], (unsigned char)i);
            heap_free(&h, p[i]);
            p[i] = NULL;
        } else {
            sz[i] = (x >> 4) % ((x & 1) ? 64 : 9000);
            p[i] = heap_alloc(&h, sz[i]);
            assert_non_null(p[i]);
            memset(p[i], i, sz[i]);
        }
    }
    for (int i = 0; i < N; i++)
        heap_free(&h, p[i]);
    assert_int_equal(h.stats.live_blocks, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_alloc_sizes_aligned_and_distinct, setup),
        cmocka_unit_test_setup(test_free_reuses_and_large_returns_pages, setup),
        cmocka_unit_test_setup(test_calloc_zeroes_and_overflow, setup),
        cmocka_unit_test_setup(test_realloc_keeps_data, setup),
        cmocka_unit_test_setup(test_out_of_pages_gives_null, setup),
        cmocka_unit_test_setup(test_double_free_detected, setup),
        cmocka_unit_test_setup(test_bad_pointers_detected, setup),
        cmocka_unit_test_setup(test_random_stress, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
