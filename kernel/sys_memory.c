/* Address-space syscalls: mmap, munmap, mprotect, on the caller's own address
 * space (native) or another process's (process_vm_map/unmap/protect, in
 * sys_process_vm.c): both go through mmap_in, munmap_in and mprotect_in.
 *
 * Decisions beyond docs/syscalls.md:
 *  - W^X: asking for CX_PROT_WRITE and CX_PROT_EXEC together is
 *    PermissionDenied (a policy refusal, like a missing right), in mmap and
 *    mprotect alike.
 *  - Without CX_MAP_FIXED, addr is a hint: used when it is page aligned and
 *    the range there is free, else the kernel takes the first free range at or
 *    above VM_MMAP_BASE (kernel/vmspace.h).
 *  - Memory is overcommitted (memobj.h): pages get their frames at their
 *    first touch; CX_MAP_POPULATE gives them all now (OutOfMemory, and
 *    nothing mapped, when they cannot all be had).
 *  - ANONYMOUS with SHARED is accepted and behaves like PRIVATE: no other
 *    process can name the memory, so nobody could see the difference.
 *  - A PRIVATE mapping of a memory object needs READ on the capability. Of a
 *    shareable object it is copy-on-write: a page is the object's own frame
 *    (and shows others' writes) until this mapping writes it; of a boot
 *    module it is a copy made at map time. A SHARED mapping maps the object's own frames (zero copy); it may
 *    reach past the end of a shareable object (a fault there until the
 *    object grows), and gives a page its frame at its first touch.
 *  - munmap of a range holding some mappings removes those and succeeds;
 *    NotFound only when nothing at all is mapped there.
 *  - Mapping or unmapping never leaves a half-made mapping: on any error the
 *    address space is as before.
 */
#include "gen/syscall_handlers.h"
#include "sys_memory.h"
#include "current.h"
#include "memobj.h"
#include "vmspace.h"
#include "lib/string.h"
#include "mmu.h"

#define PROT_ALL (CX_PROT_READ | CX_PROT_WRITE | CX_PROT_EXEC)
#define MAP_ALL (CX_MAP_PRIVATE | CX_MAP_SHARED | CX_MAP_ANONYMOUS | CX_MAP_FIXED | CX_MAP_POPULATE)

static unsigned vm_prot(cx_prot_t p)
{
    return ((p & CX_PROT_READ) ? VM_READ : 0) | ((p & CX_PROT_WRITE) ? VM_WRITE : 0) |
           ((p & CX_PROT_EXEC) ? VM_EXEC : 0);
}

static unsigned vm_prot_of_rights(uint32_t rights)
{
    if (!(rights & CX_RIGHT_READ))
        return 0;
    return ((rights & CX_RIGHT_READ) ? VM_READ : 0) | ((rights & CX_RIGHT_WRITE) ? VM_WRITE : 0) |
           ((rights & CX_RIGHT_EXEC) ? VM_EXEC : 0);
}

