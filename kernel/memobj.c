/* Memory objects: frames owned by a refcounted kernel object (see memobj.h). */
#include "memobj.h"
#include "current.h"
#include "cspace.h"
#include "pmm.h"
#include "usercopy.h"
#include "lib/string.h"
#include "mmu.h"

static struct memobj pool = {
    .obj = { .type = CX_OBJ_MEMORY, .refs = 1, .id = 0 },
    .flags = MEMOBJ_POOL,
};

struct kobject *memobj_pool(void) { return &pool.obj; }

static char *byte_at(const struct memobj *m, uint64_t offset)
{
    return (char *)phys_to_virt(m->frames[offset / PAGE_SIZE]) + offset % PAGE_SIZE;
}

static size_t chunk_of(uint64_t offset, uint64_t left)
{
    uint64_t c = PAGE_SIZE - offset % PAGE_SIZE;
    return c < left ? c : left;
}

/* One object less holds the frame: the last one frees it. */
static void frame_drop(uint64_t pa)
{
    struct page *pg = pmm_page(pa);
    if (--pg->refs == 0)
        pmm_free(pa);
}

static void free_frames(struct memobj *m, size_t upto)
{
    for (size_t i = 0; i < upto; i++)
        if (m->frames[i])
            frame_drop(m->frames[i]);
}

static void memobj_destroy(struct kobject *o)
{
    struct memobj *m = memobj_of(o);
    if (!(m->flags & MEMOBJ_BOOT))
        free_frames(m, m->npages);
    kfree(m->frames);
    kfree(m);
}

/* A frame table for npages pages, all 0 (NULL for none), or NULL. */
static uint64_t *table_alloc(size_t npages, int *failed)
{
    *failed = 0;
    if (npages == 0)
        return NULL;
    uint64_t *t = kmalloc(npages * sizeof *t);
    if (!t)
        *failed = 1;
    else
        memset(t, 0, npages * sizeof *t);
    return t;
}

/* An object and its frame table for npages (all 0), or NULL. */
static struct memobj *memobj_alloc(size_t npages)
{
    struct memobj *m = kmalloc(sizeof *m);
    if (!m)
        return NULL;
    int failed;
    m->frames = table_alloc(npages, &failed);
    if (failed) {
        kfree(m);
        return NULL;
    }
    m->resident = 0;
    m->mappers = NULL;
    return m;
}

struct memobj *memobj_create(size_t npages, unsigned flags)
{
    /* Frames come at the first touch (overcommit, as Linux's heuristic
       mode): refused up front is only what could never fit, more pages
       than the machine has. */
    if (npages == 0 || npages > MEMOBJ_MAX_PAGES || npages > pmm_total_pages())
        return NULL;
    struct memobj *m = memobj_alloc(npages);
    if (!m)
        return NULL;
    kobject_init(&m->obj, CX_OBJ_MEMORY, memobj_destroy);
    m->flags = flags;
    m->npages = npages;
    m->size = npages * PAGE_SIZE;
    return m;
}

struct memobj *memobj_from_boot_module(uint64_t start, uint64_t size, int own_pages)
{
    size_t npages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
    if (npages == 0)
        npages = 1; /* an empty module still makes an object (of size 0) */
    if (!own_pages) {
        struct memobj *m = memobj_create(npages, 0);
        if (!m)
            return NULL;
        for (uint64_t done = 0; done < size;) {
            size_t n = chunk_of(done, size - done);
            if (!memobj_fill_page(m, done / PAGE_SIZE)) {
                kobject_put(&m->obj);
                return NULL;
            }
            memcpy(byte_at(m, done), phys_to_virt(start + done), n);
            done += n;
        }
        m->size = size;
        return m;
    }
    if (npages > MEMOBJ_MAX_PAGES)
        return NULL;
    struct memobj *m = memobj_alloc(npages);
    if (!m)
        return NULL;
    for (size_t i = 0; i < npages; i++)
        m->frames[i] = start + i * PAGE_SIZE;
    if (size % PAGE_SIZE) /* a mapping shows the whole last page: no stale bytes in it */
        memset((char *)phys_to_virt(start) + size, 0, PAGE_SIZE - size % PAGE_SIZE);
    kobject_init(&m->obj, CX_OBJ_MEMORY, memobj_destroy);
    m->flags = MEMOBJ_BOOT;
    m->npages = npages;
    m->size = size;
    return m;
}

