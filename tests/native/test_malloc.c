/* The native heap (calyx/malloc.h) over real cx_mmap memory: sizes from tiny
   to a mapping of its own, reuse, large blocks given back, and the NULL
   answers for absurd sizes. The heap's logic is unit-tested on the host
   (tests/host/test_heap.c); this checks the native page source under it. */
#include "tap.h"
#include "string.h"

int main(void)
{
    tap_plan(8);
    static const size_t sizes[] = {1, 16, 100, 2048, 2049, 70000, 3u << 20};
    unsigned char *p[7];
    int ok = 1;
    for (int i = 0; i < 7; i++) {
        p[i] = malloc(sizes[i]);
        ok = ok && p[i] && ((uintptr_t)p[i] % 16) == 0;
        if (p[i])
            memset(p[i], i + 1, sizes[i]);
    }
    CHECK("malloc returns 16-byte aligned memory for sizes 1 B to 3 MiB", ok);
    for (int i = 0; i < 7 && ok; i++)
        for (size_t j = 0; j < sizes[i]; j += 511)
            ok = ok && p[i] && p[i][j] == i + 1;
    CHECK("the blocks do not overlap", ok);

    struct malloc_stats before, after;
    malloc_get_stats(&before);
    free(p[6]);
    malloc_get_stats(&after);
    CHECK("freeing a large block returns its mapping", before.mapped_bytes - after.mapped_bytes >= (3u << 20));
    free(p[2]);
    CHECK("a freed small block is reused", malloc(100) == p[2]);

    unsigned char *z = calloc(1000, 70);
    ok = z != 0;
    for (size_t j = 0; ok && j < 70000; j++)
        ok = z[j] == 0;
    CHECK("calloc gives zeroed memory", ok);
    CHECK("calloc with an overflowing product gives NULL", calloc(SIZE_MAX / 2, 3) == 0);
    CHECK("malloc over MALLOC_MAX_SIZE gives NULL", malloc(MALLOC_MAX_SIZE + 1) == 0);
    unsigned char *r = realloc(p[1], 50000);
    ok = r != 0;
    for (size_t j = 0; ok && j < 16; j++)
        ok = r[j] == 2;
    CHECK("realloc keeps the contents when moving to a large block", ok);
    return tap_done();
}
