/* Regular files' data, in pages from the page pool: read, write,
   truncate, fallocate, SEEK_DATA/HOLE, map; statfs. See vfs.h. A file
   mapped shared keeps its pages in a kernel memory object instead
   (u.reg.cache, pagecache.c): each call here hands such a file over. */
#include "vfs.h"
#include "vfs_internal.h"
#include "pagepool.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

/* A regular file's bytes live in VFS_PAGE_SIZE pages found through a
   two-level table: leaves[page / VFS_LEAF_PAGES]->page[page % VFS_LEAF_PAGES].
   A missing leaf or page is a hole and reads as zeros; only written or
   fallocated pages take memory, so a 1 GiB truncate costs nothing. */

struct vfs_leaf {
    uint8_t *page[VFS_LEAF_PAGES];
    unsigned used; /* pages present: a leaf with none is freed */
};

#define PAGE_OF(off) ((off) / VFS_PAGE_SIZE)
_Static_assert(VFS_PAGE_SIZE == PAGEPOOL_PAGE, "file pages come from the page pool");

static int not_regular(const struct vnode *vn)
{
    return vfs_is_dir(vn) ? -EISDIR : -EINVAL;
}

static uint8_t *page_get(const struct vnode *vn, uint64_t pg)
{
    uint64_t l = pg / VFS_LEAF_PAGES;
    if (l >= vn->u.reg.nleaves || !vn->u.reg.leaves[l])
        return 0;
    return vn->u.reg.leaves[l]->page[pg % VFS_LEAF_PAGES];
}

static int data_full(const struct vfs *fs, uint64_t more)
{
    return (fs->data_pages + more) * VFS_PAGE_SIZE > fs->data_limit;
}

/* The page pg, allocated (zeroed) if missing. NULL when memory or the
   filesystem's data limit is exhausted (ENOSPC). */
static uint8_t *page_alloc(struct vnode *vn, uint64_t pg)
{
    uint8_t *p = page_get(vn, pg);
    if (p)
        return p;
    if (data_full(vn->fs, 1))
        return 0;
    uint64_t l = pg / VFS_LEAF_PAGES;
    if (l >= vn->u.reg.nleaves) {
        size_t n = vn->u.reg.nleaves ? vn->u.reg.nleaves : 1;
        while (n <= l)
            n *= 2;
        struct vfs_leaf **t = realloc(vn->u.reg.leaves, n * sizeof *t);
        if (!t)
            return 0;
        memset(t + vn->u.reg.nleaves, 0, (n - vn->u.reg.nleaves) * sizeof *t);
        vn->u.reg.leaves = t;
        vn->u.reg.nleaves = n;
    }
    struct vfs_leaf *leaf = vn->u.reg.leaves[l];
    if (!leaf && !(leaf = vn->u.reg.leaves[l] = calloc(1, sizeof *leaf)))
        return 0;
    p = pagepool_alloc();
    if (!p) {
        if (!leaf->used) {
            free(leaf);
            vn->u.reg.leaves[l] = 0;
        }
        return 0;
    }
    leaf->page[pg % VFS_LEAF_PAGES] = p;
    leaf->used++;
    vn->u.reg.pages++;
    vn->fs->data_pages++;
    return p;
}

/* Frees the pages first <= pg < last (holes skipped quickly leaf by leaf). */
static void pages_free(struct vnode *vn, uint64_t first, uint64_t last)
{
    uint64_t limit = (uint64_t)vn->u.reg.nleaves * VFS_LEAF_PAGES;
    if (last > limit)
        last = limit;
    for (uint64_t pg = first; pg < last;) {
        struct vfs_leaf *leaf = vn->u.reg.leaves[pg / VFS_LEAF_PAGES];
        if (!leaf) {
            pg = (pg / VFS_LEAF_PAGES + 1) * VFS_LEAF_PAGES;
            continue;
        }
        uint8_t **slot = &leaf->page[pg % VFS_LEAF_PAGES];
        if (*slot) {
            pagepool_free(*slot);
            *slot = 0;
            vn->u.reg.pages--;
            vn->fs->data_pages--;
            if (--leaf->used == 0) {
                free(leaf);
                vn->u.reg.leaves[pg / VFS_LEAF_PAGES] = 0;
                pg = (pg / VFS_LEAF_PAGES + 1) * VFS_LEAF_PAGES;
                continue;
            }
        }
        pg++;
    }
}

