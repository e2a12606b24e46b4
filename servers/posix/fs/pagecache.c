/* The page cache: regular files' pages in kernel memory objects (see
   pagecache.h). data.c hands a cached file's data calls to the operations
   here; the object's size is the file's size. */
#include "pagecache.h"
#include "posix.h"
#include <calyx/syscalls.h>
#include <calyx/malloc.h>
#include <asm-generic/errno.h>

#define PG VFS_PAGE_SIZE
_Static_assert(VFS_PAGE_SIZE == CX_PAGE_SIZE, "a file page is a memory object page");

struct file_cache {
    struct vfs_pages base; /* first: what data.c sees */
    cx_cap_t mem;          /* the file's pages */
    uint64_t serial;       /* futex keys of its mappings (mm.h) */
};

/* Serials of cached files have bit 62 set: the server's other shared
   objects (anonymous MAP_SHARED, System V segments) count from 1 below it. */
static uint64_t next_serial = 1ull << 62;

static struct file_cache *cache_of(const struct vnode *vn)
{
    return (struct file_cache *)vn->u.reg.cache;
}

static uint64_t pages_of(uint64_t bytes) { return (bytes + PG - 1) / PG; }

/* u.reg.pages and the filesystem's data_pages follow the object's frames
   (a mapping touching a page gives it one too). */
static void refresh(struct vnode *vn)
{
    uint64_t n = cx_memory_pages(cache_of(vn)->mem, CX_PAGES_RESIDENT, 0, UINT64_MAX);
    if (CX_IS_ERR(n))
        return;
    vn->fs->data_pages = vn->fs->data_pages - vn->u.reg.pages + n;
    vn->u.reg.pages = n;
}

/* Whether pages [first, first+n) can all have frames within the
   filesystem's data limit (ENOSPC as data.c's: frames count, holes not). */
static int room_for(struct vnode *vn, uint64_t first, uint64_t n)
{
    const struct vfs *fs = vn->fs;
    if ((fs->data_pages + n) * PG <= fs->data_limit)
        return 1;
    uint64_t have = cx_memory_pages(cache_of(vn)->mem, CX_PAGES_RESIDENT, first, n);
    return !CX_IS_ERR(have) && (fs->data_pages + n - have) * PG <= fs->data_limit;
}

static int set_size(struct vnode *vn, uint64_t size)
{
    if (size > CX_MEMORY_OBJECT_MAX)
        return -EFBIG;
    return CX_IS_ERR(cx_memory_resize(cache_of(vn)->mem, size)) ? -ENOMEM : 0;
}

static int64_t cache_read(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    uint64_t r = cx_read(cache_of(vn)->mem, buf, len, off);
    return CX_IS_ERR(r) ? -EIO : (int64_t)r;
}

static int64_t cache_write(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    uint64_t size = vn->u.reg.size;
    if (off >= CX_MEMORY_OBJECT_MAX)
        return -EFBIG;
    if (len > CX_MEMORY_OBJECT_MAX - off)
        len = (size_t)(CX_MEMORY_OBJECT_MAX - off); /* a short write up to the limit */
    uint64_t end = off + len;
    if (!room_for(vn, off / PG, pages_of(end) - off / PG))
        return -ENOSPC;
    if (end > size && set_size(vn, end) < 0)
        return -ENOSPC;
    uint64_t r = cx_write(cache_of(vn)->mem, buf, len, off);
    if (CX_IS_ERR(r))
        r = 0; /* out of memory before the first byte */
    if (off + r > size)
        size = off + r;
    if (end > size)
        set_size(vn, size); /* give back what was not written: cannot fail when shrinking */
    vn->u.reg.size = size;
    refresh(vn);
    return r ? (int64_t)r : -ENOSPC;
}

static int cache_resize(struct vnode *vn, uint64_t size)
{
    int r = set_size(vn, size);
    if (r == 0)
        refresh(vn);
    return r;
}

/* Zeroes [from, to) inside one page, if that page has a frame. */
static void zero_in_page(struct vnode *vn, uint64_t from, uint64_t to)
{
    static const char zeros[PG];
    cx_cap_t mem = cache_of(vn)->mem;
    if (to > from && cx_memory_pages(mem, CX_PAGES_RESIDENT, from / PG, 1) == 1)
        cx_write(mem, zeros, to - from, from);
}

