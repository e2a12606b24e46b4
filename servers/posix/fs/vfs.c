/* The in-memory filesystem: see vfs.h. */
#include "vfs.h"
#include "pagepool.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

#define POLLIN  0x001
#define POLLOUT 0x004

/* --- nodes ---------------------------------------------------------------------------- */

void vfs_now(struct vfs *fs, struct vfs_time *t)
{
    if (fs->clock) {
        fs->clock(t);
    } else {
        t->sec = 0;
        t->nsec = 0;
    }
}

void vfs_touch(struct vnode *vn, int atime, int mtime, int ctime)
{
    struct vfs_time now;
    vfs_now(vn->fs, &now);
    if (atime)
        vn->atime = now;
    if (mtime)
        vn->mtime = now;
    if (ctime)
        vn->ctime = now;
}

static int node_new(struct vfs *fs, uint32_t mode, const struct vfs_cred *cred, struct vnode **out)
{
    if (fs->nodes >= VFS_MAX_NODES)
        return -ENOSPC;
    struct vnode *vn = calloc(1, sizeof *vn);
    if (!vn)
        return -ENOSPC;
    fs->nodes++;
    vn->fs = fs;
    vn->ino = fs->next_ino++;
    vn->mode = mode;
    vn->uid = cred ? cred->uid : 0;
    vn->gid = cred ? cred->gid : 0;
    vfs_touch(vn, 1, 1, 1);
    vn->btime = vn->ctime;
    if (vfs_is_dir(vn))
        vn->u.dir.next_cookie = 2;
    *out = vn;
    return 0;
}

static void reg_free(struct vnode *vn);

static void node_free(struct vnode *vn)
{
    switch (vn->mode & VFS_IFMT) {
    case VFS_IFDIR:
        for (size_t i = 0; i < vn->u.dir.count; i++)
            free(vn->u.dir.ents[i].name);
        free(vn->u.dir.ents);
        free(vn->u.dir.index);
        break;
    case VFS_IFREG:
        reg_free(vn);
        break;
    case VFS_IFLNK:
        free(vn->u.lnk.target);
        break;
    default:
        if (vn->u.chr.ops && vn->u.chr.ops->destroy)
            vn->u.chr.ops->destroy(vn);
        break;
    }
    vn->fs->nodes--;
    free(vn);
}

static void maybe_free(struct vnode *vn)
{
    if (vn->nlink == 0 && vn->refs == 0)
        node_free(vn);
}

void vfs_ref(struct vnode *vn)
{
    vn->refs++;
}

void vfs_unref(struct vnode *vn)
{
    vn->refs--;
    maybe_free(vn);
}

int vfs_in_group(const struct vfs_cred *cred, uint32_t gid)
{
    if (cred->gid == gid)
        return 1;
    for (uint32_t i = 0; i < cred->ngroups; i++)
        if (cred->groups[i] == gid)
            return 1;
    return 0;
}

int vfs_permission(const struct vnode *vn, const struct vfs_cred *cred, int want)
{
    if (!cred)
        return 0;
    if (cred->uid == 0) {
        /* root: everything but executing a file nobody may execute */
        if ((want & VFS_MAY_EXEC) && !vfs_is_dir(vn) && !(vn->mode & 0111))
            return -EACCES;
        return 0;
    }
    uint32_t bits;
    if (cred->uid == vn->uid)
        bits = vn->mode >> 6;
    else if (vfs_in_group(cred, vn->gid))
        bits = vn->mode >> 3;
    else
        bits = vn->mode;
    return ((bits & 7) & (uint32_t)want) == (uint32_t)want ? 0 : -EACCES;
}

/* --- directories ------------------------------------------------------------------------ */

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

static struct vfs_dirent *find_n(struct vnode *dir, const char *name, size_t len)
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
    struct vfs_dirent *e = find_n(dir, name, strlen(name));
    return e ? e->node : 0;
}

/* Adds name -> node; the caller has checked the name is free. */
static int add_entry(struct vnode *dir, const char *name, struct vnode *node)
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
static void remove_entry(struct vnode *dir, struct vfs_dirent *e)
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

/* --- path resolution --------------------------------------------------------------------- */

static int is_dot(const char *n, size_t len) { return len == 1 && n[0] == '.'; }
static int is_dotdot(const char *n, size_t len) { return len == 2 && n[0] == '.' && n[1] == '.'; }