/* Zeroes [from, to) inside one page, if that page exists. */
static void zero_in_page(struct vnode *vn, uint64_t from, uint64_t to)
{
    uint8_t *p = page_get(vn, PAGE_OF(from));
    if (p && to > from)
        memset(p + from % VFS_PAGE_SIZE, 0, (size_t)(to - from));
}

/* Zeroes the bytes of [from, to) (pages that are present), freeing whole pages. */
static void punch(struct vnode *vn, uint64_t from, uint64_t to)
{
    if (from >= to)
        return;
    uint64_t first_full = (from + VFS_PAGE_SIZE - 1) / VFS_PAGE_SIZE, end_full = PAGE_OF(to);
    if (first_full >= end_full) { /* inside one page, or across one page boundary */
        uint64_t mid = (PAGE_OF(from) + 1) * VFS_PAGE_SIZE;
        zero_in_page(vn, from, to < mid ? to : mid);
        if (to > mid)
            zero_in_page(vn, mid, to);
        return;
    }
    zero_in_page(vn, from, first_full * VFS_PAGE_SIZE);
    pages_free(vn, first_full, end_full);
    zero_in_page(vn, end_full * VFS_PAGE_SIZE, to);
}

static void leaves_free(struct vnode *vn)
{
    pages_free(vn, 0, (uint64_t)vn->u.reg.nleaves * VFS_LEAF_PAGES);
    free(vn->u.reg.leaves);
    vn->u.reg.leaves = 0;
    vn->u.reg.nleaves = 0;
}

void vfs_reg_free(struct vnode *vn)
{
    if (vn->u.reg.cache) {
        vn->u.reg.cache->ops->release(vn);
        vn->u.reg.cache = 0;
    }
    leaves_free(vn);
}

const uint8_t *vfs_reg_page(const struct vnode *vn, uint64_t pg)
{
    return page_get(vn, pg);
}

void vfs_reg_attach_cache(struct vnode *vn, struct vfs_pages *cache)
{
    leaves_free(vn);
    vn->u.reg.cache = cache;
}

uint64_t vfs_reg_pages(const struct vnode *vn)
{
    /* The count of a cached file is a copy of the kernel's: bringing it up
       to date changes nothing about the file (stat takes a const node). */
    if (vn->u.reg.cache)
        vn->u.reg.cache->ops->refresh((struct vnode *)vn);
    return vn->u.reg.pages;
}

/* --- seals ------------------------------------------------------------------------------- */

int vfs_sealable(const struct vnode *vn)
{
    /* tmpfs's own files: not ext2's, /proc's or mqueue's queues */
    return vfs_is_reg(vn) && !vn->synth && !vn->fs->file_ops &&
           (!vn->fs->type || !strcmp(vn->fs->type, "tmpfs"));
}

int vfs_add_seals(struct vnode *vn, uint32_t seals)
{
    if (seals & ~(uint32_t)VFS_SEAL_ALL)
        return -EINVAL;
    if (!vfs_sealable(vn))
        return -EINVAL;
    if (vn->seals & VFS_SEAL_SEAL)
        return -EPERM;
    /* A mapping that may store would change the bytes behind the seal. */
    if ((seals & VFS_SEAL_WRITE) && !(vn->seals & VFS_SEAL_WRITE) && vn->mapped_writable)
        return -EBUSY;
    vn->seals |= (uint8_t)seals;
    return 0;
}

/* Whether the seals allow the size to become size (SHRINK, GROW). */
static int seals_allow_size(const struct vnode *vn, uint64_t size)
{
    if (size < vn->u.reg.size && (vn->seals & VFS_SEAL_SHRINK))
        return 0;
    return !(size > vn->u.reg.size && (vn->seals & VFS_SEAL_GROW));
}

/* Whether the seals refuse writing len bytes at off: the whole write, not
   a part up to the end (Linux refuses per page; a write within one page is
   the same). */
static int seals_refuse_write(const struct vnode *vn, uint64_t off, size_t len)
{
    if (vn->seals & VFS_SEALS_NO_WRITE)
        return 1;
    return off + len > vn->u.reg.size && (vn->seals & VFS_SEAL_GROW);
}

