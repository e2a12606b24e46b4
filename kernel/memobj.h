/* Memory objects (CX_OBJ_MEMORY): a run of physical frames that address
 * spaces map and that read/write reach by offset. Every mapping holds a
 * reference, so the frames live until the last capability and the last
 * mapping are gone. Every object gets its frames page by page, zeroed, when
 * a page is first written or touched through a mapping (a page without a
 * frame reads as zeros): memory is overcommitted, as Linux's heuristic mode
 * does, and running out at a touch is the OOM killer's business.
 *
 * Three flavours share the type:
 *  - the memory pool: no frames; the authority to make memory objects, and
 *    (with CX_RIGHT_WRITE) processes: process_create and process_create_env
 *    take it as their first argument (memobj_pool_authority), since a
 *    process costs kernel memory too.
 *    The root task gets it as its second initial capability. A program holding
 *    it (with CX_RIGHT_DERIVE) calls
 *        capability_create(CX_OBJ_MEMORY, size_in_bytes, rights, pool)
 *    to get a new object of size rounded up to whole pages, with `rights`
 *    (a subset of the pool capability's). size 0 is InvalidParameter; more
 *    than MEMOBJ_MAX_PAGES pages, or more than the free memory less
 *    MEMOBJ_RESERVE_PAGES, is OutOfMemory. The pool cannot be read, written
 *    or mapped (NotSupported).
 *  - shareable objects made from the pool: mapped SHARED they are zero-copy
 *    (every mapper sees the same frames); read/write copy bytes at an offset.
 *    They are sparse and resizable (memory_resize, memory_pages): a page
 *    gets a frame when first written or touched through a mapping, and
 *    vmspace.c keeps the list of regions mapping one (`mappers`), so that
 *    pages cut off or discarded leave every address space at once. This is
 *    what a personality server's page cache is made of: a file's pages.
 *  - anonymous objects: made by mmap(CX_MAP_ANONYMOUS) (and for private
 *    mappings), never named by a capability, each page mapped by exactly one
 *    region; munmap gives their pages back at once (memobj_release_pages).
 *  - boot modules (MEMOBJ_BOOT): the frames the boot loader put a module in,
 *    handed to the root task (kernel/main.c). Their size is the module's
 *    byte size, not a page multiple; the frames are never freed.
 *
 * Copy-on-write (process_fork, private mappings of shareable objects): an
 * anonymous object may share frames with other objects (memobj_create_cow). struct page's refs counts the
 * objects whose frame table holds a frame (1 for a frame of one object); a
 * frame is freed when the last of them lets go. Writing to a shared frame
 * first needs memobj_own_page (anonymous objects only: a shareable object
 * writes its frames in place, and private mappings still sharing such a
 * frame see the write, as they see a file's changes on Linux).
 *
 * read/write at an offset: offset beyond the size is InvalidParameter; a
 * transfer that crosses the end is cut short at the end (the count returned
 * says how much moved); at exactly the end it moves 0 bytes.
 */
#ifndef KERNEL_MEMOBJ_H
#define KERNEL_MEMOBJ_H

#include <stddef.h>
#include <stdint.h>
#include <calyx/abi.h>
#include "object.h"
#include "kmalloc.h"

/* The frame table is one kmalloc block: 1048576 pages = 4 GiB per object. */
#define MEMOBJ_MAX_PAGES (KMALLOC_MAX / sizeof(uint64_t))
_Static_assert(MEMOBJ_MAX_PAGES * CX_PAGE_SIZE == CX_MEMORY_OBJECT_MAX, "the ABI's limit is the frame table's");
/* Frames no memory object may take, so the kernel can still allocate its own
   tables and objects after user space has asked for all it can get (1 MiB).
   Copy-on-write breaks respect it too: one that would eat into it runs the
   OOM killer instead (kernel/oom.h). */
#define MEMOBJ_RESERVE_PAGES 256

#define MEMOBJ_POOL 1u /* the pool: no frames, makes memory objects */
#define MEMOBJ_ANON 2u /* anonymous: private to one address space */
#define MEMOBJ_BOOT 4u /* a boot module: frames borrowed from the boot loader */

struct memobj {
    struct kobject obj; /* CX_OBJ_MEMORY; first, so a kobject pointer converts */
    unsigned flags;     /* MEMOBJ_* */
    size_t npages;
    uint64_t size;      /* bytes read/write reach: npages * PAGE_SIZE but for boot modules */
    uint64_t *frames;   /* physical frame of each page; 0: none (given back, or a
                           shareable page never touched); NULL when npages is 0 */
    size_t resident;    /* pages that have a frame (boot modules: not kept) */
    struct vm_region *mappers; /* shareable objects: regions mapping it (vmspace.c) */
};

static inline struct memobj *memobj_of(struct kobject *o) { return (struct memobj *)o; }
static inline int memobj_is_pool(const struct kobject *o)
{
    return o->type == CX_OBJ_MEMORY && (((const struct memobj *)o)->flags & MEMOBJ_POOL);
}

/* Sparse and resizable: made from the pool (not anonymous, not a boot module). */
static inline int memobj_is_shareable(const struct memobj *m)
{
    return !(m->flags & (MEMOBJ_POOL | MEMOBJ_ANON | MEMOBJ_BOOT));
}

