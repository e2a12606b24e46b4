/* Physical page allocator: a bitmap of 4 KiB frames with per-frame metadata. */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <stddef.h>
#include <stdint.h>
#include "boot.h"

struct page {
    uint32_t refs;  /* users of a frame shared between address spaces */
    uint32_t tag;   /* owner's bookkeeping (the heap keeps its size class here) */
};

/* Marks RAM free except the reserved ranges; places its own tables in RAM. */
int pmm_init(const struct boot_range *ram, unsigned nram,
             const struct boot_range *reserved, unsigned nreserved);

uint64_t pmm_alloc(void);                 /* zeroed frame, or 0 when memory is exhausted */
uint64_t pmm_alloc_contig(size_t npages); /* zeroed, physically contiguous, or 0 */
void pmm_free(uint64_t pa);
void pmm_free_contig(uint64_t pa, size_t npages);
struct page *pmm_page(uint64_t pa);       /* NULL for frames pmm does not manage */

size_t pmm_total_pages(void);
size_t pmm_free_pages(void);

/* Test hook: pretend memory is exhausted after this many more allocations (-1: never). */
void pmm_set_fail_after(long n);

#endif