/* Copies [off, off+len) of the file (inside its size) out, holes as zeros. */
static void copy_out(const struct vnode *vn, uint8_t *buf, size_t len, uint64_t off)
{
    while (len) {
        size_t in = (size_t)(off % VFS_PAGE_SIZE), n = VFS_PAGE_SIZE - in;
        if (n > len)
            n = len;
        const uint8_t *p = page_get(vn, PAGE_OF(off));
        if (p)
            memcpy(buf, p + in, n);
        else
            memset(buf, 0, n);
        buf += n, off += n, len -= n;
    }
}

int64_t vfs_read(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    if (!vfs_is_reg(vn))
        return not_regular(vn);
    vfs_touch(vn, 1, 0, 0);
    if (off >= vn->u.reg.size)
        return 0;
    uint64_t n = vn->u.reg.size - off;
    if (n > len)
        n = len;
    if (vn->u.reg.cache)
        return vn->u.reg.cache->ops->read(vn, buf, (size_t)n, off);
    copy_out(vn, buf, (size_t)n, off);
    return (int64_t)n;
}

int64_t vfs_write(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    if (!vfs_is_reg(vn))
        return not_regular(vn);
    if (len == 0)
        return 0;
    if (seals_refuse_write(vn, off, len))
        return -EPERM;
    if (off >= VFS_MAX_FILE_SIZE)
        return -EFBIG;
    if (len > VFS_MAX_FILE_SIZE - off)
        len = (size_t)(VFS_MAX_FILE_SIZE - off); /* a short write up to the limit */
    if (vn->u.reg.cache) {
        int64_t n = vn->u.reg.cache->ops->write(vn, buf, len, off);
        if (n > 0)
            vfs_touch(vn, 0, 1, 1);
        return n;
    }
    const uint8_t *src = buf;
    size_t done = 0;
    while (done < len) {
        uint64_t at = off + done;
        size_t in = (size_t)(at % VFS_PAGE_SIZE), n = VFS_PAGE_SIZE - in;
        if (n > len - done)
            n = len - done;
        uint8_t *p = page_alloc(vn, PAGE_OF(at));
        if (!p)
            break; /* full: a short write, or ENOSPC when nothing was written */
        memcpy(p + in, src + done, n);
        done += n;
    }
    if (done == 0)
        return -ENOSPC;
    if (off + done > vn->u.reg.size)
        vn->u.reg.size = off + done;
    vfs_touch(vn, 0, 1, 1);
    return (int64_t)done;
}

int vfs_truncate(struct vnode *vn, uint64_t size)
{
    if (!vfs_is_reg(vn))
        return not_regular(vn);
    if (size > VFS_MAX_FILE_SIZE)
        return -EFBIG;
    if (!seals_allow_size(vn, size))
        return -EPERM; /* WRITE alone does not stop a truncate, as Linux */
    if (vn->u.reg.cache) {
        int r = vn->u.reg.cache->ops->resize(vn, size);
        if (r < 0)
            return r;
    } else if (size < vn->u.reg.size) {
        /* Whole pages past the end go; the tail of the last one is zeroed so
           growing again later reads zeros there. */
        uint64_t keep = (size + VFS_PAGE_SIZE - 1) / VFS_PAGE_SIZE;
        pages_free(vn, keep, PAGE_OF(vn->u.reg.size - 1) + 1);
        if (size % VFS_PAGE_SIZE)
            zero_in_page(vn, size, keep * VFS_PAGE_SIZE);
    }
    if (size != vn->u.reg.size)
        vfs_touch(vn, 0, 1, 1); /* as tmpfs: the same size changes no time */
    vn->u.reg.size = size;
    return 0;
}

