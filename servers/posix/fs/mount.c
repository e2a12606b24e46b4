/* The mount tree: see mount.h. */
#include "mount.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include "../../../kernel/lib/printf.h"
#include <asm-generic/errno.h>

static int mounts_live;   /* attached mounts, <= MOUNT_MAX */
static int next_id = 1;   /* mount IDs, as mountinfo shows them */
static int next_group = 1;

static int count_all(void)
{
    int n = 0;
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next)
        n++;
    return n;
}

/* A new mount (not yet in the tree), appended to the list. */
static struct vfs_mount *mount_new(struct vfs *fs, struct vnode *root, uint32_t flags,
                                   const char *source)
{
    if (count_all() >= MOUNT_MAX)
        return 0;
    struct vfs_mount *m = calloc(1, sizeof *m);
    size_t len = strlen(source);
    char *src = malloc(len + 1);
    if (!m || !src) {
        free(m);
        free(src);
        return 0;
    }
    memcpy(src, source, len + 1);
    m->fs = fs;
    m->root = root;
    vfs_ref(root);
    m->flags = flags;
    m->source = src;
    m->id = next_id++;
    fs->mounts++;
    struct vfs_mount **pp = &vfs_mounts;
    while (*pp)
        pp = &(*pp)->next;
    *pp = m;
    return m;
}

static void link_into(struct vfs_mount *m, struct vfs_mount *parent, struct vnode *mp)
{
    m->parent = parent;
    m->mountpoint = mp;
    vfs_ref(mp);
    mp->mounted++;
    m->attached = 1;
    mounts_live++;
}

static void ns_release(struct vfs_mount *ns);

int mount_init(struct vfs *rootfs)
{
    vfs_ns_release = ns_release;
    /* shown as "tmpfs", what it is: Linux's "rootfs" source is one df and
       friends leave out, and this is the root a user works in */
    struct vfs_mount *m = mount_new(rootfs, rootfs->root, VFS_MNT_RELATIME, "tmpfs");
    if (!m)
        return -ENOMEM;
    m->attached = 1;
    mounts_live++;
    return 0;
}

/* 1 if vn shows in mount m (is its root or below it). */
static int visible_in(const struct vfs_mount *m, const struct vnode *vn)
{
    return m->fs == vn->fs && vfs_below(vn, m->root);
}

/* 1 if m is under top in the tree (top's child, grandchild...). */
static int descends_from(const struct vfs_mount *m, const struct vfs_mount *top)
{
    for (const struct vfs_mount *a = m->parent; a; a = a->parent)
        if (a == top)
            return 1;
    return 0;
}

static int has_children(const struct vfs_mount *m)
{
    for (struct vfs_mount *c = vfs_mounts; c; c = c->next)
        if (c->attached && c->parent == m)
            return 1;
    return 0;
}

/* Attaches a new mount on (parent, mp) and, when parent is shared, a copy
   on every peer of parent that shows mp; the new mount and its copies are
   then peers of each other (group: an existing group to join, or 0). */
static int attach_propagated(struct vfs *fs, struct vnode *root, struct vfs_mount *parent,
                             struct vnode *mp, uint32_t flags, const char *source, int group,
                             struct vfs_mount **out)
{
    if (mounts_live >= MOUNT_MAX)
        return -ENOSPC;
    struct vfs_mount *m = mount_new(fs, root, flags, source);
    if (!m)
        return count_all() >= MOUNT_MAX ? -ENOSPC : -ENOMEM;
    m->group = group;
    if (parent && parent->group) {
        if (!m->group)
            m->group = next_group++;
        /* every peer as it was before this call (copies join the list as we go) */
        for (struct vfs_mount *p = vfs_mounts; p && p->id < m->id; p = p->next) {
            if (p == parent || !p->attached || p->group != parent->group || !visible_in(p, mp))
                continue;
            if (mounts_live + 1 >= MOUNT_MAX)
                break; /* the original still goes in; Linux fails the whole mount, we keep what fits */
            struct vfs_mount *copy = mount_new(fs, root, flags, source);
            if (!copy)
                break;
            copy->group = m->group;
            link_into(copy, p, mp);
        }
    }
    link_into(m, parent, mp);
    if (out)
        *out = m;
    return 0;
}

int mount_attach(struct vfs *fs, struct vnode *root, const struct vfs_path *at, uint32_t flags,
                 const char *source, struct vfs_mount **out)
{
    if (strnlen(source, MOUNT_SOURCE_MAX) == MOUNT_SOURCE_MAX)
        return -EINVAL;
    return attach_propagated(fs, root, at->mnt, at->vn, flags, source, 0, out);
}

