/* The mount-aware walker: paths to places (mount, node), through mounts,
   "..", and symbolic links. See vfs.h. */
#include "vfs.h"
#include "vfs_internal.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

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

int vfs_path_same(const struct vfs_path *a, const struct vfs_path *b)
{
    return a->vn == b->vn && a->mnt == b->mnt;
}

/* --- the walk ----------------------------------------------------------------------------- */

static int is_dot(const char *n, size_t len) { return len == 1 && n[0] == '.'; }
static int is_dotdot(const char *n, size_t len) { return len == 2 && n[0] == '.' && n[1] == '.'; }

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
    while (!vfs_path_same(cur, root) && cur->mnt && cur->vn == cur->mnt->root) {
        if (!cur->mnt->parent)
            return 0; /* the top of a detached mount (or the namespace's root) */
        cur->vn = cur->mnt->mountpoint;
        cur->mnt = cur->mnt->parent;
    }
    if (vfs_path_same(cur, root))
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
            struct vfs_dirent *e = vfs_dir_lookup_n(cur.vn, name, len);
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
            /* A node in no directory (a memfd, of a filesystem nobody
               mounts, as Linux's internal mounts) is reached without one. */
            if (!next.mnt && cur.mnt && !next.vn->anon)
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
