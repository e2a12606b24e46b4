/* Pages for file data (see pagepool.h).
 *
 * Each chunk is one heap allocation of PAGEPOOL_CHUNK_PAGES pages (plus a
 * page of slack to align them) with a bitmap of the pages in use. Chunks
 * with a free page are on a doubly linked list, so an allocation takes the
 * first of them at once; a page's chunk is found by searching the sorted
 * array of chunk addresses (binary search), so freeing costs O(log chunks). */
#include "pagepool.h"
#include "string.h"
#include <calyx/malloc.h>

#define CHUNK_BYTES ((uint64_t)PAGEPOOL_CHUNK_PAGES * PAGEPOOL_PAGE)
_Static_assert(PAGEPOOL_CHUNK_PAGES == 64, "one 64-bit word of bitmap per chunk");

struct chunk {
    void *raw;           /* what the heap gave */
    uint8_t *base;       /* the first page, aligned */
    uint64_t used;       /* bit i: page i is handed out */
    struct chunk *prev, *next; /* on the list of chunks with a free page */
    int on_list;
};

static struct chunk **chunks; /* sorted by base */
static size_t nchunks, chunks_cap;
static struct chunk *with_free;
static size_t pages_out;

static void list_add(struct chunk *c)
{
    c->prev = NULL;
    c->next = with_free;
    if (with_free)
        with_free->prev = c;
    with_free = c;
    c->on_list = 1;
}

static void list_remove(struct chunk *c)
{
    if (c->prev)
        c->prev->next = c->next;
    else
        with_free = c->next;
    if (c->next)
        c->next->prev = c->prev;
    c->on_list = 0;
}

/* Index of the first chunk whose base is above addr. */
static size_t upper_bound(const uint8_t *addr)
{
    size_t lo = 0, hi = nchunks;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (chunks[mid]->base <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static struct chunk *chunk_new(void)
{
    if (nchunks == chunks_cap) {
        size_t cap = chunks_cap ? chunks_cap * 2 : 16;
        struct chunk **n = realloc(chunks, cap * sizeof *n);
        if (!n)
            return NULL;
        chunks = n;
        chunks_cap = cap;
    }
    struct chunk *c = calloc(1, sizeof *c);
    void *raw = c ? malloc(CHUNK_BYTES + PAGEPOOL_PAGE) : NULL;
    if (!raw) {
        free(c);
        return NULL;
    }
    c->raw = raw;
    c->base = (uint8_t *)(((uintptr_t)raw + PAGEPOOL_PAGE - 1) & ~(uintptr_t)(PAGEPOOL_PAGE - 1));
    size_t at = upper_bound(c->base);
    memmove(chunks + at + 1, chunks + at, (nchunks - at) * sizeof *chunks);
    chunks[at] = c;
    nchunks++;
    list_add(c);
    return c;
}

static void chunk_delete(struct chunk *c)
{
    size_t at = upper_bound(c->base) - 1;
    memmove(chunks + at, chunks + at + 1, (nchunks - at - 1) * sizeof *chunks);
    nchunks--;
    if (c->on_list)
        list_remove(c);
    free(c->raw);
    free(c);
}

void *pagepool_alloc(void)
{
    struct chunk *c = with_free ? with_free : chunk_new();
    if (!c)
        return NULL;
    int i = __builtin_ctzll(~c->used);
    c->used |= 1ull << i;
    if (c->used == ~0ull)
        list_remove(c);
    pages_out++;
    uint8_t *page = c->base + (size_t)i * PAGEPOOL_PAGE;
    memset(page, 0, PAGEPOOL_PAGE);
    return page;
}

void pagepool_free(void *page)
{
    if (!page)
        return;
    size_t at = upper_bound(page);
    struct chunk *c = at ? chunks[at - 1] : NULL;
    uint64_t off = c ? (uint64_t)((uint8_t *)page - c->base) : CHUNK_BYTES;
    if (off >= CHUNK_BYTES || off % PAGEPOOL_PAGE || !(c->used & (1ull << (off / PAGEPOOL_PAGE))))
        return; /* not ours, or already free: ignored rather than corrupting the pool */
    c->used &= ~(1ull << (off / PAGEPOOL_PAGE));
    pages_out--;
    if (!c->used) {
        chunk_delete(c); /* memory goes back as soon as a chunk empties */
        return;
    }
    if (!c->on_list)
        list_add(c);
}

size_t pagepool_in_use(void)
{
    return pages_out;
}
