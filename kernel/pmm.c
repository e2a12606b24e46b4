/* Physical page allocator. One bit per frame (1 = in use) and a struct page per
   frame. Single-frame allocations search from a moving hint, so the common case
   is quick; contiguous runs are rare (kernel stacks) and scan linearly. */
#include "pmm.h"
#include "lib/string.h"
#include "panic.h"
#include "mmu.h"

static uint64_t *bitmap;
static struct page *pages;
static uint64_t nframes;   /* frames covered: [0, nframes) */
static size_t total, nfree;
static uint64_t hint;
static long fail_after = -1;

static int frame_used(uint64_t f) { return (bitmap[f / 64] >> (f % 64)) & 1; }
static void set_used(uint64_t f) { bitmap[f / 64] |= 1ull << (f % 64); }
static void set_free(uint64_t f) { bitmap[f / 64] &= ~(1ull << (f % 64)); }

static uint64_t align_up(uint64_t v, uint64_t a) { return (v + a - 1) & ~(a - 1); }

int pmm_init(const struct boot_range *ram, unsigned nram,
             const struct boot_range *reserved, unsigned nreserved)
{
    uint64_t top = 0;
    for (unsigned i = 0; i < nram; i++)
        if (ram[i].base + ram[i].length > top)
            top = ram[i].base + ram[i].length;
    nframes = top / PAGE_SIZE;
    uint64_t bitmap_bytes = align_up((nframes + 63) / 64 * 8, 8);
    uint64_t table_bytes = align_up(bitmap_bytes + nframes * sizeof(struct page), PAGE_SIZE);

    /* Put the tables in the first RAM range that holds them and no reserved range. */
    uint64_t at = 0;
    for (unsigned i = 0; i < nram && !at; i++) {
        uint64_t start = align_up(ram[i].base, PAGE_SIZE), end = ram[i].base + ram[i].length;
        if (start == 0)
            start = PAGE_SIZE;
        for (unsigned r = 0; r < nreserved && start + table_bytes <= end; r++) {
            uint64_t rs = reserved[r].base, re = reserved[r].base + reserved[r].length;
            if (start < re && rs < start + table_bytes) {
                start = align_up(re, PAGE_SIZE);
                r = (unsigned)-1; /* recheck every range from the new start */
            }
        }
        if (start + table_bytes <= end)
            at = start;
    }
    if (!at)
        return -1;

    bitmap = phys_to_virt(at);
    pages = (struct page *)((char *)bitmap + bitmap_bytes);
    memset(bitmap, 0xFF, bitmap_bytes);
    memset(pages, 0, nframes * sizeof(struct page));
    total = nfree = 0;
    for (unsigned i = 0; i < nram; i++) {
        uint64_t f = align_up(ram[i].base, PAGE_SIZE) / PAGE_SIZE;
        uint64_t end = (ram[i].base + ram[i].length) / PAGE_SIZE;
        for (; f < end; f++)
            if (frame_used(f)) {
                set_free(f);
                total++;
                nfree++;
            }
    }
    struct boot_range self = { at, table_bytes };
    for (unsigned r = 0; r <= nreserved; r++) {
        const struct boot_range *res = r < nreserved ? &reserved[r] : &self;
        uint64_t f = res->base / PAGE_SIZE;
        uint64_t end = align_up(res->base + res->length, PAGE_SIZE) / PAGE_SIZE;
        for (; f < end && f < nframes; f++)
            if (!frame_used(f)) {
                set_used(f);
                nfree--;
            }
    }
    if (nframes && !frame_used(0)) { /* frame 0 is never handed out: 0 means "no memory" */
        set_used(0);
        nfree--;
    }
    hint = 0;
    return 0;
}

static int allowed(size_t n)
{
    if (nfree < n)
        return 0;
    if (fail_after == 0)
        return 0;
    if (fail_after > 0)
        fail_after--;
    return 1;
}

uint64_t pmm_alloc(void)
{
    if (!allowed(1))
        return 0;
    for (uint64_t scanned = 0; scanned < nframes; scanned += 64) {
        uint64_t word = hint / 64;
        if (bitmap[word] != ~0ull) {
            uint64_t f = word * 64 + (uint64_t)__builtin_ctzll(~bitmap[word]);
            if (f < nframes) {
                set_used(f);
                nfree--;
                hint = f;
                pages[f] = (struct page){ 0, 0 };
                memset(phys_to_virt(f * PAGE_SIZE), 0, PAGE_SIZE);
                return f * PAGE_SIZE;
            }
        }
        hint = (word + 1) * 64 % (nframes ? align_up(nframes, 64) : 64);
    }
    return 0;
}

uint64_t pmm_alloc_contig(size_t npages)
{
    if (npages == 0 || !allowed(npages))
        return 0;
    uint64_t run = 0;
    for (uint64_t f = 1; f < nframes; f++) {
        run = frame_used(f) ? 0 : run + 1;
        if (run == npages) {
            uint64_t first = f + 1 - npages;
            for (uint64_t g = first; g <= f; g++) {
                set_used(g);
                pages[g] = (struct page){ 0, 0 };
            }
            nfree -= npages;
            memset(phys_to_virt(first * PAGE_SIZE), 0, npages * PAGE_SIZE);
            return first * PAGE_SIZE;
        }
    }
    return 0;
}

void pmm_free_contig(uint64_t pa, size_t npages)
{
    for (size_t i = 0; i < npages; i++) {
        uint64_t f = pa / PAGE_SIZE + i;
        if (f == 0 || f >= nframes || !frame_used(f))
            panic("pmm: freeing frame %#lx that is not allocated", (unsigned long)(f * PAGE_SIZE));
        set_free(f);
        nfree++;
    }
}

void pmm_free(uint64_t pa) { pmm_free_contig(pa, 1); }

struct page *pmm_page(uint64_t pa)
{
    uint64_t f = pa / PAGE_SIZE;
    return f < nframes ? &pages[f] : NULL;
}

size_t pmm_total_pages(void) { return total; }
size_t pmm_free_pages(void) { return nfree; }
void pmm_set_fail_after(long n) { fail_after = n; }
