/* Directories: the entries in cookie order, their hash index and holes;
   readdir and walking a tree. See vfs.h. */
#include "vfs.h"
#include "vfs_internal.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

/* Directories keep their entries in an array in cookie order, so readdir
   resumes anywhere; names are found by a scan while a directory is small,
   and through a hash index once it holds VFS_DIR_INDEX_MIN entries, so
   creating the n-th file of a large directory does not cost n compares. */
#define VFS_DIR_INDEX_MIN 32
#define VFS_DIR_TOMB UINT64_MAX

static uint64_t name_hash(const char *name, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)name[i]) * 0x100000001b3ull;
    return h;
}

/* The entry with this cookie (cookies rise along the array). */
static struct vfs_dirent *entry_by_cookie(struct vnode *dir, uint64_t cookie)
{
    size_t lo = 0, hi = dir->u.dir.count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint64_t c = dir->u.dir.ents[mid].cookie;
        if (c == cookie)
            return &dir->u.dir.ents[mid];
        if (c < cookie)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void index_put(struct vnode *dir, const struct vfs_dirent *e)
{
    size_t mask = dir->u.dir.index_cap - 1;
    for (size_t i = name_hash(e->name, e->namelen) & mask;; i = (i + 1) & mask) {
        uint64_t *slot = &dir->u.dir.index[i];
        if (*slot == 0 || *slot == VFS_DIR_TOMB) {
            *slot = e->cookie + 1;
            dir->u.dir.index_used++;
            return;
        }
    }
}

/* (Re)builds the index with room for twice the entries; dropped (and
   lookups scan) when the directory is small or memory is short. */
static void index_rebuild(struct vnode *dir)
{
    free(dir->u.dir.index);
    dir->u.dir.index = 0;
    dir->u.dir.index_cap = dir->u.dir.index_used = 0;
    if (dir->u.dir.count < VFS_DIR_INDEX_MIN)
        return;
    size_t cap = 64;
    while (cap < dir->u.dir.count * 2)
        cap *= 2;
    uint64_t *index = calloc(cap, sizeof *index);
    if (!index)
        return;
    dir->u.dir.index = index;
    dir->u.dir.index_cap = cap;
    for (size_t i = 0; i < dir->u.dir.count; i++)
        if (dir->u.dir.ents[i].node)
            index_put(dir, &dir->u.dir.ents[i]);
}

/* Squeezes the holes out (the order, and so every cookie, stays). */
static void compact(struct vnode *dir)
{
    size_t n = 0;
    for (size_t i = 0; i < dir->u.dir.count; i++)
        if (dir->u.dir.ents[i].node)
            dir->u.dir.ents[n++] = dir->u.dir.ents[i];
    dir->u.dir.count = n;
    dir->u.dir.holes = 0;
}

static uint64_t *index_slot(struct vnode *dir, const char *name, size_t len)
{
    size_t mask = dir->u.dir.index_cap - 1;
    for (size_t i = name_hash(name, len) & mask;; i = (i + 1) & mask) {
        uint64_t *slot = &dir->u.dir.index[i];
        if (*slot == 0)
            return 0;
        if (*slot == VFS_DIR_TOMB)
            continue;
        struct vfs_dirent *e = entry_by_cookie(dir, *slot - 1);
        if (e && e->namelen == len && memcmp(e->name, name, len) == 0)
            return slot;
    }
}

struct vfs_dirent *vfs_dir_lookup_n(struct vnode *dir, const char *name, size_t len)
{
    if (dir->u.dir.index) {
        uint64_t *slot = index_slot(dir, name, len);
        return slot ? entry_by_cookie(dir, *slot - 1) : 0;
    }
    for (size_t i = 0; i < dir->u.dir.count; i++) {
        struct vfs_dirent *e = &dir->u.dir.ents[i];
        if (e->node && e->namelen == len && memcmp(e->name, name, len) == 0)
            return e;
    }
    return 0;
}

struct vnode *vfs_dir_find(struct vnode *dir, const char *name)
{
    if (!vfs_is_dir(dir))
        return 0;
    vfs_synth_refresh(dir);
    struct vfs_dirent *e = vfs_dir_lookup_n(dir, name, strlen(name));
    return e ? e->node : 0;
}

/* Adds name -> node; the caller has checked the name is free. */
int vfs_dir_add(struct vnode *dir, const char *name, struct vnode *node)
{
    size_t len = strlen(name);
    if (dir->u.dir.holes && dir->u.dir.holes * 2 >= dir->u.dir.count)
        compact(dir); /* (amortized: half the array was holes) */
    if (dir->u.dir.count == dir->u.dir.cap) {
        size_t cap = dir->u.dir.cap ? dir->u.dir.cap * 2 : 8;
        struct vfs_dirent *n = realloc(dir->u.dir.ents, cap * sizeof *n);
        if (!n)
            return -ENOSPC;
        dir->u.dir.ents = n;
        dir->u.dir.cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy)
        return -ENOSPC;
    memcpy(copy, name, len + 1);
    struct vfs_dirent *e = &dir->u.dir.ents[dir->u.dir.count++];
    e->node = node;
    e->cookie = dir->u.dir.next_cookie++;
    e->namelen = (uint16_t)len;
    e->name = copy;
    node->nlink++;
    /* (slots in use, tombstones included, stay under three quarters) */
    if (!dir->u.dir.index || (dir->u.dir.index_used + 1) * 4 > dir->u.dir.index_cap * 3)
        index_rebuild(dir);
    else
        index_put(dir, e);
    return 0;
}

/* Removes an entry (keeping the order of the others); node->nlink is the caller's. */
void vfs_dir_remove(struct vnode *dir, struct vfs_dirent *e)
{
    if (dir->u.dir.index) {
        uint64_t *slot = index_slot(dir, e->name, e->namelen);
        if (slot)
            *slot = VFS_DIR_TOMB; /* still counted in index_used until a rebuild */
    }
    free(e->name);
    e->name = 0;
    e->namelen = 0;
    e->node = 0; /* a hole, keeping its cookie: later entries stay where they are */
    dir->u.dir.holes++;
    if (e == &dir->u.dir.ents[dir->u.dir.count - 1]) { /* the last ones need no hole */
        while (dir->u.dir.count && !dir->u.dir.ents[dir->u.dir.count - 1].node) {
            dir->u.dir.count--;
            dir->u.dir.holes--;
        }
    }
}

struct vfs_dirent *vfs_dir_entry(struct vnode *dir, const char *name)
{
    return vfs_dir_lookup_n(dir, name, strnlen(name, VFS_NAME_MAX + 1));
}

int vfs_readdir(struct vnode *dir, uint64_t *pos, const char **name, size_t *namelen,
                struct vnode **node)
{
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    vfs_synth_refresh(dir);
    if (*pos == 0 || *pos == 1) {
        *name = *pos ? ".." : ".";
        *namelen = *pos + 1;
        *node = *pos ? (dir->parent ? dir->parent : dir) : dir;
        (*pos)++;
        return 1;
    }
    size_t lo = 0, hi = dir->u.dir.count; /* the first entry with cookie >= *pos */
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dir->u.dir.ents[mid].cookie < *pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < dir->u.dir.count; i++) {
        struct vfs_dirent *e = &dir->u.dir.ents[i];
        if (e->node) {
            *name = e->name;
            *namelen = e->namelen;
            *node = e->node;
            *pos = e->cookie + 1;
            return 1;
        }
    }
    return 0;
}

/* The entry naming vn in dir, or NULL. */
struct vfs_dirent *vfs_dir_entry_of(struct vnode *dir, const struct vnode *vn)
{
    for (size_t i = 0; i < dir->u.dir.count; i++)
        if (dir->u.dir.ents[i].node == vn)
            return &dir->u.dir.ents[i];
    return 0;
}

struct vnode *vfs_tree_find(struct vnode *top, int (*match)(const struct vfs_dirent *e, void *arg),
                            void *arg)
{
    struct vnode *dir = top;
    size_t i = 0;
    for (;;) {
        if (i < dir->u.dir.count) {
            const struct vfs_dirent *e = &dir->u.dir.ents[i];
            if (!e->node) {
                i++;
                continue;
            }
            if (match(e, arg))
                return dir;
            if (vfs_is_dir(e->node) && !e->node->synth) { /* down */
                dir = e->node;
                i = 0;
            } else {
                i++;
            }
            continue;
        }
        if (dir == top)
            return 0;
        struct vnode *up = dir->parent; /* up, to the entry after dir's */
        const struct vfs_dirent *at = vfs_dir_entry_of(up, dir);
        i = at ? (size_t)(at - up->u.dir.ents) + 1 : up->u.dir.count;
        dir = up;
    }
}
