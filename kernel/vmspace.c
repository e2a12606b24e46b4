/* Address spaces: regions over memory objects, mirrored into page tables.
 *
 * Invariant: every page inside a region has its page table allocated (a
 * region is mapped once with a real entry even when its protection is none),
 * so mprotect never needs memory to install an entry and cannot fail halfway.
 * Tables are only freed with the whole address space. And a page has an
 * entry only while it has a frame: walks that change entries (unmap,
 * protect, fork) skip the pages without one, so a large reservation nobody
 * touched (a stack) costs them almost nothing.
 *
 * Copy-on-write: a page of a private (anonymous) region whose frame another
 * object shares (memobj_page_shared) is never mapped writable, whatever the
 * region's protection (page_prot). A write to it faults; vm_fault gives the
 * page its own frame (memobj_own_page) and maps it writable. Every page-table
 * change goes through pte_set/pte_clear, which drop the software TLB entry
 * (vm_translate); mmu_map/mmu_unmap flush the CPU's. */
#include "vmspace.h"
#include "memobj.h"
#include "kmalloc.h"
#include "pmm.h"
#include "lib/string.h"
#include <calyx/abi.h>
#include "mmu.h"

int vmspace_init(struct vmspace *vs)
{
    memset(vs, 0, sizeof *vs);
    vs->root = mmu_new_root();
    return vs->root ? 0 : -1;
}

static struct vm_tlb_entry *tlb_slot(struct vmspace *vs, uint64_t va)
{
    return &vs->tlb[(va >> PAGE_SHIFT) % VM_TLB_ENTRIES];
}

/* Every page-table entry of a space is set and cleared here, and forgets
   its cached translation; the resident count follows the entries. */
static int pte_set(struct vmspace *vs, uint64_t va, uint64_t pa, unsigned prot)
{
    tlb_slot(vs, va)->page = 0;
    int r = mmu_map(vs->root, va, pa, prot);
    if (r == 0 && ++vs->resident > vs->peak_pages)
        vs->peak_pages = vs->resident;
    return r < 0 ? -1 : 0;
}

static void pte_clear(struct vmspace *vs, uint64_t va)
{
    tlb_slot(vs, va)->page = 0;
    if (mmu_unmap(vs->root, va, NULL) == 0)
        vs->resident--;
}

/* The page table that will hold va's entry, made now (no entry is left). */
static int table_make(struct vmspace *vs, uint64_t va)
{
    if (mmu_map(vs->root, va, 0, VM_READ | VM_USER) < 0)
        return -1;
    mmu_unmap(vs->root, va, NULL);
    return 0;
}

int vm_translate_walk(struct vmspace *vs, uint64_t va, uint64_t *frame, unsigned *prot)
{
    uint64_t page = va & ~(PAGE_SIZE - 1);
    if (mmu_lookup(vs->root, page, frame, prot) < 0)
        return -1;
    *tlb_slot(vs, va) = (struct vm_tlb_entry){ page + 1, *frame, *prot };
    return 0;
}

static size_t page_of(const struct vm_region *r, uint64_t va)
{
    return r->pgoff + (va - r->start) / PAGE_SIZE;
}

/* 0: no frame (a shareable page never touched, or past the object's end). */
static uint64_t frame_of(const struct vm_region *r, uint64_t va)
{
    return memobj_frame(r->mo, page_of(r, va));
}

static int is_private(const struct vm_region *r) { return (r->mo->flags & MEMOBJ_ANON) != 0; }

/* What the page table entry of va in r allows: the region's protection, less
   WRITE while the frame is shared copy-on-write. 0: no entry. */
static unsigned page_prot(const struct vm_region *r, uint64_t va)
{
    unsigned prot = r->prot;
    if ((prot & VM_WRITE) && is_private(r) && memobj_page_shared(r->mo, page_of(r, va)))
        prot &= ~VM_WRITE;
    return prot;
}

/* The entry of va as region r says: its frame with page_prot, or none when
   the protection is none or the page has no frame yet. The table exists
   (see the invariant above): this cannot fail. */
