/* Kernel heap. Small requests come from per-size-class free lists carved out
   of whole frames; larger ones take contiguous frames. The class of every
   frame is kept in its struct page, so kfree needs no header. */
#include "kmalloc.h"
#include "pmm.h"
#include "panic.h"
#include "lib/string.h"
#include "mmu.h"

#define MIN_SHIFT 5  /* 32 bytes */
#define MAX_SHIFT 11 /* 2048 bytes */
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)
#define TAG_SMALL 0x10000u
#define TAG_LARGE 0x20000u

struct free_chunk {
    struct free_chunk *next;
};

static struct free_chunk *free_lists[NCLASSES];
static size_t live;

static unsigned size_class(size_t size)
{
    unsigned c = 0;
    while ((1ul << (c + MIN_SHIFT)) < size)
        c++;
    return c;
}

static int refill(unsigned c)
{
    uint64_t pa = pmm_alloc();
    if (!pa)
        return -1;
    pmm_page(pa)->tag = TAG_SMALL | c;
    size_t chunk = 1ul << (c + MIN_SHIFT);
    char *base = phys_to_virt(pa);
    for (size_t off = 0; off < PAGE_SIZE; off += chunk) {
        struct free_chunk *fc = (struct free_chunk *)(base + off);
        fc->next = free_lists[c];
        free_lists[c] = fc;
    }
    return 0;
}

void *kmalloc(size_t size)
{
    if (size == 0 || size > KMALLOC_MAX)
        return NULL;
    if (size > (1ul << MAX_SHIFT)) {
        size_t n = (size + PAGE_SIZE - 1) / PAGE_SIZE;
        uint64_t pa = pmm_alloc_contig(n);
        if (!pa)
            return NULL;
        pmm_page(pa)->tag = TAG_LARGE | (uint32_t)n;
        live++;
        return phys_to_virt(pa);
    }
    unsigned c = size_class(size);
    if (!free_lists[c] && refill(c) < 0)
        return NULL;
    struct free_chunk *fc = free_lists[c];
    free_lists[c] = fc->next;
    memset(fc, 0, 1ul << (c + MIN_SHIFT));
    live++;
    return fc;
}

void kfree(void *p)
{
    if (!p)
        return;
    uint64_t pa = virt_to_phys(p);
    struct page *pg = pmm_page(pa & ~(PAGE_SIZE - 1));
    if (!pg)
        panic("kfree: %p is not heap memory", p);
    live--;
    if (pg->tag & TAG_LARGE) {
        pmm_free_contig(pa, pg->tag & 0xFFFF);
        return;
    }
    if (!(pg->tag & TAG_SMALL))
        panic("kfree: %p is not heap memory", p);
    unsigned c = pg->tag & 0xFF;
    struct free_chunk *fc = p;
    fc->next = free_lists[c];
    free_lists[c] = fc;
}

size_t kmalloc_live(void) { return live; }
