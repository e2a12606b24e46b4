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

static int accessible(struct vmspace *vs, uint64_t addr, unsigned need, uint64_t *pa)
{
    unsigned prot;
    return mmu_lookup(vs->root, addr, pa, &prot) == 0 && (prot & (need | VM_USER)) == (need | VM_USER);
}

void *user_byte(struct vmspace *vs, uint64_t addr, unsigned need, int *nomem)
{
    uint64_t pa;
    if (nomem)
        *nomem = 0;
    if (addr >= USER_TOP)
        return NULL;
    if (!accessible(vs, addr, need, &pa)) {
        /* Perhaps a write to a copy-on-write page: resolve it as a fault would. */
        enum vm_fault_result f = need == VM_WRITE ? vm_fault(vs, addr, VM_WRITE) : VM_FAULT_BAD_ACCESS;
        if (f == VM_FAULT_NO_MEMORY && nomem)
            *nomem = 1;
        if (f != VM_FAULT_RESOLVED || !accessible(vs, addr, need, &pa))
            return NULL;
    }
    return phys_to_virt(pa);
}

static void *user_page(struct vmspace *vs, uint64_t addr, unsigned need)
{
    return user_byte(vs, addr, need, NULL);
}

/* Copies n bytes between the kernel buffer and user memory, a page at a time. */
static int copy_user(struct vmspace *vs, uint64_t uaddr, void *kbuf, size_t n, int to_user)
{
    if (!range_ok(uaddr, n))
        return -1;
    char *k = kbuf;
    while (n) {
        char *p = user_page(vs, uaddr, to_user ? VM_WRITE : VM_READ);
        if (!p)
            return -1;
        size_t chunk = PAGE_SIZE - (uaddr & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        if (to_user)
            memcpy(p, k, chunk);
        else
            memcpy(k, p, chunk);
        k += chunk;
        uaddr += chunk;
        n -= chunk;
    }
    return 0;
}

int copy_from_user(struct vmspace *vs, void *dst, uint64_t src, size_t n)
{
    return copy_user(vs, src, dst, n, 0);
}

int copy_to_user(struct vmspace *vs, uint64_t dst, const void *src, size_t n)
{
    return copy_user(vs, dst, (void *)src, n, 1);
}

/* One page-table probe per page: is all of [addr, addr+n) mapped for the user with `need`? */
static int user_accessible(struct vmspace *vs, uint64_t addr, size_t n, unsigned need)
{
    if (!range_ok(addr, n))
        return 0;
    if (n == 0)
        return 1;
    for (uint64_t page = addr & ~(PAGE_SIZE - 1); page < addr + n; page += PAGE_SIZE)
        if (!user_page(vs, page, need))
            return 0;
    return 1;
}

int user_writable(struct vmspace *vs, uint64_t addr, size_t n) { return user_accessible(vs, addr, n, VM_WRITE); }
int user_readable(struct vmspace *vs, uint64_t addr, size_t n) { return user_accessible(vs, addr, n, VM_READ); }