static void pte_refresh(struct vmspace *vs, const struct vm_region *r, uint64_t va)
{
    uint64_t frame = frame_of(r, va);
    if (r->prot && frame)
        pte_set(vs, va, frame, page_prot(r, va) | VM_USER);
    else
        pte_clear(vs, va);
}

/* Page table entries only (of r's pages in [start, end) that have a frame:
   no other page has one); the frames belong to the memory object. */
static void clear_entries(struct vmspace *vs, const struct vm_region *r, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE)
        if (frame_of(r, va))
            pte_clear(vs, va);
}

/* Shareable objects know their mappers (memobj.h), for resize and discard. */
static void mapper_link(struct vm_region *r)
{
    if (!memobj_is_shareable(r->mo))
        return;
    r->mo_next = r->mo->mappers;
    r->mo->mappers = r;
}

static void mapper_unlink(struct vm_region *r)
{
    if (!memobj_is_shareable(r->mo))
        return;
    struct vm_region **pp = &r->mo->mappers;
    while (*pp != r)
        pp = &(*pp)->mo_next;
    *pp = r->mo_next;
}

static void region_free(struct vmspace *vs, struct vm_region *r)
{
    size_t n = (r->end - r->start) / PAGE_SIZE;
    clear_entries(vs, r, r->start, r->end);
    mapper_unlink(r);
    memobj_release_pages(r->mo, r->pgoff, n);
    vs->pages -= n;
    kobject_put(&r->mo->obj);
    kfree(r);
}

void vmspace_destroy(struct vmspace *vs)
{
    if (!vs->root)
        return;
    while (vs->regions) {
        struct vm_region *r = vs->regions;
        vs->regions = r->next;
        region_free(vs, r);
    }
    mmu_free_root(vs->root);
    vs->root = 0;
    memset(vs->tlb, 0, sizeof vs->tlb);
}

static int is_free(const struct vmspace *vs, uint64_t start, uint64_t end)
{
    for (const struct vm_region *r = vs->regions; r && r->start < end; r = r->next)
        if (start < r->end)
            return 0;
    return 1;
}

static int user_range(uint64_t start, uint64_t len)
{
    return len && start >= USER_MIN && start + len > start && start + len <= USER_TOP;
}

uint64_t vm_map_object(struct vmspace *vs, uint64_t start, struct memobj *mo, size_t pgoff,
                       size_t npages, unsigned prot, unsigned maxprot)
{
    uint64_t len = npages * PAGE_SIZE, end = start + len;
    if ((start & (PAGE_SIZE - 1)) || npages > (USER_TOP >> PAGE_SHIFT) || !user_range(start, len))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    /* A shareable object may be mapped past its end (it may grow). */
    size_t limit = memobj_is_shareable(mo) ? MEMOBJ_MAX_PAGES : mo->npages;
    if (pgoff > limit || npages > limit - pgoff)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if (!is_free(vs, start, end))
        return CX_MKERR(CX_ERR_ALREADY_EXISTS);
    struct vm_region *r = kmalloc(sizeof *r);
    if (!r)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    *r = (struct vm_region){ start, end, prot, maxprot, mo, pgoff, NULL, vs, NULL, 0 };
    /* Every page gets its table (see the invariant: one call per table
       makes it); pages with access and a frame their entry too. */
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        int err = 0;
        if (prot && frame_of(r, va))
            err = pte_set(vs, va, frame_of(r, va), page_prot(r, va) | VM_USER);
        else if (va == start || va % PAGE_TABLE_SPAN == 0)
            err = table_make(vs, va);
        if (err < 0) {
            clear_entries(vs, r, start, va);
            kfree(r);
            return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
        }
    }
    kobject_get(&mo->obj);
    mapper_link(r);
    struct vm_region **pp = &vs->regions;
    while (*pp && (*pp)->start < start)
        pp = &(*pp)->next;
    r->next = *pp;
    *pp = r;
    vs->pages += npages;
    return 0;
}

