/* User memory is reached through the direct map, page by page, after a page
   table lookup. No user page is ever dereferenced at its user address. */
#include "usercopy.h"
#include "vmspace.h"
#include "lib/string.h"
#include <arch/mmu.h>

static int range_ok(uint64_t addr, size_t n)
{
    return addr + n >= addr && addr + n <= USER_TOP;
}

static void *user_page(struct vmspace *vs, uint64_t addr, unsigned need)
{
    uint64_t pa;
    unsigned prot;
    if (mmu_lookup(vs->root, addr, &pa, &prot) < 0)
        return NULL;
    if ((prot & (need | VM_USER)) != (need | VM_USER))
        return NULL;
    return phys_to_virt(pa);
}

int copy_from_user(struct vmspace *vs, void *dst, uint64_t src, size_t n)
{
    if (!range_ok(src, n))
        return -1;
    char *d = dst;
    while (n) {
        const char *p = user_page(vs, src, VM_READ);
        if (!p)
            return -1;
        size_t chunk = PAGE_SIZE - (src & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy(d, p, chunk);
        d += chunk;
        src += chunk;
        n -= chunk;
    }
    return 0;
}

int copy_to_user(struct vmspace *vs, uint64_t dst, const void *src, size_t n)
{
    if (!range_ok(dst, n))
        return -1;
    const char *s = src;
    while (n) {
        char *p = user_page(vs, dst, VM_WRITE);
        if (!p)
            return -1;
        size_t chunk = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy(p, s, chunk);
        s += chunk;
        dst += chunk;
        n -= chunk;
    }
    return 0;
}

int user_writable(struct vmspace *vs, uint64_t addr, size_t n)
{
    if (!range_ok(addr, n))
        return 0;
    if (n == 0)
        return 1;
    for (uint64_t page = addr & ~(PAGE_SIZE - 1); page < addr + n; page += PAGE_SIZE)
        if (!user_page(vs, page, VM_WRITE))
            return 0;
    return 1;
}