/* Common checks of a page range: InvalidParameter, InvalidAddress or 0 and *end. */
static uint64_t check_range(uint64_t addr, uint64_t length, uint64_t *end)
{
    if (length == 0 || (addr & (PAGE_SIZE - 1)))
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if (length > USER_TOP)
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    uint64_t len = (length + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    if (addr < USER_MIN || addr + len > USER_TOP)
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    *end = addr + len;
    return 0;
}

/* A private copy of pages [pgoff, pgoff+npages) of src, or NULL (out of memory). */
static struct memobj *private_copy(const struct memobj *src, size_t pgoff, size_t npages)
{
    struct memobj *m = memobj_create(npages, MEMOBJ_ANON);
    if (!m)
        return NULL;
    for (size_t i = 0; i < npages; i++) {
        if (!memobj_frame(src, pgoff + i))
            continue; /* a page with no frame is zeros, as m's are */
        if (!memobj_fill_page(m, i)) {
            kobject_put(&m->obj);
            return NULL;
        }
        memcpy(phys_to_virt(m->frames[i]), phys_to_virt(src->frames[pgoff + i]), PAGE_SIZE);
    }
    return m;
}

uint64_t mmap_in(struct vmspace *vs, uint64_t addr, size_t length, cx_prot_t prot,
                 cx_mapflags_t flags, cx_cap_t capability, size_t offset)
{
    int shared = (flags & CX_MAP_SHARED) != 0, anon = (flags & CX_MAP_ANONYMOUS) != 0;
    if (length == 0 || (prot & ~PROT_ALL) || (flags & ~MAP_ALL) ||
        shared == ((flags & CX_MAP_PRIVATE) != 0) || (offset & (PAGE_SIZE - 1)) ||
        ((flags & CX_MAP_FIXED) && (addr & (PAGE_SIZE - 1))) ||
        (anon && (capability != CX_CAP_NULL || offset != 0)))
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if ((prot & CX_PROT_WRITE) && (prot & CX_PROT_EXEC))
        return CX_MKERR(CX_ERR_PERMISSION_DENIED); /* W^X */

    uint64_t start, end;
    if (flags & CX_MAP_FIXED) {
        uint64_t err = check_range(addr, length, &end);
        if (err)
            return err;
        start = addr;
        if (vm_find_free(vs, start, end - start) != start)
            return CX_MKERR(CX_ERR_ALREADY_EXISTS);
    } else {
        if (length > USER_TOP)
            return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
        uint64_t len = (length + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
        start = vm_find_free(vs, addr, len);
        if (!start)
            return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
        end = start + len;
    }
    size_t npages = (end - start) / PAGE_SIZE;

    struct memobj *mo;
    unsigned maxprot;
    if (anon) {
        mo = memobj_create(npages, MEMOBJ_ANON);
        maxprot = VM_READ | VM_WRITE | VM_EXEC;
    } else {
        struct cap_slot *s;
        uint64_t err = cspace_lookup(current_cspace(), capability, CX_OBJ_MEMORY, 0, &s);
        if (err)
            return err;
        struct memobj *obj = memobj_of(s->obj);
        if (obj->flags & MEMOBJ_POOL)
            return CX_MKERR(CX_ERR_NOT_SUPPORTED);
        /* A shared mapping is the object itself: writes need WRITE. A private
           one is a copy: reading it out needs READ, writing the copy needs
           nothing. Any access needs READ: on some machines (x86_64) pages
           that can be written or executed can also be read. */
        uint32_t need = (prot || !shared ? CX_RIGHT_READ : 0) |
                        ((prot & CX_PROT_EXEC) ? CX_RIGHT_EXEC : 0) |
                        (shared && (prot & CX_PROT_WRITE) ? CX_RIGHT_WRITE : 0);
        if ((s->rights & need) != need)
            return CX_MKERR(CX_ERR_PERMISSION_DENIED);
        /* A mapping of a shareable object may reach past its end: shared,
           touching there faults until the object grows to it; private,
           those pages are zeros of its own. */
        size_t limit = memobj_is_shareable(obj) ? MEMOBJ_MAX_PAGES : obj->npages;
        if (offset / PAGE_SIZE > limit || npages > limit - offset / PAGE_SIZE)
            return CX_MKERR(CX_ERR_INVALID_PARAMETER);
        if (shared) {
            mo = obj;
            kobject_get(&mo->obj);
            maxprot = vm_prot_of_rights(s->rights);
        } else {
            /* Of a shareable object, copy-on-write: its frames until
               written; of a boot module, a copy. */
            mo = memobj_is_shareable(obj) ? memobj_create_cow(obj, offset / PAGE_SIZE, npages)
                                          : private_copy(obj, offset / PAGE_SIZE, npages);
            offset = 0;
            maxprot = VM_READ | VM_WRITE | ((s->rights & CX_RIGHT_EXEC) ? VM_EXEC : 0);
        }
    }
    if (!mo)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    uint64_t err = vm_map_object(vs, start, mo, offset / PAGE_SIZE, npages, vm_prot(prot), maxprot);
    kobject_put(&mo->obj); /* the region holds its own reference */
    if (!err && (flags & CX_MAP_POPULATE) && vm_populate(vs, start, end) < 0) {
        vm_unmap(vs, start, end);
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    }
    return err ? err : start;
}

uint64_t munmap_in(struct vmspace *vs, uint64_t addr, size_t length)
{
    uint64_t end, err = check_range(addr, length, &end);
    if (err)
        return err;
    return vm_unmap(vs, addr, end);
}

uint64_t mprotect_in(struct vmspace *vs, uint64_t addr, size_t length, cx_prot_t prot)
{
    if (prot & ~PROT_ALL)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    uint64_t end, err = check_range(addr, length, &end);
    if (err)
        return err;
    if ((prot & CX_PROT_WRITE) && (prot & CX_PROT_EXEC))
        return CX_MKERR(CX_ERR_PERMISSION_DENIED); /* W^X */
    return vm_protect(vs, addr, end, vm_prot(prot));
}

uint64_t sys_mmap(user_addr_t addr, size_t length, cx_prot_t prot, cx_mapflags_t flags,
                  cx_cap_t capability, size_t offset)
{
    return mmap_in(current_vm(), addr, length, prot, flags, capability, offset);
}

uint64_t sys_munmap(user_addr_t addr, size_t length) { return munmap_in(current_vm(), addr, length); }

uint64_t sys_mprotect(user_addr_t addr, size_t length, cx_prot_t prot)
{
    return mprotect_in(current_vm(), addr, length, prot);
}

/* The shareable memory object capability names, with `rights`: 0 and *out,
   or InvalidCapability, PermissionDenied, NotSupported. */
static uint64_t shareable_object(cx_cap_t capability, uint32_t rights, struct memobj **out)
{
    struct cap_slot *s;
    uint64_t err = cspace_lookup(current_cspace(), capability, CX_OBJ_MEMORY, rights, &s);
    if (err)
        return err;
    *out = memobj_of(s->obj);
    return memobj_is_shareable(*out) ? 0 : CX_MKERR(CX_ERR_NOT_SUPPORTED);
}

uint64_t sys_memory_resize(cx_cap_t capability, uint64_t size)
{
    struct memobj *m;
    uint64_t err = shareable_object(capability, CX_RIGHT_WRITE, &m);
    if (err)
        return err;
    return vm_object_resize(m, size) < 0 ? CX_MKERR(CX_ERR_OUT_OF_MEMORY) : 0;
}

uint64_t sys_memory_pages(cx_cap_t capability, uint64_t op, uint64_t first, uint64_t count)
{
    int changes = op == CX_PAGES_COMMIT || op == CX_PAGES_DISCARD;
    if (!changes && op != CX_PAGES_RESIDENT && op != CX_PAGES_NEXT_RESIDENT && op != CX_PAGES_NEXT_ABSENT)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    struct memobj *m;
    uint64_t err = shareable_object(capability, changes ? CX_RIGHT_WRITE : CX_RIGHT_READ, &m);
    if (err)
        return err;
    if (first > SIZE_MAX || count > SIZE_MAX)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    switch (op) {
    case CX_PAGES_COMMIT: {
        size_t added = memobj_commit(m, (size_t)first, (size_t)count);
        return added == SIZE_MAX ? CX_MKERR(CX_ERR_OUT_OF_MEMORY) : added;
    }
    case CX_PAGES_DISCARD: return vm_object_discard(m, (size_t)first, (size_t)count);
    case CX_PAGES_RESIDENT: return memobj_count_resident(m, (size_t)first, (size_t)count);
    default: return memobj_next_page(m, (size_t)first, (size_t)count, op == CX_PAGES_NEXT_RESIDENT);
    }
}