/* Copies the mounts under src (those on nodes src_root shows; files are
   not followed) onto the copy dst, recursively; mounts made after "before"
   (this bind's own copies) are not sources. */
static int copy_children(struct vfs_mount *src, struct vnode *src_root, struct vfs_mount *dst,
                         int before)
{
    for (struct vfs_mount *c = vfs_mounts; c && c->id < before; c = c->next) {
        if (!c->attached || c->parent != src || c->unbindable ||
            !vfs_below(c->mountpoint, src_root))
            continue;
        struct vfs_mount *copy;
        int r = attach_propagated(c->fs, c->root, dst, c->mountpoint, c->flags, c->source,
                                  c->group, &copy);
        if (r || (r = copy_children(c, c->root, copy, before)))
            return r;
    }
    return 0;
}

int mount_bind(const struct vfs_path *src, const struct vfs_path *at, int recursive)
{
    if (!src->mnt || !src->mnt->attached)
        return -EINVAL;
    if (src->mnt->unbindable)
        return -EINVAL;
    if (vfs_is_dir(src->vn) != vfs_is_dir(at->vn))
        return -ENOTDIR; /* either way round, as Linux's graft_tree */
    struct vfs_mount *m;
    /* the copy keeps the source mount's flags (a bind of a read-only mount is read-only) */
    int r = attach_propagated(src->mnt->fs, src->vn, at->mnt, at->vn, src->mnt->flags,
                              src->mnt->source, src->mnt->group, &m);
    if (r || !recursive)
        return r;
    return copy_children(src->mnt, src->vn, m, m->id);
}

static void set_one(struct vfs_mount *m, enum mount_propagation type)
{
    m->unbindable = type == MOUNT_UNBINDABLE;
    if (type == MOUNT_SHARED) {
        if (!m->group)
            m->group = next_group++;
    } else {
        m->group = 0;
    }
}

void mount_set_propagation(struct vfs_mount *m, enum mount_propagation type, int recursive)
{
    set_one(m, type);
    for (struct vfs_mount *c = vfs_mounts; recursive && c; c = c->next)
        if (c->attached && descends_from(c, m))
            set_one(c, type);
}

/* Out of the tree; freed now if nobody uses it, else after its last user. */
static void detach(struct vfs_mount *m)
{
    if (m->mountpoint) { /* a namespace's root has none */
        m->mountpoint->mounted--;
        vfs_unref(m->mountpoint);
    }
    m->mountpoint = 0;
    m->parent = 0;
    m->attached = 0;
    mounts_live--;
    m->refs++;
    vfs_mount_unref(m);
}

/* Lazy unmount: m and everything under it, the leaves first (a detach
   may free a mount, so the list is searched again after each). */
static void detach_tree(struct vfs_mount *m)
{
    for (;;) {
        struct vfs_mount *leaf = 0;
        for (struct vfs_mount *c = vfs_mounts; c && !leaf; c = c->next)
            if (c->attached && descends_from(c, m) && !has_children(c))
                leaf = c;
        if (!leaf)
            break;
        detach(leaf);
    }
    detach(m);
}

/* A mount under a peer of parent on mp showing the same (fs, root) as the
   one unmounted, that goes with it (NULL: none left). */
static struct vfs_mount *next_copy(const struct vfs_mount *parent, const struct vnode *mp,
                                   const struct vfs *fs, const struct vnode *root, int lazily)
{
    if (!parent->group)
        return 0;
    for (struct vfs_mount *p = vfs_mounts; p; p = p->next) {
        if (p == parent || !p->attached || p->group != parent->group)
            continue;
        struct vfs_mount *c = vfs_mount_at(p, mp);
        if (c && c->fs == fs && c->root == root && (lazily || !has_children(c)))
            return c; /* a copy with mounts under it stays, as Linux */
    }
    return 0;
}

