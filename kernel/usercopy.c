/* User memory is reached through the direct map, page by page, after a page
   table lookup (vm_translate: repeated lookups of a page hit the space's
   translation cache). No user page is ever dereferenced at its user address. */
#include "usercopy.h"
#include "vmspace.h"
#include "oom.h"
#include "lib/string.h"
#include "mmu.h"

static int range_ok(uint64_t addr, size_t n)
{
    return addr + n >= addr && addr + n <= USER_TOP;
}

static inline void *mapped_for(struct vmspace *vs, uint64_t addr, unsigned need)
{
    uint64_t frame;
    unsigned prot;
    if (vm_translate(vs, addr, &frame, &prot) < 0 || (prot & (need | VM_USER)) != (need | VM_USER))
        return NULL;
    return (char *)phys_to_virt(frame) + (addr & (PAGE_SIZE - 1));
}

void *user_byte(struct vmspace *vs, uint64_t addr, unsigned need, int *nomem)
{
    if (nomem)
        *nomem = 0;
    if (addr >= USER_TOP)
        return NULL;
    void *p = mapped_for(vs, addr, need);
    if (p)
        return p;
    /* Perhaps a write to a copy-on-write page, or a shared object's page not
       touched yet: resolve it as a fault would.
       No waiting for memory here: a kernel write may run where the writer
       must not sleep (IPC delivery into another process, with the
       receiver's wait record or a message in hand; buffers the kernel keeps
       one of). The OOM killer still starts, so the frames come back. */
    enum vm_fault_result f = vm_fault(vs, addr, need);
    if (f == VM_FAULT_NO_MEMORY) {
        oom_kill_nowait();
        if (nomem)
            *nomem = 1;
    }
    return f == VM_FAULT_RESOLVED ? mapped_for(vs, addr, need) : NULL;
}

/* Where the kernel reaches user address addr, whose page must be mapped for
   the user with `need`; NULL when it is not. The common case (mapped as
   needed, in the translation cache) stays inline. */
static inline void *user_page(struct vmspace *vs, uint64_t addr, unsigned need)
{
    void *p = mapped_for(vs, addr, need);
    return p ? p : user_byte(vs, addr, need, NULL);
}

/* Bytes left in addr's page. */
static size_t page_rest(uint64_t addr)
{
    return PAGE_SIZE - (addr & (PAGE_SIZE - 1));
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
        size_t chunk = page_rest(uaddr);
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

int copy_user_to_user(struct vmspace *to, uint64_t dst, struct vmspace *from, uint64_t src, size_t n)
{
    if (!range_ok(dst, n) || !range_ok(src, n))
        return -1;
    if (n <= page_rest(dst) && n <= page_rest(src)) { /* a register-sized message, mostly */
        char *d = user_page(to, dst, VM_WRITE), *s = user_page(from, src, VM_READ);
        if (!d || !s)
            return -1;
        memcpy(d, s, n);
        return 0;
    }
    while (n) {
        char *d = user_page(to, dst, VM_WRITE), *s = user_page(from, src, VM_READ);
        if (!d || !s)
            return -1;
        size_t chunk = page_rest(dst) < page_rest(src) ? page_rest(dst) : page_rest(src);
        if (chunk > n)
            chunk = n;
        memcpy(d, s, chunk);
        dst += chunk;
        src += chunk;
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
