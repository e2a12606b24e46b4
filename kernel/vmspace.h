/* A process's address space: a sorted list of regions, each a window on a
 * memory object (kernel/memobj.h), plus the page tables. The regions are the
 * truth; the page tables are a cache of them: a page whose protection is
 * none (PROT_NONE) keeps its frame in the object but has no page table entry,
 * so touching it faults and user copies through it fail.
 *
 * Memory is overcommitted: a page gets its frame when first touched
 * (vm_fault), and a private page shared copy-on-write after vm_fork its own
 * at its first write; memory running out at such a time nobody chose is the
 * OOM killer's business (kernel/oom.h).
 *
 * A region may map a shareable object past its end (a file mapping longer
 * than the file): those pages have no entry, and touching them is a fault
 * the personality server reports (SIGBUS); they come to life if the object
 * grows.
 */
#ifndef KERNEL_VMSPACE_H
#define KERNEL_VMSPACE_H

#include <stddef.h>
#include <stdint.h>
#include <arch/layout.h>

struct memobj;

/* Where mmap looks for room when the caller gives no usable address: the
   first free range at or above this (ResourceExhausted when none fits). */
#define VM_MMAP_BASE 0x0000100000000000ull

struct vm_region {
    uint64_t start, end;  /* page aligned, end exclusive */
    unsigned prot;        /* VM_READ | VM_WRITE | VM_EXEC; 0: no access, not in the page tables */
    unsigned maxprot;     /* what mprotect may grant: limited by the mapping capability's rights */
    struct memobj *mo;    /* backing frames; the region holds a reference */
    size_t pgoff;         /* page of mo that start maps */
    struct vm_region *next;
    struct vmspace *vs;          /* the space it belongs to */
    struct vm_region *mo_next;   /* next region mapping the same shareable object */
    uint64_t grow_floor;         /* a stack: how far down it may grow (0: it does not) */
};

/* Below a stack that grows, the room kept free of other mappings (Linux's
   stack_guard_gap): a touch that would grow it closer is a fault. */
#define VM_STACK_GUARD (256ull * PAGE_SIZE)

/* Translations the kernel looked up lately (a software TLB), so that the
   pages IPC copies through again and again cost one page-table walk, not one
   per copy. Direct mapped by page number. Every page-table change of the
   space goes through this file, which drops the entry for that page: a
   cached translation is never stale. */
#define VM_TLB_ENTRIES 8

struct vm_tlb_entry {
    uint64_t page;   /* user page address + 1 (so 0 is an empty entry) */
    uint64_t frame;  /* physical address of the page */
    unsigned prot;   /* VM_* bits of the page table entry */
};

struct vmspace {
    uint64_t root;              /* page table root: change it only through this file */
    struct vm_region *regions;  /* sorted by address, non-overlapping */
    size_t pages;               /* user pages covered by regions (the virtual size) */
    size_t resident;            /* user pages with an entry in the page tables */
    size_t peak_pages;          /* the most resident at once (thread_times: maxrss) */
    struct vm_tlb_entry tlb[VM_TLB_ENTRIES];
};

int vmspace_init(struct vmspace *vs);     /* -1 when out of memory */
void vmspace_destroy(struct vmspace *vs); /* removes every region */

/* Map pages [pgoff, pgoff+npages) of mo at start (takes its own reference on
   mo). 0, or a CX error: InvalidAddress (outside user space), AlreadyExists
   (overlap), OutOfMemory (region or page tables); nothing is left mapped on error. */
uint64_t vm_map_object(struct vmspace *vs, uint64_t start, struct memobj *mo, size_t pgoff,
                       size_t npages, unsigned prot, unsigned maxprot);
/* Map fresh zeroed memory at [start, start+len). -1: out of memory or overlap. */
int vm_map_anonymous(struct vmspace *vs, uint64_t start, uint64_t len, unsigned prot);
/* A stack: fresh memory at [top - len, top) that grows down, a touch below
   it at a time, as far as top - max (vm_fault; never within VM_STACK_GUARD
   of another mapping). -1: out of memory or overlap. */
int vm_map_stack(struct vmspace *vs, uint64_t top, uint64_t len, uint64_t max, unsigned prot);
/* A free page-aligned range of len bytes: hint when it is free, else the
   first fit at or above VM_MMAP_BASE. 0 when nothing fits. */