int mount_umount(struct vfs_mount *m, int detach_lazily, uint32_t held)
{
    if (!m || !m->attached || !m->parent)
        return -EINVAL;
    if (!detach_lazily && (has_children(m) || m->refs > held))
        return -EBUSY;
    /* the same mount under the parent's peers goes too; one in use makes
       it all busy (Linux's propagate_mount_busy) */
    struct vfs_mount *parent = m->parent;
    struct vnode *mp = m->mountpoint, *root = m->root;
    struct vfs *fs = m->fs;
    /* m's detach may free it (and its filesystem): the copies are found by
       these values; mp is in the parent's filesystem, which stays */
    vfs_ref(mp);
    if (!detach_lazily && parent->group) {
        for (struct vfs_mount *p = vfs_mounts; p; p = p->next) {
            struct vfs_mount *c = p != parent && p->attached && p->group == parent->group
                                      ? vfs_mount_at(p, mp) : 0;
            if (c && c != m && c->fs == fs && c->root == root && !has_children(c) && c->refs) {
                vfs_unref(mp);
                return -EBUSY;
            }
        }
    }
    if (detach_lazily)
        detach_tree(m);
    else
        detach(m);
    struct vfs_mount *c;
    while ((c = next_copy(parent, mp, fs, root, detach_lazily))) {
        if (detach_lazily)
            detach_tree(c);
        else
            detach(c);
    }
    vfs_unref(mp);
    return 0;
}

void mount_each(const struct vfs_path *root,
                void (*fn)(struct vfs_mount *m, const char *where, void *arg), void *arg)
{
    static char where[VFS_PATH_MAX];
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next) {
        if (!m->attached)
            continue;
        struct vfs_path top = { m, m->root };
        int64_t n = vfs_path_name(root, &top, where, sizeof where);
        if (n < 0 || where[0] != '/')
            continue; /* outside the caller's root (chroot) */
        fn(m, where, arg);
    }
}

void mount_flag_text(const struct vfs_mount *m, char *buf, size_t size)
{
    static const struct { uint32_t bit; const char *name; } names[] = {
        { VFS_MNT_NOSUID, "nosuid" }, { VFS_MNT_NODEV, "nodev" }, { VFS_MNT_NOEXEC, "noexec" },
        { VFS_MNT_NOATIME, "noatime" }, { VFS_MNT_NODIRATIME, "nodiratime" },
        { VFS_MNT_RELATIME, "relatime" },
    };
    size_t len = (size_t)ksnprintf(buf, size, "%s", vfs_mount_rdonly(m) ? "ro" : "rw");
    for (size_t i = 0; i < sizeof names / sizeof names[0] && len < size; i++)
        if (m->flags & names[i].bit)
            len += (size_t)ksnprintf(buf + len, size - len, ",%s", names[i].name);
}

/* --- namespaces ------------------------------------------------------------------ */

/* The last user of a namespace is gone: its mounts go, as MNT_DETACH. */
static void ns_release(struct vfs_mount *ns)
{
    detach_tree(ns);
}

int mount_ns_copy(struct vfs_mount *ns, struct vfs_path *root, struct vfs_path *cwd,
                  struct vfs_mount **new_ns)
{
    int n = 0;
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next) {
        m->copy = 0;
        n += m->attached && (m == ns || descends_from(m, ns));
    }
    if (mounts_live + n > MOUNT_MAX || count_all() + n > MOUNT_MAX)
        return -ENOSPC;
    struct vfs_mount *top = mount_new(ns->fs, ns->root, ns->flags, ns->source);
    if (!top)
        return -ENOMEM;
    top->attached = 1;
    mounts_live++;
    top->group = ns->group;
    top->unbindable = ns->unbindable;
    ns->copy = top;
    /* parents before children, whatever the list's order (MS_MOVE reorders
       it); the copies (ids from top's on) are not copied again */
    int r = 0;
    for (int progress = 1; progress && !r;) {
        progress = 0;
        for (struct vfs_mount *m = vfs_mounts; m && m->id < top->id; m = m->next) {
            if (!m->attached || m->copy || !m->parent || !m->parent->copy)
                continue;
            struct vfs_mount *c = mount_new(m->fs, m->root, m->flags, m->source);
            if (!c) {
                r = -ENOMEM;
                break;
            }
            link_into(c, m->parent->copy, m->mountpoint);
            c->group = m->group;
            c->unbindable = m->unbindable;
            m->copy = c;
            progress = 1;
        }
    }
    struct vfs_path *moved[2] = { root, cwd };
    for (int i = 0; i < 2 && !r; i++) {
        struct vfs_path *p = moved[i];
        if (!p->mnt || !p->mnt->copy)
            continue; /* outside the namespace's tree (lazily unmounted): stays */
        struct vfs_path q = { p->mnt->copy, p->vn };
        vfs_path_ref(&q);
        vfs_path_unref(p);
        *p = q;
    }
    for (struct vfs_mount *m = vfs_mounts; m; m = m->next)
        m->copy = 0;
    if (r) {
        detach_tree(top);
        return r;
    }
    top->ns_users = 1;
    *new_ns = top;
    return 0;
}