uint64_t memobj_create_from_pool(struct cap_slot *pool, uint64_t size, uint32_t rights, cx_cap_t *out)
{
    if (!memobj_is_pool(pool->obj))
        return CX_MKERR(CX_ERR_NOT_SUPPORTED);
    if (size == 0 || (rights & ~CX_RIGHTS_ALL))
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if (size > MEMOBJ_MAX_PAGES * PAGE_SIZE)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    struct memobj *m = memobj_create((size + PAGE_SIZE - 1) / PAGE_SIZE, 0);
    if (!m)
        return CX_MKERR(CX_ERR_OUT_OF_MEMORY);
    /* A child of the pool capability: revoking the pool capability revokes it. */
    cx_cap_t c = cspace_derive(current_cspace(), pool, &m->obj, rights);
    kobject_put(&m->obj); /* the capability holds it now, or nothing does */
    if (!c)
        return CX_MKERR(CX_ERR_RESOURCE_EXHAUSTED);
    *out = c;
    return 0;
}

uint64_t memobj_pool_authority(struct cspace *cs, cx_cap_t token, uint32_t rights)
{
    /* Whatever is wrong with it (none given, a stale or foreign token,
       another object, missing rights), the caller lacks the authority:
       PermissionDenied, the one answer a program without it sees. */
    struct cap_slot *s;
    if (cspace_lookup(cs, token, CX_OBJ_MEMORY, 0, &s) || !memobj_is_pool(s->obj) ||
        (s->rights & rights) != rights)
        return CX_MKERR(CX_ERR_PERMISSION_DENIED);
    return 0;
}

void memobj_release_pages(struct memobj *m, size_t first, size_t n)
{
    if (m->flags & MEMOBJ_ANON) /* shareable objects keep their pages while referenced */
        memobj_discard(m, first, n);
}

struct memobj *memobj_create_cow(const struct memobj *src, size_t pgoff, size_t npages)
{
    struct memobj *m = memobj_alloc(npages);
    if (!m)
        return NULL;
    for (size_t i = 0; i < npages; i++) {
        m->frames[i] = memobj_frame(src, pgoff + i); /* none past a shareable object's end */
        if (m->frames[i]) {
            pmm_page(m->frames[i])->refs++;
            m->resident++;
        }
    }
    kobject_init(&m->obj, CX_OBJ_MEMORY, memobj_destroy);
    m->flags = MEMOBJ_ANON;
    m->npages = npages;
    return m;
}

int memobj_page_shared(const struct memobj *m, size_t page)
{
    return m->frames[page] && pmm_page(m->frames[page])->refs > 1;
}

int memobj_own_page(struct memobj *m, size_t page)
{
    if (!memobj_page_shared(m, page))
        return 0;
    /* The reserve is the kernel's own: copy-on-write must not eat it. */
    if (pmm_free_pages() <= MEMOBJ_RESERVE_PAGES)
        return -1;
    uint64_t copy = pmm_alloc();
    if (!copy)
        return -1;
    memcpy(phys_to_virt(copy), phys_to_virt(m->frames[page]), PAGE_SIZE);
    pmm_page(copy)->refs = 1;
    frame_drop(m->frames[page]); /* another object still holds it */
    m->frames[page] = copy;
    return 0;
}

/* Clamps count to the object's end: 0 and *count, or InvalidParameter. */
static uint64_t clamp(const struct memobj *m, uint64_t offset, uint64_t *count)
{
    uint64_t size = m->size;
    if (offset > size)
        return CX_MKERR(CX_ERR_INVALID_PARAMETER);
    if (*count > size - offset)
        *count = size - offset;
    return 0;
}

/* What a page without a frame reads as. */
static const char zero_page[PAGE_SIZE];

/* read (to_user) or write (from the user) count bytes at offset. The whole
   user buffer is checked first, so a bad one transfers nothing. */
static uint64_t transfer(struct memobj *m, struct vmspace *vs, uint64_t buf, uint64_t count,
                         uint64_t offset, int to_user)
{
    if (m->flags & MEMOBJ_POOL)
        return CX_MKERR(CX_ERR_NOT_SUPPORTED);
    uint64_t err = clamp(m, offset, &count);
    if (err)
        return err;
    if (!(to_user ? user_writable(vs, buf, count) : user_readable(vs, buf, count)))
        return CX_MKERR(CX_ERR_INVALID_ADDRESS);
    for (uint64_t done = 0; done < count;) {
        size_t n = chunk_of(offset + done, count - done);
        size_t page = (offset + done) / PAGE_SIZE;
        if (!m->frames[page] && (to_user || !memobj_fill_page(m, page))) {
            if (!to_user) /* no frame for it: what was written stands */
                return done ? done : CX_MKERR(CX_ERR_OUT_OF_MEMORY);
            if (copy_to_user(vs, buf + done, zero_page, n) < 0)
                return CX_MKERR(CX_ERR_INVALID_ADDRESS);
            done += n;
            continue;
        }
        void *at = byte_at(m, offset + done);
        if ((to_user ? copy_to_user(vs, buf + done, at, n) : copy_from_user(vs, at, buf + done, n)) < 0)
            return CX_MKERR(CX_ERR_INVALID_ADDRESS);
        done += n;
    }
    return count;
}