/* --- mounts, as the walker sees them ------------------------------------------------------ */

struct vfs_mount *vfs_mounts;

struct vfs_mount *vfs_mount_at(const struct vfs_mount *parent, const struct vnode *vn)
{
    if (!parent || !vn->mounted)
        return 0;
    struct vfs_mount *top = 0; /* the newest one on it */
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next)
        if (m->attached && m->parent == parent && m->mountpoint == vn)
            top = m;
    return top;
}

int vfs_below(const struct vnode *vn, const struct vnode *top)
{
    for (const struct vnode *d = vn; d; d = d->parent) {
        if (d == top)
            return 1;
        if (d == d->parent)
            return 0;
    }
    return 0;
}

/* 1 if vn is root or below it (directories walk their parents; other
   nodes are taken to be under any root of their filesystem). */
static int under(const struct vnode *vn, const struct vnode *root)
{
    return vfs_is_dir(vn) ? vfs_below(vn, root) : vn->fs == root->fs;
}

struct vfs_mount *vfs_mount_guess(const struct vnode *vn)
{
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next)
        if (m->attached && m->fs == vn->fs && under(vn, m->root))
            return m;
    return 0;
}

void vfs_mount_unref(struct vfs_mount *m)
{
    if (!m || --m->refs || m->attached)
        return;
    /* unmounted and no longer used: gone */
    struct vfs_mount **pp = &vfs_mounts;
    while (*pp != m)
        pp = &(*pp)->next;
    *pp = m->next;
    struct vfs *fs = m->fs;
    vfs_unref(m->root);
    free(m->source);
    free(m);
    if (--fs->mounts == 0 && fs->release)
        fs->release(fs);
}

void (*vfs_ns_release)(struct vfs_mount *ns);

void vfs_ns_get(struct vfs_mount *ns)
{
    if (ns)
        ns->ns_users++;
}

void vfs_ns_put(struct vfs_mount *ns)
{
    if (ns && --ns->ns_users == 0 && ns != vfs_mounts && vfs_ns_release)
        vfs_ns_release(ns);
}

void vfs_path_ref(const struct vfs_path *p)
{
    vfs_ref(p->vn);
    vfs_mount_ref(p->mnt);
}

void vfs_path_unref(struct vfs_path *p)
{
    if (p->vn)
        vfs_unref(p->vn);
    vfs_mount_unref(p->mnt);
    p->vn = 0;
    p->mnt = 0;
}

static int same(const struct vfs_path *a, const struct vfs_path *b)
{
    return a->vn == b->vn && a->mnt == b->mnt;
}

/* Into the topmost mount on p, if any (mounts stack). */
static void cross_down(struct vfs_path *p)
{
    struct vfs_mount *m;
    while ((m = vfs_mount_at(p->mnt, p->vn))) {
        p->mnt = m;
        p->vn = m->root;
    }
}

/* "..": stays at root; from a mount's root, leaves through its mountpoint
   first. -ENOENT when the directory was removed. */
static int dot_dot(const struct vfs_path *root, struct vfs_path *cur)
{
    while (!same(cur, root) && cur->mnt && cur->vn == cur->mnt->root) {
        if (!cur->mnt->parent)
            return 0; /* the top of a detached mount (or the namespace's root) */
        cur->vn = cur->mnt->mountpoint;
        cur->mnt = cur->mnt->parent;
    }
    if (same(cur, root))
        return 0;
    if (!cur->vn->parent)
        return -ENOENT;
    cur->vn = cur->vn->parent;
    cross_down(cur);
    return 0;
}

/* Walks [p, end) from start; follow_last says whether a symlink as the last
   component is followed. *links counts the links followed in the whole
   lookup. The result carries no reference (nothing can vanish meanwhile:
   the server is single-threaded). */
