/* Size-class allocator over a page source: see calyx/heap.h. */
#include <calyx/heap.h>
#include <string.h>

#define PAGE 4096u
#define HDR  16u
#define MAGIC_LIVE  0xa110c8edu
#define MAGIC_FREE  0xf7eeb10cu
#define CLASS_LARGE 0xffffu

/* Payload sizes of the classes, all multiples of 16 so payloads stay aligned. */
static const uint16_t class_size[HEAP_NCLASSES] = {
    16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048,
};
_Static_assert(MALLOC_SMALL_MAX == 2048, "the last class is MALLOC_SMALL_MAX");

/* The header sits right before the payload. A free small block reuses its
   payload for the free-list link; a large block has its list links in a
   second 16 bytes before the header (so large mappings hold 32 bytes of
   bookkeeping). */
struct heap_block {
    uint32_t magic;
    uint32_t cls;       /* index in class_size, or CLASS_LARGE */
    uint64_t size;      /* bytes asked for */
};
_Static_assert(sizeof(struct heap_block) == HDR, "header size");

struct large_links {
    struct heap_block *prev, *next;
};
#define LARGE_OVERHEAD (HDR + sizeof(struct large_links))

static inline struct heap_block *hdr_of(void *p) { return (struct heap_block *)((uint8_t *)p - HDR); }
static inline void *payload_of(struct heap_block *b) { return (uint8_t *)b + HDR; }
static inline struct large_links *links_of(struct heap_block *b)
{
    return (struct large_links *)((uint8_t *)b - sizeof(struct large_links));
}
static inline struct heap_block **next_free(struct heap_block *b)
{
    return (struct heap_block **)payload_of(b);
}

static size_t large_map_len(size_t size)
{
    return (size + LARGE_OVERHEAD + PAGE - 1) & ~(size_t)(PAGE - 1);
}

void heap_init(struct heap *h, const struct malloc_page_source *src, void (*abort_hook)(const char *))
{
    memset(h, 0, sizeof *h);
    h->src = src;
    h->abort = abort_hook;
}

static int class_of(size_t size)
{
    for (int i = 0; i < HEAP_NCLASSES; i++)
        if (size <= class_size[i])
            return i;
    return -1;
}

static void *alloc_small(struct heap *h, int cls, size_t size)
{
    struct heap_block *b = h->free_list[cls];
    if (b) {
        h->free_list[cls] = *next_free(b);
    } else {
        size_t need = HDR + class_size[cls];
        if (h->arena_left < need) {
            /* The rest of the old arena is abandoned: at most one block's worth. */
            uint8_t *a = h->src->get(MALLOC_ARENA);
            if (!a)
                return NULL;
            h->stats.mapped_bytes += MALLOC_ARENA;
            h->arena_next = a;
            h->arena_left = MALLOC_ARENA;
        }
        b = (struct heap_block *)h->arena_next;
        h->arena_next += need;
        h->arena_left -= need;
    }
    b->magic = MAGIC_LIVE;
    b->cls = (uint32_t)cls;
    b->size = size;
    return payload_of(b);
}

static void *alloc_large(struct heap *h, size_t size)
{
    size_t len = large_map_len(size);
    uint8_t *m = h->src->get(len);
    if (!m)
        return NULL;
    h->stats.mapped_bytes += len;
    struct heap_block *b = (struct heap_block *)(m + sizeof(struct large_links));
    b->magic = MAGIC_LIVE;
    b->cls = CLASS_LARGE;
    b->size = size;
    links_of(b)->prev = NULL;
    links_of(b)->next = h->large;
    if (h->large)
        links_of(h->large)->prev = b;
    h->large = b;
    return payload_of(b);
}

void *heap_alloc(struct heap *h, size_t size)
{
    if (size > MALLOC_MAX_SIZE)
        return NULL;
    if (size == 0)
        size = 1; /* a unique pointer, as glibc and musl give */
    int cls = class_of(size);
    void *p = cls >= 0 ? alloc_small(h, cls, size) : alloc_large(h, size);
    if (p) {
        h->stats.live_blocks++;
        h->stats.live_bytes += size;
    }
    return p;
}

