/* The allocator behind malloc (calyx/malloc.h) as an object, so that its
 * logic runs the same in host unit tests with a page source of their own.
 * libc-port/native/heap.c implements it; malloc.c wraps one global heap.
 *
 * Small requests (<= MALLOC_SMALL_MAX) round up to a size class and come
 * from MALLOC_ARENA-byte arenas; each class has a free list. Larger ones get
 * a mapping of their own (a 16-byte header, then the data), kept on a list
 * of live large blocks so that free can check a pointer before unmapping.
 * Every block starts with a 16-byte header {magic, class, size}. */
#ifndef CALYX_HEAP_H
#define CALYX_HEAP_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/malloc.h>

#define HEAP_NCLASSES 14

struct heap_block;

struct heap {
    const struct malloc_page_source *src;
    void (*abort)(const char *reason);   /* must not return */
    struct heap_block *free_list[HEAP_NCLASSES];
    struct heap_block *large;            /* live large blocks, doubly linked */
    uint8_t *arena_next;                 /* carving point in the current arena */
    size_t arena_left;
    struct malloc_stats stats;
};

/* A heap over src; abort_hook as for malloc_set_abort_hook. */
void heap_init(struct heap *h, const struct malloc_page_source *src, void (*abort_hook)(const char *));
void *heap_alloc(struct heap *h, size_t size);
void *heap_calloc(struct heap *h, size_t n, size_t size);
void *heap_realloc(struct heap *h, void *ptr, size_t size);
void heap_free(struct heap *h, void *ptr);
size_t heap_usable_size(struct heap *h, void *ptr);

#endif
