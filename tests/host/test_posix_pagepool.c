/* sources: servers/posix/fs/pagepool.c kernel/lib/string.c */
/* Unit tests for the POSIX server's page pool (file data pages). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/string.h"
#include "servers/posix/fs/pagepool.h"

/* Pages are aligned, zeroed, distinct, counted; freeing in a scrambled
   order returns every one, and a freed page comes back zeroed. */
static void test_alloc_free(void **state)
{
    (void)state;
    enum { N = 1000 };
    static uint8_t *pages[N];
    for (int i = 0; i < N; i++) {
        pages[i] = pagepool_alloc();
        assert_non_null(pages[i]);
        assert_int_equal((uintptr_t)pages[i] % PAGEPOOL_PAGE, 0);
        for (size_t b = 0; b < PAGEPOOL_PAGE; b += 512)
            assert_int_equal(pages[i][b], 0);
        memset(pages[i], 0xab, PAGEPOOL_PAGE);
    }
    assert_int_equal(pagepool_in_use(), N);
    for (int i = 0; i < N; i++)
        for (int j = i + 1; j < i + 3 && j < N; j++)
            assert_true(pages[i] + PAGEPOOL_PAGE <= pages[j] || pages[j] + PAGEPOOL_PAGE <= pages[i]);
    for (int i = 0; i < N; i += 3)
        pagepool_free(pages[i]);
    pagepool_free(pages[0]); /* twice: ignored */
    pagepool_free(NULL);
    uint8_t *again = pagepool_alloc();
    assert_int_equal(again[100], 0);
    pagepool_free(again);
    for (int i = N - 1; i >= 0; i--) /* the rest, in the other order */
        if (i % 3)
            pagepool_free(pages[i]);
    assert_int_equal(pagepool_in_use(), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_alloc_free) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