static int walk(const struct vfs_path *root, const struct vfs_path *start, const char *p,
                const char *end, int follow_last, const struct vfs_cred *cred, int *links,
                struct vfs_path *out)
{
    struct vfs_path cur = (p < end && *p == '/') ? *root : *start;
    for (;;) {
        while (p < end && *p == '/')
            p++;
        if (p == end)
            break;
        const char *name = p;
        while (p < end && *p != '/')
            p++;
        size_t len = (size_t)(p - name);
        const char *rest = p;
        while (rest < end && *rest == '/')
            rest++;
        int last = rest == end;
        int slash_after = p < end; /* "name/" needs a directory: follow a link there */
        if (len > VFS_NAME_MAX)
            return -ENAMETOOLONG;
        if (!vfs_is_dir(cur.vn))
            return -ENOTDIR;
        vfs_synth_refresh(cur.vn);
        int r = vfs_permission(cur.vn, cred, VFS_MAY_EXEC);
        if (r)
            return r;
        struct vfs_path next = cur;
        if (is_dotdot(name, len)) {
            if ((r = dot_dot(root, &next)))
                return r;
        } else if (!is_dot(name, len)) {
            struct vfs_dirent *e = find_n(cur.vn, name, len);
            if (!e)
                return -ENOENT;
            next.vn = e->node;
            cross_down(&next);
        }
        if (vfs_is_lnk(next.vn) && next.vn->synth && (!last || follow_last || slash_after)) {
            /* a magic link (procfs): the place it stands for, directly */
            if (++*links > VFS_SYMLOOP_MAX)
                return -ELOOP;
            struct vnode *link = next.vn;
            next.mnt = 0;
            r = link->synth->follow ? link->synth->follow(link, cred, &next) : -ENOENT;
            if (r)
                return r;
            if (!next.mnt && cur.mnt) /* the mount the walk is in, if it shows the node */
                next.mnt = next.vn->fs == cur.mnt->fs && under(next.vn, cur.mnt->root)
                               ? cur.mnt : vfs_mount_guess(next.vn);
            if (!next.mnt && cur.mnt)
                return -ENOENT; /* on no mount of this namespace */
        }
        if (vfs_is_lnk(next.vn) && (!last || follow_last || slash_after)) {
            if (++*links > VFS_SYMLOOP_MAX)
                return -ELOOP;
            if (next.vn->u.lnk.len == 0)
                return -ENOENT;
            const char *target = next.vn->u.lnk.target;
            r = walk(root, &cur, target, target + next.vn->u.lnk.len, 1, cred, links, &next);
            if (r)
                return r;
        }
        cur = next;
    }
    *out = cur;
    return 0;
}

