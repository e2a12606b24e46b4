/* Address spaces: regions of eagerly allocated anonymous memory. */
#include "vmspace.h"
#include "kmalloc.h"
#include "pmm.h"
#include "lib/string.h"
#include <arch/mmu.h>

int vmspace_init(struct vmspace *vs)
{
    memset(vs, 0, sizeof *vs);
    vs->root = mmu_new_root();
    return vs->root ? 0 : -1;
}

static void unmap_pages(struct vmspace *vs, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint64_t pa;
        if (mmu_unmap(vs->root, va, &pa) == 0) {
            struct page *pg = pmm_page(pa);
            if (pg && pg->refs > 1)
                pg->refs--;
            else
                pmm_free(pa);
            vs->pages--;
        }
    }
}

void vmspace_destroy(struct vmspace *vs)
{
    if (!vs->root)
        return;
    while (vs->regions) {
        struct vm_region *r = vs->regions;
        vs->regions = r->next;
        unmap_pages(vs, r->start, r->end);
        kfree(r);
    }
    mmu_free_root(vs->root);
    vs->root = 0;
}

static int overlaps(const struct vmspace *vs, uint64_t start, uint64_t end)
{
    for (const struct vm_region *r = vs->regions; r; r = r->next)
        if (start < r->end && r->start < end)
            return 1;
    return 0;
}

int vm_map_anonymous(struct vmspace *vs, uint64_t start, uint64_t len, unsigned prot)
{
    uint64_t end = start + len;
    if ((start | len) & (PAGE_SIZE - 1) || len == 0 || end < start || end > USER_TOP || start < USER_MIN)
        return -1;
    if (overlaps(vs, start, end))
        return -1;
    struct vm_region *r = kmalloc(sizeof *r);
    if (!r)
        return -1;
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        uint64_t pa = pmm_alloc();
        if (!pa || mmu_map(vs->root, va, pa, prot | VM_USER) < 0) {
            if (pa)
                pmm_free(pa);
            unmap_pages(vs, start, va);
            kfree(r);
            return -1;
        }
        vs->pages++;
    }
    *r = (struct vm_region){ start, end, prot, NULL };
    struct vm_region **pp = &vs->regions;
    while (*pp && (*pp)->start < start)
        pp = &(*pp)->next;
    r->next = *pp;
    *pp = r;
    return 0;
}

int vm_write_initial(struct vmspace *vs, uint64_t addr, const void *src, size_t n)
{
    const char *s = src;
    while (n) {
        uint64_t pa;
        if (mmu_lookup(vs->root, addr, &pa, NULL) < 0)
            return -1;
        size_t chunk = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy(phys_to_virt(pa), s, chunk);
        addr += chunk;
        s += chunk;
        n -= chunk;
    }
    return 0;
}