int vm_map_anonymous(struct vmspace *vs, uint64_t start, uint64_t len, unsigned prot)
{
    if ((start | len) & (PAGE_SIZE - 1) || !user_range(start, len) || !is_free(vs, start, start + len))
        return -1;
    struct memobj *mo = memobj_create(len / PAGE_SIZE, MEMOBJ_ANON);
    if (!mo)
        return -1;
    uint64_t err = vm_map_object(vs, start, mo, 0, len / PAGE_SIZE, prot, VM_READ | VM_WRITE | VM_EXEC);
    kobject_put(&mo->obj); /* the region holds it now, or nothing does */
    return err ? -1 : 0;
}

static struct vm_region *region_at(struct vmspace *vs, uint64_t addr);

int vm_map_stack(struct vmspace *vs, uint64_t top, uint64_t len, uint64_t max, unsigned prot)
{
    if (len > max || ((top | len | max) & (PAGE_SIZE - 1)) || !user_range(top - max, max))
        return -1;
    struct memobj *mo = memobj_create(max / PAGE_SIZE, MEMOBJ_ANON);
    if (!mo)
        return -1;
    uint64_t err = vm_map_object(vs, top - len, mo, (max - len) / PAGE_SIZE, len / PAGE_SIZE, prot,
                                 VM_READ | VM_WRITE | VM_EXEC);
    kobject_put(&mo->obj); /* the region holds it now, or nothing does */
    if (err)
        return -1;
    region_at(vs, top - len)->grow_floor = top - max;
    return 0;
}

uint64_t vm_find_free(const struct vmspace *vs, uint64_t hint, uint64_t len)
{
    if (len == 0 || (len & (PAGE_SIZE - 1)) || len > USER_TOP)
        return 0;
    if (hint && !(hint & (PAGE_SIZE - 1)) && user_range(hint, len) && is_free(vs, hint, hint + len))
        return hint;
    uint64_t cand = VM_MMAP_BASE;
    for (const struct vm_region *r = vs->regions; r; r = r->next) {
        if (r->end <= cand)
            continue;
        if (r->start >= cand + len)
            break;
        cand = r->end;
    }
    return user_range(cand, len) ? cand : 0;
}

/* Cut r in two at `at` (inside it). The halves map the same pages as before:
   splitting changes nothing the program can see. -1 when out of memory. */
static int split(struct vm_region *r, uint64_t at)
{
    struct vm_region *n = kmalloc(sizeof *n);
    if (!n)
        return -1;
    *n = *r;
    n->start = at;
    n->pgoff = r->pgoff + (at - r->start) / PAGE_SIZE;
    r->end = at;
    r->next = n;
    kobject_get(&r->mo->obj);
    mapper_link(n);
    return 0;
}

/* Make start and end region edges where they fall inside a region. */
static uint64_t split_edges(struct vmspace *vs, uint64_t start, uint64_t end)
{
    for (struct vm_region *r = vs->regions; r && r->start < end; r = r->next) {
        if (r->start < start && start < r->end && split(r, start) < 0)
            return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
        if (r->start < end && end < r->end && split(r, end) < 0)
            return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    }
    return 0;
}

uint64_t vm_unmap(struct vmspace *vs, uint64_t start, uint64_t end)
{
    if (is_free(vs, start, end))
        return CX_MKERR(CX_ERR_NOT_FOUND);
    uint64_t err = split_edges(vs, start, end);
    if (err)
        return err;
    for (struct vm_region **pp = &vs->regions; *pp;) {
        struct vm_region *r = *pp;
        if (r->start >= start && r->end <= end) {
            *pp = r->next;
            region_free(vs, r);
        } else {
            pp = &r->next;
        }
    }
    return 0;
}

uint64_t vm_protect(struct vmspace *vs, uint64_t start, uint64_t end, unsigned prot)
{
    uint64_t covered = start;
    int denied = 0;
    for (const struct vm_region *r = vs->regions; r && covered < end; r = r->next) {
        if (r->end <= covered)
            continue;
        if (r->start > covered)
            break; /* a hole */
        if (prot & ~r->maxprot)
            denied = 1;
        covered = r->end;
    }
    if (covered < end)
        return CX_MKERR(CX_ERR_NOT_FOUND);
    if (denied)
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    uint64_t err = split_edges(vs, start, end);
    if (err)
        return err;
    for (struct vm_region *r = vs->regions; r && r->start < end; r = r->next) {
        if (r->end <= start)
            continue;
        r->prot = prot;
        for (uint64_t va = r->start; va < r->end; va += PAGE_SIZE)
            if (frame_of(r, va))
                pte_refresh(vs, r, va);
    }
    return 0;
}