/* The frame of page (< npages), or 0 when it has none. */
static inline uint64_t memobj_frame(const struct memobj *m, size_t page)
{
    return page < m->npages ? m->frames[page] : 0;
}

/* The one memory pool (never destroyed). */
struct kobject *memobj_pool(void);

/* A new object of npages pages with one reference (the caller's), without
   frames yet. NULL when npages is 0, over MEMOBJ_MAX_PAGES or over the
   machine's pages, or out of memory for the frame table. */
struct memobj *memobj_create(size_t npages, unsigned flags);

/* A boot module of size bytes at physical address start, as a memory object
   with one reference. own_pages: start is page-aligned and no other module
   shares its pages, so the object takes the module's frames (the rest of the
   last page is zeroed, as a mapping shows it); else the object gets a copy.
   NULL when out of memory or over MEMOBJ_MAX_PAGES. */
struct memobj *memobj_from_boot_module(uint64_t start, uint64_t size, int own_pages);

/* capability_create on the pool: a new object of `size` bytes and a capability
   for it with `rights` in the caller's space. 0 and *out, or a CX error
   (InvalidParameter, NotSupported when pool is not the pool, OutOfMemory,
   ResourceExhausted when the capability space is full). The caller has checked
   the pool capability's DERIVE right and that rights are a subset of it. */
struct cap_slot;
uint64_t memobj_create_from_pool(struct cap_slot *pool, uint64_t size, uint32_t rights, cx_cap_t *out);

/* The authority check of process_create(_env): token, in cs, names the memory
   pool (through memobj_is_pool, as capability_create recognises the pool as
   the factory of memory objects) with at least `rights`. 0, or
   PermissionDenied for anything else (none given, a token naming nothing,
   another object, the pool without the rights): a caller without the
   authority gets one answer, whatever it passed. */
struct cspace;
uint64_t memobj_pool_authority(struct cspace *cs, cx_cap_t token, uint32_t rights);

/* Anonymous objects only: free pages [first, first+n) now (their mapping is gone). */
void memobj_release_pages(struct memobj *m, size_t first, size_t n);

/* A new anonymous object whose npages pages are src's pages from pgoff on,
   shared copy-on-write (each frame's refs goes up; no frame is allocated).
   NULL when out of memory for the frame table. src anonymous (fork) or
   shareable (a private mapping of it: until a page is written here, it is
   src's page and shows src's later changes, as a private file mapping does
   on Linux); pages src has no frame for have none here either and get a
   zeroed one at their first touch. */
struct memobj *memobj_create_cow(const struct memobj *src, size_t pgoff, size_t npages);
/* 1 when page of m shares its frame with another object (copy-on-write). */
int memobj_page_shared(const struct memobj *m, size_t page);
/* Give page of m a frame of its own (copying the shared one), so it may be
   written. Nothing to do when it has one already. 0, or -1 when no frame can
   be had: the free memory is down to MEMOBJ_RESERVE_PAGES (or exhausted).
   Never waits; vm_fault_or_reclaim (kernel/oom.h) is what makes room. */
int memobj_own_page(struct memobj *m, size_t page);

/* Shareable objects. memobj_fill_page: the frame of page (< npages), a
   zeroed one given to it first when it has none; 0 when no frame can be had
   (the free memory is down to MEMOBJ_RESERVE_PAGES). Never waits. */
uint64_t memobj_fill_page(struct memobj *m, size_t page);
/* The new size in bytes: pages past the new end lose their frames, the
   bytes past it in the last page become zeros, new pages have no frame.
   The caller (vm_object_resize) has taken the cut pages out of every
   mapping. 0, or -1 when out of memory for the frame table or over
   MEMOBJ_MAX_PAGES (nothing changed). */
int memobj_set_size(struct memobj *m, uint64_t size);
/* Pages [first, first+n) (clipped to the object) lose their frames; the
   count given back. The caller has unmapped them (vm_object_discard). */
size_t memobj_discard(struct memobj *m, size_t first, size_t n);
/* Gives every page of [first, first+n) (clipped) a zeroed frame if it has
   none: the count of frames added, or SIZE_MAX when memory ran out (pages
   filled before that keep their frames). */
size_t memobj_commit(struct memobj *m, size_t first, size_t n);
/* Pages of [first, first+n) (clipped) with a frame. */
size_t memobj_count_resident(const struct memobj *m, size_t first, size_t n);
/* The first page of [first, first+n) (clipped) with a frame (resident 1) or
   without one (resident 0); the end of the clipped range when none. */
size_t memobj_next_page(const struct memobj *m, size_t first, size_t n, int resident);

/* Copies up to n bytes from offset into a kernel buffer (pages without a
   frame as zeros); the count, cut at the object's size. */
size_t memobj_read_kernel(const struct memobj *m, void *dst, size_t n, uint64_t offset);

/* read/write between the object at `offset` and a user buffer: the byte count
   or a CX error (InvalidParameter, InvalidAddress, NotSupported for the pool).
   Reading a page without a frame gives zeros; writing one gives it a frame
   (OutOfMemory when none can be had before any byte moved, else the count
   written up to there). */
struct vmspace;
uint64_t memobj_read_user(struct memobj *m, struct vmspace *vs, uint64_t buf, uint64_t count,
                          uint64_t offset);
uint64_t memobj_write_user(struct memobj *m, struct vmspace *vs, uint64_t buf, uint64_t count,
                           uint64_t offset);

#endif