uint64_t memobj_read_user(struct memobj *m, struct vmspace *vs, uint64_t buf, uint64_t count,
                          uint64_t offset)
{
    return transfer(m, vs, buf, count, offset, 1);
}

uint64_t memobj_write_user(struct memobj *m, struct vmspace *vs, uint64_t buf, uint64_t count,
                           uint64_t offset)
{
    return transfer(m, vs, buf, count, offset, 0);
}

/* --- shareable objects: sparse and resizable ----------------------------------- */

uint64_t memobj_fill_page(struct memobj *m, size_t page)
{
    if (m->frames[page])
        return m->frames[page];
    if (pmm_free_pages() <= MEMOBJ_RESERVE_PAGES) /* the kernel's own reserve */
        return 0;
    uint64_t pa = pmm_alloc(); /* zeroed */
    if (!pa)
        return 0;
    pmm_page(pa)->refs = 1;
    m->frames[page] = pa;
    m->resident++;
    return pa;
}

/* Clips [first, first+n) to the object's pages: the end. */
static size_t clip(const struct memobj *m, size_t first, size_t n)
{
    if (first >= m->npages)
        return first;
    return n < m->npages - first ? first + n : m->npages;
}

size_t memobj_discard(struct memobj *m, size_t first, size_t n)
{
    size_t end = clip(m, first, n), dropped = 0;
    for (size_t i = first; i < end; i++)
        if (m->frames[i]) {
            frame_drop(m->frames[i]);
            m->frames[i] = 0;
            dropped++;
        }
    m->resident -= dropped;
    return dropped;
}

int memobj_set_size(struct memobj *m, uint64_t size)
{
    size_t npages = (size_t)((size + PAGE_SIZE - 1) / PAGE_SIZE);
    if (size > (uint64_t)MEMOBJ_MAX_PAGES * PAGE_SIZE)
        return -1;
    if (npages != m->npages) {
        int failed;
        uint64_t *t = table_alloc(npages, &failed);
        if (failed)
            return -1;
        if (npages < m->npages)
            memobj_discard(m, npages, m->npages - npages);
        if (t && m->frames)
            memcpy(t, m->frames, (npages < m->npages ? npages : m->npages) * sizeof *t);
        kfree(m->frames);
        m->frames = t;
        m->npages = npages;
    }
    /* Bytes past the end read as zeros, now and after growing again. */
    if (size % PAGE_SIZE && m->frames[size / PAGE_SIZE])
        memset(byte_at(m, size), 0, PAGE_SIZE - size % PAGE_SIZE);
    m->size = size;
    return 0;
}

size_t memobj_commit(struct memobj *m, size_t first, size_t n)
{
    size_t end = clip(m, first, n), added = 0;
    for (size_t i = first; i < end; i++)
        if (!m->frames[i]) {
            if (!memobj_fill_page(m, i))
                return SIZE_MAX;
            added++;
        }
    return added;
}

size_t memobj_count_resident(const struct memobj *m, size_t first, size_t n)
{
    size_t end = clip(m, first, n), count = 0;
    if (first == 0 && end == m->npages)
        return m->resident; /* the whole object: kept as frames come and go */
    for (size_t i = first; i < end; i++)
        count += m->frames[i] != 0;
    return count;
}

size_t memobj_next_page(const struct memobj *m, size_t first, size_t n, int resident)
{
    size_t end = clip(m, first, n), i = first;
    while (i < end && (m->frames[i] != 0) != (resident != 0))
        i++;
    return i;
}

size_t memobj_read_kernel(const struct memobj *m, void *dst, size_t n, uint64_t offset)
{
    if (offset >= m->size)
        return 0;
    if (n > m->size - offset)
        n = (size_t)(m->size - offset);
    char *d = dst;
    for (size_t done = 0; done < n;) {
        size_t chunk = chunk_of(offset + done, n - done);
        uint64_t frame = memobj_frame(m, (offset + done) / PAGE_SIZE);
        if (frame)
            memcpy(d + done, (char *)phys_to_virt(frame) + (offset + done) % PAGE_SIZE, chunk);
        else
            memset(d + done, 0, chunk);
        done += chunk;
    }
    return n;
}