static struct vm_region *region_at(struct vmspace *vs, uint64_t addr)
{
    for (struct vm_region *r = vs->regions; r && r->start <= addr; r = r->next)
        if (addr < r->end)
            return r;
    return NULL;
}

/* Gives the page at va in r a frame of its own (when the frame is no longer
   shared, it keeps it) and maps it with the region's protection (no entry
   when that is none). */
static enum vm_fault_result break_cow(struct vmspace *vs, struct vm_region *r, uint64_t va)
{
    if (memobj_own_page(r->mo, page_of(r, va)) < 0 || !memobj_fill_page(r->mo, page_of(r, va)))
        return VM_FAULT_NO_MEMORY;
    pte_refresh(vs, r, va); /* the table exists: cannot fail */
    return VM_FAULT_RESOLVED;
}

int vm_write_initial(struct vmspace *vs, uint64_t addr, const void *src, size_t n)
{
    const char *s = src;
    while (n) {
        struct vm_region *r = region_at(vs, addr);
        if (!r)
            return -1;
        if (is_private(r) && memobj_page_shared(r->mo, page_of(r, addr)) &&
            break_cow(vs, r, addr & ~(PAGE_SIZE - 1)) != VM_FAULT_RESOLVED)
            return -1;
        if (!frame_of(r, addr)) {
            if (page_of(r, addr) >= r->mo->npages || !memobj_fill_page(r->mo, page_of(r, addr)))
                return -1;
            pte_refresh(vs, r, addr & ~(PAGE_SIZE - 1));
        }
        size_t chunk = PAGE_SIZE - (addr & (PAGE_SIZE - 1));
        if (chunk > n)
            chunk = n;
        memcpy((char *)phys_to_virt(frame_of(r, addr & ~(PAGE_SIZE - 1))) + (addr & (PAGE_SIZE - 1)),
               s, chunk);
        addr += chunk;
        s += chunk;
        n -= chunk;
    }
    return 0;
}

/* A touch at addr, below every region or between two: the stack above it
   grows down to cover it when it may (its floor, the guard gap below it).
   The region that now holds addr, or NULL. */
static struct vm_region *grow_stack(struct vmspace *vs, uint64_t addr)
{
    struct vm_region *prev = NULL, *r = vs->regions;
    while (r && r->end <= addr) {
        prev = r;
        r = r->next;
    }
    if (!r || r->start <= addr || !r->grow_floor || addr < r->grow_floor)
        return NULL;
    uint64_t start = addr & ~(PAGE_SIZE - 1);
    if (prev && prev->end + VM_STACK_GUARD > start)
        return NULL;
    for (uint64_t va = start; va < r->start; va += PAGE_SIZE)
        if ((va == start || va % PAGE_TABLE_SPAN == 0) && table_make(vs, va) < 0)
            return NULL; /* no memory for a page table: the touch faults */
    size_t more = (size_t)((r->start - start) / PAGE_SIZE);
    r->pgoff -= more;
    r->start = start;
    vs->pages += more;
    return r;
}

/* A page the region allows the access to, with no entry here (never
   touched, or its frame came from a kernel write or another mapper): a
   zeroed frame for it when it has none, and the entry. Past a shareable
   object's end it is a bad access. */
static enum vm_fault_result fault_in(struct vmspace *vs, struct vm_region *r, uint64_t va)
{
    size_t page = page_of(r, va);
    if (page >= r->mo->npages)
        return VM_FAULT_BAD_ACCESS;
    if (!memobj_fill_page(r->mo, page))
        return VM_FAULT_NO_MEMORY;
    pte_refresh(vs, r, va);
    return VM_FAULT_RESOLVED;
}