int vfs_fallocate(struct vnode *vn, int mode, int64_t off, int64_t len)
{
    if (mode & ~(VFS_FALLOC_KEEP_SIZE | VFS_FALLOC_PUNCH_HOLE))
        return -EOPNOTSUPP;
    if ((mode & VFS_FALLOC_PUNCH_HOLE) && !(mode & VFS_FALLOC_KEEP_SIZE))
        return -EOPNOTSUPP;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (vfs_is_dir(vn))
        return -EISDIR;
    if (!vfs_is_reg(vn))
        return -ENODEV;
    if ((uint64_t)off > VFS_MAX_FILE_SIZE || (uint64_t)len > VFS_MAX_FILE_SIZE - (uint64_t)off)
        return -EFBIG;
    uint64_t from = (uint64_t)off, to = from + (uint64_t)len;
    /* As Linux's shmem: a hole changes the bytes; allocating does not, but
       GROW refuses reaching past the end even with KEEP_SIZE. */
    if ((mode & VFS_FALLOC_PUNCH_HOLE) ? (vn->seals & VFS_SEALS_NO_WRITE) != 0
                                       : (to > vn->u.reg.size && (vn->seals & VFS_SEAL_GROW)))
        return -EPERM;
    if (mode & VFS_FALLOC_PUNCH_HOLE) {
        uint64_t end = to < vn->u.reg.size ? to : vn->u.reg.size;
        if (vn->u.reg.cache) {
            if (from < end)
                vn->u.reg.cache->ops->punch(vn, from, end);
        } else {
            punch(vn, from, end);
        }
        vfs_touch(vn, 0, 1, 1);
        return 0;
    }
    if (vn->u.reg.cache) {
        int r = vn->u.reg.cache->ops->allocate(vn, from, to, (mode & VFS_FALLOC_KEEP_SIZE) != 0);
        if (r < 0)
            return r;
        vfs_touch(vn, 0, 1, 1);
        return 0;
    }
    /* Count first, so a request that cannot fit changes nothing. */
    uint64_t missing = 0;
    for (uint64_t pg = PAGE_OF(from); pg <= PAGE_OF(to - 1); pg++)
        if (!page_get(vn, pg))
            missing++;
    if (data_full(vn->fs, missing))
        return -ENOSPC;
    for (uint64_t pg = PAGE_OF(from); pg <= PAGE_OF(to - 1); pg++)
        if (!page_alloc(vn, pg))
            return -ENOSPC;
    if (!(mode & VFS_FALLOC_KEEP_SIZE) && to > vn->u.reg.size)
        vn->u.reg.size = to;
    vfs_touch(vn, 0, 1, 1);
    return 0;
}

int64_t vfs_seek_data(struct vnode *vn, uint64_t off, int data)
{
    if (!vfs_is_reg(vn))
        return -EINVAL;
    uint64_t size = vn->u.reg.size;
    if (off >= size)
        return -ENXIO;
    if (vn->u.reg.cache)
        return vn->u.reg.cache->ops->seek_data(vn, off, data);
    for (uint64_t pg = PAGE_OF(off); pg * VFS_PAGE_SIZE < size;) {
        uint64_t l = pg / VFS_LEAF_PAGES;
        if (data && l >= vn->u.reg.nleaves)
            break; /* no page anywhere after */
        if (data && !vn->u.reg.leaves[l]) {
            pg = (l + 1) * VFS_LEAF_PAGES; /* skip a leaf with no pages */
            continue;
        }
        if ((page_get(vn, pg) != 0) == data) {
            uint64_t at = pg * VFS_PAGE_SIZE;
            return (int64_t)(at > off ? at : off);
        }
        pg++;
    }
    return data ? -ENXIO : (int64_t)size;
}

int vfs_map(struct vnode *vn, uint8_t **data, size_t *size)
{
    return vfs_map_head(vn, SIZE_MAX, data, size);
}

int vfs_map_head(struct vnode *vn, size_t max, uint8_t **data, size_t *size)
{
    if (!vfs_is_reg(vn))
        return -EINVAL;
    *size = vn->u.reg.size < max ? (size_t)vn->u.reg.size : max;
    *data = 0;
    if (*size == 0)
        return 0;
    uint8_t *buf = malloc(*size);
    if (!buf)
        return -ENOMEM;
    if (vn->u.reg.cache) {
        if (vn->u.reg.cache->ops->read(vn, buf, *size, 0) != (int64_t)*size) {
            free(buf);
            return -EIO;
        }
        *data = buf;
        return 0;
    }
    copy_out(vn, buf, *size, 0);
    *data = buf;
    return 0;
}

void vfs_statfs(struct vfs *fs, uint64_t *blocks, uint64_t *bfree, uint64_t *files,
                uint64_t *ffree)
{
    *blocks = fs->data_limit / VFS_PAGE_SIZE;
    *bfree = *blocks > fs->data_pages ? *blocks - fs->data_pages : 0;
    /* a filesystem that holds no data (procfs) has no inode count either, as Linux's */
    *files = fs->data_limit ? VFS_MAX_NODES : 0;
    *ffree = fs->data_limit ? VFS_MAX_NODES - fs->nodes : 0;
}