void *heap_calloc(struct heap *h, size_t n, size_t size)
{
    if (size && n > MALLOC_MAX_SIZE / size)
        return NULL;
    void *p = heap_alloc(h, n * size);
    if (p)
        memset(p, 0, n * size); /* arena memory is recycled, so never assume zero */
    return p;
}

static int large_is_live(struct heap *h, struct heap_block *b)
{
    for (struct heap_block *l = h->large; l; l = links_of(l)->next)
        if (l == b)
            return 1;
    return 0;
}

/* The header of a pointer passed to free/realloc, after checking it is a
   live block; aborts otherwise. */
static struct heap_block *checked_block(struct heap *h, void *ptr)
{
    if ((uintptr_t)ptr % MALLOC_ALIGN)
        h->abort("free of a misaligned pointer (never returned by malloc)");
    struct heap_block *b = hdr_of(ptr);
    if (b->magic == MAGIC_FREE)
        h->abort("double free");
    if (b->magic != MAGIC_LIVE)
        h->abort("free of an invalid pointer or a corrupted block header");
    if (b->cls == CLASS_LARGE) {
        if (!large_is_live(h, b))
            h->abort("free of an invalid pointer (not a live large block)");
    } else if (b->cls >= HEAP_NCLASSES || b->size > class_size[b->cls] || b->size == 0) {
        h->abort("corrupted block header");
    }
    return b;
}

void heap_free(struct heap *h, void *ptr)
{
    if (!ptr)
        return;
    struct heap_block *b = checked_block(h, ptr);
    h->stats.live_blocks--;
    h->stats.live_bytes -= b->size;
    if (b->cls == CLASS_LARGE) {
        struct large_links *l = links_of(b);
        if (l->prev)
            links_of(l->prev)->next = l->next;
        else
            h->large = l->next;
        if (l->next)
            links_of(l->next)->prev = l->prev;
        size_t len = large_map_len(b->size);
        b->magic = MAGIC_FREE;
        h->stats.mapped_bytes -= len;
        h->src->put(l, len);
        return;
    }
    b->magic = MAGIC_FREE;
#ifdef MALLOC_POISON
    memset(ptr, 0xdd, class_size[b->cls]);
#endif
    *next_free(b) = h->free_list[b->cls];
    h->free_list[b->cls] = b;
}

size_t heap_usable_size(struct heap *h, void *ptr)
{
    if (!ptr)
        return 0;
    struct heap_block *b = checked_block(h, ptr);
    if (b->cls == CLASS_LARGE)
        return large_map_len(b->size) - LARGE_OVERHEAD;
    return class_size[b->cls];
}

void *heap_realloc(struct heap *h, void *ptr, size_t size)
{
    if (!ptr)
        return heap_alloc(h, size);
    if (size == 0) {
        heap_free(h, ptr);
        return NULL;
    }
    if (size > MALLOC_MAX_SIZE) {
        checked_block(h, ptr);
        return NULL;
    }
    struct heap_block *b = checked_block(h, ptr);
    /* Stays in place when the block is big enough and not wastefully so
       (a small block does not keep a large mapping, nor the reverse). */
    size_t usable = heap_usable_size(h, ptr);
    int fits = size <= usable &&
               (b->cls == CLASS_LARGE ? size > MALLOC_SMALL_MAX : class_of(size) == (int)b->cls);
    if (fits) {
        h->stats.live_bytes += size;
        h->stats.live_bytes -= b->size;
        b->size = size;
        return ptr;
    }
    void *n = heap_alloc(h, size);
    if (!n)
        return NULL; /* the old block stays valid, as ISO C says */
    memcpy(n, ptr, b->size < size ? b->size : size);
    heap_free(h, ptr);
    return n;
}
