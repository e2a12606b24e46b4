/* The native heap: malloc, free, calloc, realloc over cx_mmap/cx_munmap.
 *
 * Design (calyx/heap.h, libc-port/native/heap.c): size classes of 16..2048 bytes are
 * carved from 64 KiB arenas obtained from the page source; each class keeps a
 * free list. A request larger than MALLOC_SMALL_MAX gets its own mapping
 * (header page + data), returned to the system by free.
 *
 * Limits and errors (errno does not exist natively: failure is NULL):
 *   - a size above MALLOC_MAX_SIZE (1 GiB), or a calloc whose n*size
 *     overflows or exceeds it, returns NULL;
 *   - the page source failing (out of memory, address space) returns NULL;
 *   - free(NULL) and realloc(NULL, n) behave as ISO C; realloc(p, 0) frees p
 *     and returns NULL.
 * Robustness: every block carries a header with a magic word and an
 * allocated/free state. free or realloc of a pointer whose header is not a
 * live block (double free, a pointer never returned by malloc, a header
 * overwritten by a buffer underrun) calls the abort hook, which by default
 * prints a line on the console and exits the process with code 134; it is
 * never silently ignored. A freed small block has its payload poisoned (0xdd)
 * in debug builds only (MALLOC_POISON).
 * Not thread-safe: a program with several threads serialises its calls
 * (the POSIX server is single-threaded). Memory of small blocks is reused,
 * never returned to the system.
 * Alignment: every pointer is 16-byte aligned (max_align_t). */
#ifndef CALYX_MALLOC_H
#define CALYX_MALLOC_H

#include <stddef.h>

#define MALLOC_ALIGN     16
#define MALLOC_SMALL_MAX 2048                    /* largest size served from size classes */
#define MALLOC_ARENA     (64 * 1024)             /* bytes asked of the page source per small arena */
#define MALLOC_MAX_SIZE  ((size_t)1 << 30)       /* largest single allocation */

void *malloc(size_t size);
void free(void *ptr);
void *calloc(size_t n, size_t size);
void *realloc(void *ptr, size_t size);

/* The usable size of a live block (>= the size asked for). */
size_t malloc_usable_size(void *ptr);

/* Where pages come from. The native default maps anonymous read-write memory
   with cx_mmap and returns it with cx_munmap; host unit tests plug in their
   own (mmap, or a fixed pool that can run dry). get returns NULL on failure;
   len is always a multiple of 4096. */
struct malloc_page_source {
    void *(*get)(size_t len);
    void (*put)(void *addr, size_t len);
};
/* Replaces the page source; only before the first allocation (returns -1 after). */
int malloc_set_page_source(const struct malloc_page_source *src);

/* Called on heap corruption or a bad free, with a short reason; must not
   return (the default prints "malloc: <reason>" and exits with 134). */
void malloc_set_abort_hook(void (*hook)(const char *reason));

/* Counters for tests and leak checks. */
struct malloc_stats {
    size_t live_blocks;   /* blocks allocated and not freed */
    size_t live_bytes;    /* their requested sizes added up */
    size_t mapped_bytes;  /* bytes currently held from the page source */
};
void malloc_get_stats(struct malloc_stats *out);

#endif