static int check_path(const char *path)
{
    size_t len = strnlen(path, VFS_PATH_MAX);
    if (len == VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (len == 0)
        return -ENOENT;
    return (int)len;
}

int vfs_walk(const struct vfs_path *root, const struct vfs_path *start, const char *path, int flags,
             const struct vfs_cred *cred, struct vfs_path *out)
{
    int len = check_path(path);
    if (len < 0)
        return len;
    int links = 0;
    struct vfs_path p;
    int r = walk(root, start, path, path + len, !(flags & VFS_NOFOLLOW), cred, &links, &p);
    if (r)
        return r;
    if (path[len - 1] == '/' && !vfs_is_dir(p.vn))
        return -ENOTDIR;
    vfs_path_ref(&p);
    *out = p;
    return 0;
}

int vfs_lookup(struct vfs *fs, struct vnode *cwd, const char *path, int flags,
               const struct vfs_cred *cred, struct vnode **out)
{
    return vfs_lookup_in(fs->root, cwd, path, flags, cred, out);
}

int vfs_lookup_in(struct vnode *root, struct vnode *cwd, const char *path, int flags,
                  const struct vfs_cred *cred, struct vnode **out)
{
    struct vfs_path r = { 0, root }, c = { 0, cwd }, p;
    int err = vfs_walk(&r, &c, path, flags, cred, &p);
    if (!err)
        *out = p.vn; /* the reference goes with it */
    return err;
}

int vfs_lookup_parent(struct vfs *fs, struct vnode *cwd, const char *path,
                      const struct vfs_cred *cred, struct vnode **dir,
                      char name[VFS_NAME_MAX + 1], int *trailing_slash)
{
    return vfs_lookup_parent_in(fs->root, cwd, path, cred, dir, name, trailing_slash);
}

int vfs_lookup_parent_in(struct vnode *root, struct vnode *cwd, const char *path,
                         const struct vfs_cred *cred, struct vnode **dir,
                         char name[VFS_NAME_MAX + 1], int *trailing_slash)
{
    struct vfs_path r = { 0, root }, c = { 0, cwd }, d;
    int err = vfs_walk_parent(&r, &c, path, cred, &d, name, trailing_slash);
    if (!err)
        *dir = d.vn;
    return err;
}

int vfs_walk_parent(const struct vfs_path *root, const struct vfs_path *start, const char *path,
                    const struct vfs_cred *cred, struct vfs_path *dir,
                    char name[VFS_NAME_MAX + 1], int *trailing_slash)
{
    int len = check_path(path);
    if (len < 0)
        return len;
    const char *end = path + len;
    while (end > path && end[-1] == '/')
        end--;
    if (trailing_slash)
        *trailing_slash = end < path + len;
    if (end == path) { /* only slashes */
        vfs_path_ref(root);
        *dir = *root;
        memcpy(name, "/", 2);
        return 0;
    }
    const char *last = end;
    while (last > path && last[-1] != '/')
        last--;
    size_t nlen = (size_t)(end - last);
    if (nlen > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    int links = 0;
    struct vfs_path d;
    int r = walk(root, start, path, last, 1, cred, &links, &d);
    if (r)
        return r;
    if (!vfs_is_dir(d.vn))
        return -ENOTDIR;
    memcpy(name, last, nlen);
    name[nlen] = 0;
    vfs_path_ref(&d);
    *dir = d;
    return 0;
}

/* --- creating names -------------------------------------------------------------------- */

static int special_name(const char *name)
{
    return !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/");
}

/* The checks every creator makes on dir and name. */
static int may_create(struct vnode *dir, const char *name, const struct vfs_cred *cred)
{
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    if (dir->nlink == 0)
        return -ENOENT;
    size_t len = strnlen(name, VFS_NAME_MAX + 1);
    if (len > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    if (len == 0)
        return -ENOENT;
    if (special_name(name) || find_n(dir, name, len))
        return -EEXIST;
    if (strchr(name, '/'))
        return -EINVAL;
    if (dir->synth)
        return -EACCES; /* procfs: only its owner adds names */
    return vfs_permission(dir, cred, VFS_MAY_WRITE | VFS_MAY_EXEC);
}

/* Links a new node into dir; frees it on failure. */
static int link_new(struct vnode *dir, const char *name, struct vnode *vn, struct vnode **out)
{
    int r = add_entry(dir, name, vn);
    if (r) {
        node_free(vn);
        return r;
    }
    if (vfs_is_dir(vn)) {
        vn->parent = dir;
        vn->nlink++; /* its own "." */
        dir->nlink++; /* its ".." */
    }
    vfs_touch(dir, 0, 1, 1);
    if (out) {
        vfs_ref(vn);
        *out = vn;
    }
    return 0;
}

int vfs_create(struct vnode *dir, const char *name, uint32_t mode, const struct vfs_cred *cred,
               struct vnode **out)
{
    int r = may_create(dir, name, cred);
    struct vnode *vn;
    if (r || (r = node_new(dir->fs, VFS_IFREG | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    return link_new(dir, name, vn, out);
}

int vfs_mkdir(struct vnode *dir, const char *name, uint32_t mode, const struct vfs_cred *cred,
              struct vnode **out)
{
    int r = may_create(dir, name, cred);
    struct vnode *vn;
    if (r || (r = node_new(dir->fs, VFS_IFDIR | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    return link_new(dir, name, vn, out);
}

int vfs_mknod_chr(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
                  const struct file_ops *ops, void *ctx, const struct vfs_cred *cred,
                  struct vnode **out)
{
    int r = may_create(dir, name, cred);
    struct vnode *vn;
    if (r || (r = node_new(dir->fs, VFS_IFCHR | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    vn->rdev = rdev;
    vn->u.chr.ops = ops;
    vn->u.chr.ctx = ctx;
    r = link_new(dir, name, vn, out);
    return r;
}

int vfs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
              const struct file_ops *ops, void *ctx, const struct vfs_cred *cred,
              struct vnode **out)
{
    uint32_t type = mode & VFS_IFMT;
    if (type != VFS_IFIFO && type != VFS_IFCHR && type != VFS_IFBLK && type != VFS_IFSOCK)
        return -EINVAL;
    int r = may_create(dir, name, cred);
    struct vnode *vn;
    if (r || (r = node_new(dir->fs, type | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    vn->rdev = rdev;
    vn->u.chr.ops = ops;
    vn->u.chr.ctx = ctx;
    return link_new(dir, name, vn, out);
}

int vfs_symlink(struct vnode *dir, const char *name, const char *target,
                const struct vfs_cred *cred, struct vnode **out)
{
    size_t tlen = strnlen(target, VFS_PATH_MAX);
    if (tlen == VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (tlen == 0)
        return -ENOENT;
    int r = may_create(dir, name, cred);
    struct vnode *vn;
    if (r || (r = node_new(dir->fs, VFS_IFLNK | 0777, cred, &vn)))
        return r;
    vn->u.lnk.target = malloc(tlen + 1);
    if (!vn->u.lnk.target) {
        node_free(vn);
        return -ENOSPC;
    }
    memcpy(vn->u.lnk.target, target, tlen + 1);
    vn->u.lnk.len = tlen;
    return link_new(dir, name, vn, out);
}

int vfs_link(struct vnode *dir, const char *name, struct vnode *target, const struct vfs_cred *cred)
{
    if (vfs_is_dir(target))
        return -EPERM;
    if (target->nlink == 0)
        return -ENOENT;
    int r = may_create(dir, name, cred);
    if (r || (r = add_entry(dir, name, target)))
        return r;
    vfs_touch(target, 0, 0, 1);
    vfs_touch(dir, 0, 1, 1);
    return 0;
}

int vfs_new_anon(struct vfs *fs, uint32_t mode, const struct file_ops *ops, void *ctx,
                 const struct vfs_cred *cred, struct vnode **out)
{
    uint32_t type = mode & VFS_IFMT;
    if (type != VFS_IFIFO && type != VFS_IFCHR && type != VFS_IFSOCK)
        return -EINVAL;
    struct vnode *vn;
    int r = node_new(fs, mode, cred, &vn);
    if (r)
        return r;
    vn->u.chr.ops = ops;
    vn->u.chr.ctx = ctx;
    vn->refs = 1;
    *out = vn;
    return 0;
}

/* --- removing names ------------------------------------------------------------------------ */

/* dir permission and the sticky bit: only the owner of the entry or of the directory. */
static int may_delete(struct vnode *dir, struct vnode *victim, const struct vfs_cred *cred)
{
    if (dir->synth)
        return -EPERM; /* procfs: only its owner removes names */
    int r = vfs_permission(dir, cred, VFS_MAY_WRITE | VFS_MAY_EXEC);
    if (r)
        return r;
    if (cred && cred->uid != 0 && (dir->mode & VFS_ISVTX) && cred->uid != dir->uid &&
        cred->uid != victim->uid)
        return -EPERM;
    return 0;
}

static struct vfs_dirent *find_entry(struct vnode *dir, const char *name)
{
    return find_n(dir, name, strnlen(name, VFS_NAME_MAX + 1));
}

int vfs_unlink(struct vnode *dir, const char *name, const struct vfs_cred *cred)
{
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    if (special_name(name))
        return -EISDIR;
    struct vfs_dirent *e = find_entry(dir, name);
    if (!e)
        return -ENOENT;
    struct vnode *vn = e->node;
    if (vfs_is_dir(vn))
        return -EISDIR;
    int r = may_delete(dir, vn, cred);
    if (r)
        return r;
    remove_entry(dir, e);
    vn->nlink--;
    vfs_touch(vn, 0, 0, 1);
    vfs_touch(dir, 0, 1, 1);
    maybe_free(vn);
    return 0;
}

/* Drops a directory that lost its name; it is empty. */
static void dir_gone(struct vnode *parent, struct vnode *vn)
{
    parent->nlink--;
    vn->nlink = 0;
    vn->parent = 0;
    vfs_touch(vn, 0, 0, 1);
    maybe_free(vn);
}

int vfs_rmdir(struct vnode *dir, const char *name, const struct vfs_cred *cred)
{
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    if (!strcmp(name, "."))
        return -EINVAL;
    if (!strcmp(name, ".."))
        return -ENOTEMPTY;
    if (!strcmp(name, "/"))
        return -EBUSY;
    struct vfs_dirent *e = find_entry(dir, name);
    if (!e)
        return -ENOENT;
    struct vnode *vn = e->node;
    if (!vfs_is_dir(vn))
        return -ENOTDIR;
    if (vn == dir->fs->root)
        return -EBUSY;
    if (vfs_dir_size(vn))
        return -ENOTEMPTY;
    int r = may_delete(dir, vn, cred);
    if (r)
        return r;
    remove_entry(dir, e);
    vfs_touch(dir, 0, 1, 1);
    dir_gone(dir, vn);
    return 0;
}

int vfs_rename(struct vnode *olddir, const char *oldname, struct vnode *newdir,
               const char *newname, const struct vfs_cred *cred)
{
    if (!vfs_is_dir(olddir) || !vfs_is_dir(newdir))
        return -ENOTDIR;
    if (special_name(oldname) || special_name(newname))
        return -EBUSY;
    if (strnlen(newname, VFS_NAME_MAX + 1) > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    struct vfs_dirent *oe = find_entry(olddir, oldname);
    if (!oe)
        return -ENOENT;
    struct vnode *src = oe->node;
    struct vfs_dirent *ne = find_entry(newdir, newname);
    struct vnode *dst = ne ? ne->node : 0;
    if (dst == src)
        return 0;
    int r = may_delete(olddir, src, cred);
    if (r || (r = vfs_permission(newdir, cred, VFS_MAY_WRITE | VFS_MAY_EXEC)))
        return r;
    if (newdir->synth)
        return -EPERM;
    if (dst && (r = may_delete(newdir, dst, cred)))
        return r;
    if (newdir->nlink == 0)
        return -ENOENT;
    if (vfs_is_dir(src)) {
        for (struct vnode *d = newdir; d; d = d->parent == d ? 0 : d->parent)
            if (d == src)
                return -EINVAL; /* into its own subtree */
        if (dst && !vfs_is_dir(dst))
            return -ENOTDIR;
        if (dst && vfs_dir_size(dst))
            return -ENOTEMPTY;
    } else if (dst && vfs_is_dir(dst)) {
        return -EISDIR;
    }

    if (dst) {
        ne->node = src; /* the target's entry now names src: nothing to allocate */
        src->nlink++;
    } else {
        r = add_entry(newdir, newname, src);
        if (r)
            return r;
        oe = find_entry(olddir, oldname); /* add_entry may have moved the array */
    }
    remove_entry(olddir, oe);
    src->nlink--;
    if (vfs_is_dir(src)) {
        olddir->nlink--;
        newdir->nlink++;
        src->parent = newdir;
    }
    vfs_touch(src, 0, 0, 1);
    vfs_touch(olddir, 0, 1, 1);
    vfs_touch(newdir, 0, 1, 1);
    if (dst) {
        if (vfs_is_dir(dst)) {
            dir_gone(newdir, dst);
        } else {
            dst->nlink--;
            vfs_touch(dst, 0, 0, 1);
            maybe_free(dst);
        }
    }
    return 0;
}

/* --- data ----------------------------------------------------------------------------------
   A regular file's bytes live in VFS_PAGE_SIZE pages found through a
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

static void reg_free(struct vnode *vn)
{
    pages_free(vn, 0, (uint64_t)vn->u.reg.nleaves * VFS_LEAF_PAGES);
    free(vn->u.reg.leaves);
    vn->u.reg.leaves = 0;
    vn->u.reg.nleaves = 0;
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
    copy_out(vn, buf, (size_t)n, off);
    return (int64_t)n;
}

int64_t vfs_write(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    if (!vfs_is_reg(vn))
        return not_regular(vn);
    if (len == 0)
        return 0;
    if (off >= VFS_MAX_FILE_SIZE)
        return -EFBIG;
    if (len > VFS_MAX_FILE_SIZE - off)
        len = (size_t)(VFS_MAX_FILE_SIZE - off); /* a short write up to the limit */
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
    if (size < vn->u.reg.size) {
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
    if (mode & VFS_FALLOC_PUNCH_HOLE) {
        punch(vn, from, to < vn->u.reg.size ? to : vn->u.reg.size);
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
    if (!vfs_is_reg(vn))
        return -EINVAL;
    *size = (size_t)vn->u.reg.size;
    *data = 0;
    if (*size == 0)
        return 0;
    uint8_t *buf = malloc(*size);
    if (!buf)
        return -ENOMEM;
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

int vfs_readlink(struct vnode *vn, const char **target, size_t *len)
{
    if (!vfs_is_lnk(vn))
        return -EINVAL;
    *target = vn->u.lnk.target;
    *len = vn->u.lnk.len;
    return 0;
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

int64_t vfs_path_of(struct vnode *dir, char *buf, size_t size)
{
    return vfs_path_of_in(dir->fs->root, dir, buf, size);
}

int64_t vfs_path_of_in(struct vnode *root, struct vnode *dir, char *buf, size_t size)
{
    if (!vfs_is_dir(dir))
        return -ENOENT;
    struct vfs_path r = { 0, root }, d = { 0, dir };
    return vfs_path_name(&r, &d, buf, size);
}

/* The entry naming vn in dir, or NULL. */
static struct vfs_dirent *entry_of(struct vnode *dir, const struct vnode *vn)
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
        const struct vfs_dirent *at = entry_of(up, dir);
        i = at ? (size_t)(at - up->u.dir.ents) + 1 : up->u.dir.count;
        dir = up;
    }
}

static int names(const struct vfs_dirent *e, void *vn)
{
    return e->node == vn;
}

/* The directory under top holding an entry for the non-directory vn
   (synthetic directories left out), or NULL. */
static struct vnode *dir_holding(struct vnode *top, const struct vnode *vn)
{
    return vfs_tree_find(top, names, (void *)vn);
}

#define UNREACHABLE "(unreachable)"

/* Puts "/name" in front of buf[*end..]. */
static int prepend(char *buf, size_t *end, const char *name, size_t len)
{
    if (*end < len + 1)
        return -ERANGE;
    *end -= len;
    memcpy(buf + *end, name, len);
    buf[--*end] = '/';
    return 0;
}

int64_t vfs_path_name(const struct vfs_path *root, const struct vfs_path *p, char *buf, size_t size)
{
    size_t end = size; /* the path is built backwards from the end of buf */
    if (size < 2)
        return -ERANGE;
    buf[--end] = 0;
    struct vfs_path cur = *p;
    if (cur.vn->nlink == 0 && cur.vn != cur.vn->fs->root)
        return -ENOENT;
    int outside = 0;
    while (!same(&cur, root)) {
        if (cur.mnt && cur.vn == cur.mnt->root) {
            if (!cur.mnt->parent) { /* the top of the namespace without meeting root */
                outside = 1;
                break;
            }
            cur.vn = cur.mnt->mountpoint;
            cur.mnt = cur.mnt->parent;
            continue;
        }
        if (!vfs_is_dir(cur.vn)) { /* a file (or a file mountpoint): the directory holding it */
            struct vnode *top = cur.mnt ? cur.mnt->root : cur.vn->fs->root;
            struct vnode *d = vfs_is_dir(top) ? dir_holding(top, cur.vn) : 0;
            if (!d)
                return -ENOENT;
            struct vfs_dirent *e = entry_of(d, cur.vn);
            if (prepend(buf, &end, e->name, e->namelen))
                return -ERANGE;
            cur.vn = d;
            continue;
        }
        struct vnode *up = cur.vn->parent;
        if (!up)
            return -ENOENT;
        if (up == cur.vn) { /* the top of the filesystem */
            outside = 1;
            break;
        }
        struct vfs_dirent *e = entry_of(up, cur.vn);
        if (!e)
            return -ENOENT;
        if (prepend(buf, &end, e->name, e->namelen))
            return -ERANGE;
        cur.vn = up;
    }
    if (end == size - 1) /* the root itself */
        buf[--end] = '/';
    if (outside) {
        if (end < sizeof UNREACHABLE - 1)
            return -ERANGE;
        end -= sizeof UNREACHABLE - 1;
        memcpy(buf + end, UNREACHABLE, sizeof UNREACHABLE - 1);
    }
    memmove(buf, buf + end, size - end);
    return (int64_t)(size - end);
}

/* --- synthetic nodes (procfs) --------------------------------------------------------------- */

int vfs_synth_node(struct vnode *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                   const struct vfs_synth_ops *ops, uint64_t arg, struct vnode **out)
{
    size_t len = strnlen(name, VFS_NAME_MAX + 1);
    if (len > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    if (len == 0 || special_name(name) || strchr(name, '/'))
        return -EINVAL;
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    if (find_n(dir, name, len))
        return -EEXIST;
    uint32_t type = mode & VFS_IFMT;
    if (type != VFS_IFDIR && type != VFS_IFREG && type != VFS_IFLNK)
        return -EINVAL;
    struct vnode *vn;
    int r = node_new(dir->fs, type | (mode & VFS_PERM_MASK), 0, &vn);
    if (r)
        return r;
    vn->uid = uid;
    vn->gid = gid;
    vn->synth = ops;
    vn->synth_arg = arg;
    return link_new(dir, name, vn, out);
}

int vfs_synth_remove(struct vnode *dir, const char *name)
{
    struct vfs_dirent *e = find_entry(dir, name);
    if (!e)
        return -ENOENT;
    struct vnode *vn = e->node;
    if (vfs_is_dir(vn)) {
        while (vn->u.dir.count) /* the last entry is never a hole */
            vfs_synth_remove(vn, vn->u.dir.ents[vn->u.dir.count - 1].name);
        remove_entry(dir, e);
        vfs_touch(dir, 0, 1, 1);
        dir_gone(dir, vn);
        return 0;
    }
    remove_entry(dir, e);
    vn->nlink--;
    vfs_touch(dir, 0, 1, 1);
    maybe_free(vn);
    return 0;
}

/* --- /dev/null and set-up -------------------------------------------------------------------- */

static int64_t null_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                         int64_t off)
{
    (void)f, (void)c, (void)buf, (void)len, (void)off;
    return 0;
}

static int64_t null_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                         int64_t off)
{
    (void)f, (void)c, (void)buf, (void)off;
    return (int64_t)len;
}

static uint32_t null_poll(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    (void)f, (void)c, (void)pt;
    return POLLIN | POLLOUT;
}

const struct file_ops vfs_null_ops = {
    .read = null_read,
    .write = null_write,
    .poll = null_poll,
};

int vfs_init_empty(struct vfs *fs, vfs_clock_fn clock)
{
    memset(fs, 0, sizeof *fs);
    fs->clock = clock;
    fs->data_limit = VFS_DATA_MAX;
    fs->next_ino = 1;
    struct vnode *root;
    if (node_new(fs, VFS_IFDIR | 0755, 0, &root))
        return -ENOMEM;
    root->parent = root;
    root->nlink = 2;
    fs->root = root;
    return 0;
}

int vfs_init(struct vfs *fs, vfs_clock_fn clock, const struct file_ops *console_ops,
             void *console_ctx)
{
    if (vfs_init_empty(fs, clock))
        return -ENOMEM;
    struct vnode *root = fs->root, *dev;
    int r;
    if (vfs_mkdir(root, "tmp", 01777, 0, 0) || vfs_mkdir(root, "dev", 0755, 0, &dev))
        goto fail;
    r = vfs_mknod_chr(dev, "null", 0666, VFS_MKDEV(1, 3), &vfs_null_ops, 0, 0, 0);
    if (!r)
        r = vfs_mknod_chr(dev, "console", 0620, VFS_MKDEV(5, 1),
                          console_ops ? console_ops : &vfs_null_ops, console_ctx, 0, 0);
    vfs_unref(dev);
    if (r)
        goto fail;
    return 0;
fail:
    vfs_destroy(fs);
    return -ENOMEM;
}

/* Frees top and everything under it. Iterative (down through the last
   entry, up through parent pointers): a tree may be deeper than the
   server's stack would allow recursion. */
static void destroy_tree(struct vnode *top)
{
    struct vnode *dir = top;
    for (;;) {
        if (dir->u.dir.count) {
            struct vfs_dirent *e = &dir->u.dir.ents[--dir->u.dir.count];
            struct vnode *vn = e->node;
            free(e->name);
            if (!vn)
                continue; /* a hole */
            if (vfs_is_dir(vn)) {
                dir = vn; /* its parent is dir: the way back up */
            } else if (--vn->nlink == 0) {
                vn->refs = 0;
                node_free(vn);
            }
            continue;
        }
        struct vnode *up = dir->parent;
        node_free(dir);
        if (dir == top)
            return;
        dir = up;
    }
}

void vfs_destroy(struct vfs *fs)
{
    if (fs->root)
        destroy_tree(fs->root);
    fs->root = 0;
}