static void cache_punch(struct vnode *vn, uint64_t from, uint64_t to)
{
    uint64_t first_full = pages_of(from), end_full = to / PG;
    if (first_full >= end_full) { /* inside one page, or across one page boundary */
        uint64_t mid = (from / PG + 1) * PG;
        zero_in_page(vn, from, to < mid ? to : mid);
        zero_in_page(vn, mid, to);
    } else {
        zero_in_page(vn, from, first_full * PG);
        cx_memory_pages(cache_of(vn)->mem, CX_PAGES_DISCARD, first_full, end_full - first_full);
        zero_in_page(vn, end_full * PG, to);
    }
    refresh(vn);
}

/* fallocate: pages past the size with FALLOC_FL_KEEP_SIZE are not
   allocated (the object ends at the size): they count when written. */
static int cache_allocate(struct vnode *vn, uint64_t from, uint64_t to, int keep_size)
{
    uint64_t size = vn->u.reg.size, end = keep_size || to <= size ? size : to;
    uint64_t stop = to < end ? to : end;
    uint64_t first = from / PG, n = stop > from ? pages_of(stop) - first : 0;
    if (end > CX_MEMORY_OBJECT_MAX)
        return -EFBIG;
    if (!room_for(vn, first, n))
        return -ENOSPC;
    if (end != size && set_size(vn, end) < 0)
        return -ENOSPC;
    if (CX_IS_ERR(cx_memory_pages(cache_of(vn)->mem, CX_PAGES_COMMIT, first, n))) {
        if (end != size)
            set_size(vn, size);
        refresh(vn);
        return -ENOSPC;
    }
    vn->u.reg.size = end;
    refresh(vn);
    return 0;
}

static int64_t cache_seek_data(struct vnode *vn, uint64_t off, int data)
{
    uint64_t size = vn->u.reg.size, npages = pages_of(size);
    uint64_t pg = cx_memory_pages(cache_of(vn)->mem, data ? CX_PAGES_NEXT_RESIDENT : CX_PAGES_NEXT_ABSENT,
                                  off / PG, npages - off / PG);
    if (CX_IS_ERR(pg) || pg >= npages)
        return data ? -ENXIO : (int64_t)size;
    uint64_t at = pg * PG;
    return (int64_t)(at > off ? at : off);
}

/* The file is gone: its mappings keep the object as long as they last. */
static void cache_release(struct vnode *vn)
{
    struct file_cache *c = cache_of(vn);
    vn->fs->data_pages -= vn->u.reg.pages;
    vn->u.reg.pages = 0;
    cx_capability_revoke(c->mem);
    free(c);
}

static const struct vfs_cache_ops cache_ops = {
    .read = cache_read,
    .write = cache_write,
    .resize = cache_resize,
    .punch = cache_punch,
    .allocate = cache_allocate,
    .seek_data = cache_seek_data,
    .refresh = refresh,
    .release = cache_release,
};

/* The file's pages move into a new object (holes stay holes). */
static int move_in(struct vnode *vn)
{
    uint64_t size = vn->u.reg.size;
    if (size > CX_MEMORY_OBJECT_MAX)
        return -EFBIG;
    struct file_cache *c = malloc(sizeof *c);
    if (!c)
        return -ENOMEM;
    uint64_t m = cx_capability_create(CX_OBJ_MEMORY, PG, CX_RIGHTS_ALL, posix_pool_cap);
    if (CX_IS_ERR(m)) {
        free(c);
        return -ENOMEM;
    }
    int ok = !CX_IS_ERR(cx_memory_resize(m, size));
    for (uint64_t pg = 0; ok && pg < pages_of(size); pg++) {
        const uint8_t *p = vfs_reg_page(vn, pg);
        uint64_t n = size - pg * PG < PG ? size - pg * PG : PG;
        ok = !p || cx_write(m, p, n, pg * PG) == n;
    }
    if (!ok) {
        cx_capability_revoke(m);
        free(c);
        return -ENOMEM;
    }
    c->base.ops = &cache_ops;
    c->mem = m;
    c->serial = next_serial++;
    vfs_reg_attach_cache(vn, &c->base);
    refresh(vn);
    return 0;
}

int pagecache_share(struct vnode *vn, cx_cap_t *mem, uint64_t *serial)
{
    if (!vfs_is_reg(vn))
        return -EINVAL;
    if (!vn->u.reg.cache) {
        int r = move_in(vn);
        if (r < 0)
            return r;
    }
    *mem = cache_of(vn)->mem;
    *serial = cache_of(vn)->serial;
    return 0;
}