enum vm_fault_result vm_fault(struct vmspace *vs, uint64_t addr, unsigned access)
{
    struct vm_region *r = region_at(vs, addr);
    if (!r)
        r = grow_stack(vs, addr);
    if (!r || (r->prot & access) != access)
        return VM_FAULT_BAD_ACCESS;
    uint64_t va = addr & ~(PAGE_SIZE - 1), frame;
    if (mmu_lookup(vs->root, va, &frame, &(unsigned){ 0 }) < 0)
        return fault_in(vs, r, va);
    /* It has its entry, and the region allows the access: only a write to
       a copy-on-write page can be what the entry refused. */
    if (access != VM_WRITE || !is_private(r))
        return VM_FAULT_BAD_ACCESS;
    return break_cow(vs, r, va);
}

int vm_populate(struct vmspace *vs, uint64_t start, uint64_t end)
{
    for (uint64_t va = start; va < end; va += PAGE_SIZE) {
        struct vm_region *r = region_at(vs, va);
        if (!r || frame_of(r, va) || page_of(r, va) >= r->mo->npages)
            continue; /* unmapped, filled, or past a shareable object's end */
        if (!memobj_fill_page(r->mo, page_of(r, va)))
            return -1;
        pte_refresh(vs, r, va);
    }
    return 0;
}

/* Every mapper of mo loses its entries for pages [first, end) of mo. */
static void unmap_object_pages(struct memobj *mo, size_t first, size_t end)
{
    for (struct vm_region *r = mo->mappers; r; r = r->mo_next) {
        size_t rfirst = r->pgoff, rend = r->pgoff + (r->end - r->start) / PAGE_SIZE;
        size_t from = first > rfirst ? first : rfirst, to = end < rend ? end : rend;
        for (size_t page = from; page < to; page++)
            pte_clear(r->vs, r->start + (page - r->pgoff) * PAGE_SIZE);
    }
}

int vm_object_resize(struct memobj *mo, uint64_t size)
{
    size_t npages = (size_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (size > (uint64_t)MEMOBJ_MAX_PAGES * PAGE_SIZE)
        return -1;
    if (npages < mo->npages)
        unmap_object_pages(mo, npages, mo->npages);
    return memobj_set_size(mo, size);
}

size_t vm_object_discard(struct memobj *mo, size_t first, size_t n)
{
    size_t end = first >= mo->npages ? first : (n < mo->npages - first ? first + n : mo->npages);
    unmap_object_pages(mo, first, end);
    return memobj_discard(mo, first, n);
}

/* The child's copy of region r: the same memory object when shared, a
   copy-on-write object over the same frames when private. */
static uint64_t fork_region(struct vmspace *dst, struct vmspace *src, struct vm_region *r)
{
    size_t npages = (r->end - r->start) / PAGE_SIZE;
    if (!is_private(r))
        return vm_map_object(dst, r->start, r->mo, r->pgoff, npages, r->prot, r->maxprot);
    /* A stack's copy keeps the room below it to grow into. */
    size_t below = r->grow_floor ? r->pgoff : 0;
    struct memobj *copy = memobj_create_cow(r->mo, r->pgoff - below, below + npages);
    if (!copy)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    /* The parent's writable pages become read-only first: from now on the
       frames are shared, and a write must fault. */
    if (r->prot & VM_WRITE)
        for (uint64_t va = r->start; va < r->end; va += PAGE_SIZE)
            if (frame_of(r, va)) /* pages without a frame have no entry */
                pte_refresh(src, r, va);
    uint64_t err = vm_map_object(dst, r->start, copy, below, npages, r->prot, r->maxprot);
    kobject_put(&copy->obj); /* the child's region holds it, or nothing does */
    if (!err)
        region_at(dst, r->start)->grow_floor = r->grow_floor;
    return err;
}

uint64_t vm_fork(struct vmspace *dst, struct vmspace *src)
{
    for (struct vm_region *r = src->regions; r; r = r->next) {
        uint64_t err = fork_region(dst, src, r);
        if (err)
            return err;
    }
    return 0;
}

size_t vm_private_pages(const struct vmspace *vs)
{
    size_t n = 0;
    for (const struct vm_region *r = vs->regions; r; r = r->next) {
        if (!is_private(r))
            continue; /* a shared object outlives any one of its mappers */
        for (uint64_t va = r->start; va < r->end; va += PAGE_SIZE)
            if (frame_of(r, va))
                n++;
    }
    return n;
}