uint64_t vm_find_free(const struct vmspace *vs, uint64_t hint, uint64_t len);
/* Remove whatever is mapped in [start, end), splitting regions that straddle
   an edge. 0, NotFound when nothing was mapped there, OutOfMemory when a split
   needs a region and none can be had (nothing is unmapped then). */
uint64_t vm_unmap(struct vmspace *vs, uint64_t start, uint64_t end);
/* Set the protection of [start, end). 0, NotFound when part of the range is
   not mapped, PermissionDenied when prot exceeds a region's maxprot,
   OutOfMemory as for vm_unmap; on error nothing has changed. */
uint64_t vm_protect(struct vmspace *vs, uint64_t start, uint64_t end, unsigned prot);
/* vm_translate when the page is not in the cache: walks the page tables. */
int vm_translate_walk(struct vmspace *vs, uint64_t va, uint64_t *frame, unsigned *prot);

/* The frame and protection (VM_* bits) the page tables give the page holding
   va: 0, or -1 when it is not mapped. Inline: a cache hit is a few moves. */
static inline int vm_translate(struct vmspace *vs, uint64_t va, uint64_t *frame, unsigned *prot)
{
    const struct vm_tlb_entry *e = &vs->tlb[(va >> PAGE_SHIFT) % VM_TLB_ENTRIES];
    if (e->page != (va & ~(PAGE_SIZE - 1)) + 1)
        return vm_translate_walk(vs, va, frame, prot);
    *frame = e->frame;
    *prot = e->prot;
    return 0;
}
/* Copy bytes into user memory regardless of its protection (for the loader).
   -1 when a byte is not mapped, or a copy-on-write page finds no frame. */
int vm_write_initial(struct vmspace *vs, uint64_t addr, const void *src, size_t n);

/* Make dst (new and empty) a copy of src: shared regions map the same memory
   object; private ones share their frames copy-on-write, and src's writable
   pages become read-only until written. 0, or OutOfMemory (dst is then
   partly built: destroy it; src is unchanged but for read-only entries that
   its next writes resolve). */
uint64_t vm_fork(struct vmspace *dst, struct vmspace *src);

enum vm_fault_result {
    VM_FAULT_RESOLVED,   /* the access may be retried: it will succeed */
    VM_FAULT_BAD_ACCESS, /* not a copy-on-write write: a real fault */
    VM_FAULT_NO_MEMORY,  /* a copy-on-write write, but no frame for the copy */
    VM_FAULT_KILLED,     /* vm_fault_or_reclaim only: the current process was
                            killed meanwhile (perhaps as the OOM victim): no
                            fault to report, its threads leave on their way
                            back to user mode */
};
/* An access (VM_READ, VM_WRITE or VM_EXEC) to addr failed in the page tables:
   resolve it if it is a write to a copy-on-write page (the page gets its own
   frame, or keeps its frame when no one else shares it any more), or an
   access the region allows to a page of a shareable object that has no
   entry here yet (the page gets a zeroed frame if it has none). Never
   blocks. Callers that may sleep use vm_fault_or_reclaim (kernel/oom.h),
   which on VM_FAULT_NO_MEMORY makes the OOM killer free memory and retries:
   the page-fault handler and process_vm_write; other kernel writes into user
   memory (usercopy.c) only start the OOM killer and fail. */
enum vm_fault_result vm_fault(struct vmspace *vs, uint64_t addr, unsigned access);

/* Gives every page of [start, end) (mapped) its frame and entry now, as
   touching each would, never waiting for memory: 0, or -1 when a frame
   cannot be had (pages filled so far keep theirs). */
int vm_populate(struct vmspace *vs, uint64_t start, uint64_t end);

/* A shareable object's size changes (memory_resize), or its pages
   [first, first+n) lose their frames (memory_pages): every region mapping
   the pages that go loses their entries first, so the next touch faults
   (and, past the end, is a bad access). Results as memobj_set_size and
   memobj_discard. */
int vm_object_resize(struct memobj *mo, uint64_t size);
size_t vm_object_discard(struct memobj *mo, size_t first, size_t n);

/* Frames held by the private (anonymous) regions of vs: what its process
   gives back when it ends, but for frames it still shares copy-on-write
   (counted in every sharer, as Linux counts resident pages). The OOM
   killer's measure of a process; O(regions + pages), for that rare path. */
size_t vm_private_pages(const struct vmspace *vs);

#endif
