/* Creating and removing names: create, mkdir, mknod, symlink, link,
   unlink, rmdir, rename, with their permission checks. See vfs.h. */
#include "vfs.h"
#include "vfs_internal.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

/* --- creating names -------------------------------------------------------------------- */

int vfs_special_name(const char *name)
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
    if (vfs_special_name(name) || vfs_dir_lookup_n(dir, name, len))
        return -EEXIST;
    if (strchr(name, '/'))
        return -EINVAL;
    if (dir->synth)
        return -EACCES; /* procfs: only its owner adds names */
    return vfs_permission(dir, cred, VFS_MAY_WRITE | VFS_MAY_EXEC);
}

/* Nodes other than regular files: a filesystem whose files are its own
   objects (mqueue) has no directories, devices or links to make (EPERM,
   Linux's answer for a missing inode operation). */
static int may_create_other(struct vnode *dir, const char *name, const struct vfs_cred *cred)
{
    int r = may_create(dir, name, cred);
    return r ? r : dir->fs->file_ops ? -EPERM : 0;
}

/* Links a new node into dir; frees it on failure. */
int vfs_link_new(struct vnode *dir, const char *name, struct vnode *vn, struct vnode **out)
{
    int r = vfs_dir_add(dir, name, vn);
    if (r) {
        vfs_node_free(vn);
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
    if (r || (r = vfs_node_new(dir->fs, VFS_IFREG | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    if (dir->fs->made_file && (r = dir->fs->made_file(vn, cred))) {
        vfs_node_free(vn);
        return r;
    }
    return vfs_link_new(dir, name, vn, out);
}

int vfs_mkdir(struct vnode *dir, const char *name, uint32_t mode, const struct vfs_cred *cred,
              struct vnode **out)
{
    int r = may_create_other(dir, name, cred);
    struct vnode *vn;
    if (r || (r = vfs_node_new(dir->fs, VFS_IFDIR | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    return vfs_link_new(dir, name, vn, out);
}

int vfs_mknod_chr(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
                  const struct file_ops *ops, void *ctx, const struct vfs_cred *cred,
                  struct vnode **out)
{
    int r = may_create_other(dir, name, cred);
    struct vnode *vn;
    if (r || (r = vfs_node_new(dir->fs, VFS_IFCHR | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    vn->rdev = rdev;
    vn->u.chr.ops = ops;
    vn->u.chr.ctx = ctx;
    r = vfs_link_new(dir, name, vn, out);
    return r;
}

int vfs_mknod(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
              const struct file_ops *ops, void *ctx, const struct vfs_cred *cred,
              struct vnode **out)
{
    uint32_t type = mode & VFS_IFMT;
    if (type != VFS_IFIFO && type != VFS_IFCHR && type != VFS_IFBLK && type != VFS_IFSOCK)
        return -EINVAL;
    int r = may_create_other(dir, name, cred);
    struct vnode *vn;
    if (r || (r = vfs_node_new(dir->fs, type | (mode & VFS_PERM_MASK), cred, &vn)))
        return r;
    vn->rdev = rdev;
    vn->u.chr.ops = ops;
    vn->u.chr.ctx = ctx;
    return vfs_link_new(dir, name, vn, out);
}

int vfs_symlink(struct vnode *dir, const char *name, const char *target,
                const struct vfs_cred *cred, struct vnode **out)
{
    size_t tlen = strnlen(target, VFS_PATH_MAX);
    if (tlen == VFS_PATH_MAX)
        return -ENAMETOOLONG;
    if (tlen == 0)
        return -ENOENT;
    int r = may_create_other(dir, name, cred);
    struct vnode *vn;
    if (r || (r = vfs_node_new(dir->fs, VFS_IFLNK | 0777, cred, &vn)))
        return r;
    vn->u.lnk.target = malloc(tlen + 1);
    if (!vn->u.lnk.target) {
        vfs_node_free(vn);
        return -ENOSPC;
    }
    memcpy(vn->u.lnk.target, target, tlen + 1);
    vn->u.lnk.len = tlen;
    return vfs_link_new(dir, name, vn, out);
}

int vfs_link(struct vnode *dir, const char *name, struct vnode *target, const struct vfs_cred *cred)
{
    if (vfs_is_dir(target))
        return -EPERM;
    if (target->nlink == 0)
        return -ENOENT;
    int r = may_create_other(dir, name, cred);
    if (r || (r = vfs_dir_add(dir, name, target)))
        return r;
    vfs_touch(target, 0, 0, 1);
    vfs_touch(dir, 0, 1, 1);
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

int vfs_unlink(struct vnode *dir, const char *name, const struct vfs_cred *cred)
{
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    if (vfs_special_name(name))
        return -EISDIR;
    struct vfs_dirent *e = vfs_dir_entry(dir, name);
    if (!e)
        return -ENOENT;
    struct vnode *vn = e->node;
    if (vfs_is_dir(vn))
        return -EISDIR;
    int r = may_delete(dir, vn, cred);
    if (r)
        return r;
    vfs_dir_remove(dir, e);
    vn->nlink--;
    vfs_touch(vn, 0, 0, 1);
    vfs_touch(dir, 0, 1, 1);
    vfs_node_maybe_free(vn);
    return 0;
}

/* Drops a directory that lost its name; it is empty. */
void vfs_dir_gone(struct vnode *parent, struct vnode *vn)
{
    parent->nlink--;
    vn->nlink = 0;
    vn->parent = 0;
    vfs_touch(vn, 0, 0, 1);
    vfs_node_maybe_free(vn);
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
    struct vfs_dirent *e = vfs_dir_entry(dir, name);
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
    vfs_dir_remove(dir, e);
    vfs_touch(dir, 0, 1, 1);
    vfs_dir_gone(dir, vn);
    return 0;
}

int vfs_rename(struct vnode *olddir, const char *oldname, struct vnode *newdir,
               const char *newname, const struct vfs_cred *cred)
{
    if (olddir->fs->file_ops || newdir->fs->file_ops)
        return -EPERM; /* mqueue: no rename (may_create_other) */
    if (!vfs_is_dir(olddir) || !vfs_is_dir(newdir))
        return -ENOTDIR;
    if (vfs_special_name(oldname) || vfs_special_name(newname))
        return -EBUSY;
    if (strnlen(newname, VFS_NAME_MAX + 1) > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    struct vfs_dirent *oe = vfs_dir_entry(olddir, oldname);
    if (!oe)
        return -ENOENT;
    struct vnode *src = oe->node;
    struct vfs_dirent *ne = vfs_dir_entry(newdir, newname);
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
        r = vfs_dir_add(newdir, newname, src);
        if (r)
            return r;
        oe = vfs_dir_entry(olddir, oldname); /* add_entry may have moved the array */
    }
    vfs_dir_remove(olddir, oe);
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
            vfs_dir_gone(newdir, dst);
        } else {
            dst->nlink--;
            vfs_touch(dst, 0, 0, 1);
            vfs_node_maybe_free(dst);
        }
    }
    return 0;
}

int vfs_exchange(struct vnode *olddir, const char *oldname, struct vnode *newdir,
                 const char *newname, const struct vfs_cred *cred)
{
    if (!vfs_is_dir(olddir) || !vfs_is_dir(newdir))
        return -ENOTDIR;
    if (vfs_special_name(oldname) || vfs_special_name(newname))
        return -EBUSY;
    struct vfs_dirent *oe = vfs_dir_entry(olddir, oldname);
    struct vfs_dirent *ne = vfs_dir_entry(newdir, newname);
    if (!oe || !ne)
        return -ENOENT;
    struct vnode *a = oe->node, *b = ne->node;
    if (a == b)
        return 0;
    int r = may_delete(olddir, a, cred);
    if (r || (r = may_delete(newdir, b, cred)))
        return r;
    if (olddir->synth || newdir->synth)
        return -EPERM;
    /* Neither may end up inside itself. */
    for (struct vnode *d = newdir; d; d = d->parent == d ? 0 : d->parent)
        if (d == a)
            return -EINVAL;
    for (struct vnode *d = olddir; d; d = d->parent == d ? 0 : d->parent)
        if (d == b)
            return -EINVAL;
    oe->node = b;
    ne->node = a;
    if (olddir != newdir) { /* a directory changing parents moves a ".." link */
        if (vfs_is_dir(a)) {
            olddir->nlink--, newdir->nlink++;
            a->parent = newdir;
        }
        if (vfs_is_dir(b)) {
            newdir->nlink--, olddir->nlink++;
            b->parent = olddir;
        }
    }
    vfs_touch(a, 0, 0, 1);
    vfs_touch(b, 0, 0, 1);
    vfs_touch(olddir, 0, 1, 1);
    vfs_touch(newdir, 0, 1, 1);
    return 0;
}
