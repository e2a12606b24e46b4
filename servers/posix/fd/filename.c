/* The calls on names: mkdir, unlink, rename, link, symlink, mknod and
 * readlink (file.h). */
#include "file_internal.h"
#include "pipe.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

int64_t file_mkdirat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode)
{
    struct vfs_path dir;
    char name[VFS_NAME_MAX + 1];
    int r = file_parent_at(c, dirfd, path, &dir, name, 0);
    if (r)
        return r;
    if (vfs_dir_find(dir.vn, name))
        r = -EEXIST; /* before EROFS, as Linux */
    else if (!(r = file_writable(&dir)))
        r = vfs_mkdir(dir.vn, name, mode & ~c->fs->umask & VFS_PERM_MASK, &c->cred, 0);
    vfs_path_unref(&dir);
    return r;
}

int64_t file_unlinkat(struct file_ctx *c, int dirfd, const char *path, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    struct vfs_path dir;
    char name[VFS_NAME_MAX + 1];
    int slash;
    int r = file_parent_at(c, dirfd, path, &dir, name, &slash);
    if (r)
        return r;
    struct vnode *vn = vfs_dir_find(dir.vn, name);
    int special = !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/");
    if (!special && (r = file_writable(&dir)))
        ; /* EROFS before the name is looked at, as Linux */
    else if (vn && vn->mounted)
        r = -EBUSY; /* a mountpoint, whichever mount of its directory shows it */
    else if (flags & AT_REMOVEDIR)
        r = vfs_rmdir(dir.vn, name, &c->cred);
    else if (slash && vn && !vfs_is_dir(vn))
        r = -ENOTDIR;
    else
        r = vfs_unlink(dir.vn, name, &c->cred);
    vfs_path_unref(&dir);
    return r;
}

static int file_mknod_device(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
                             const struct vfs_cred *cred);

/* renameat2's checks in Linux's order (do_renameat2), then the move, swap
   (RENAME_EXCHANGE) or move leaving a whiteout (RENAME_WHITEOUT: a 0:0
   character device, tmpfs only; anyone may since Linux 5.8). */
int64_t file_renameat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                      const char *newpath, uint32_t flags)
{
    if (flags & ~(uint32_t)(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
        return -EINVAL;
    if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) && (flags & RENAME_EXCHANGE))
        return -EINVAL;
    struct vfs_path od, nd;
    char oname[VFS_NAME_MAX + 1], nname[VFS_NAME_MAX + 1];
    int oslash, nslash;
    int r = file_parent_at(c, olddirfd, oldpath, &od, oname, &oslash);
    if (r)
        return r;
    r = file_parent_at(c, newdirfd, newpath, &nd, nname, &nslash);
    if (r) {
        vfs_path_unref(&od);
        return r;
    }
    struct vnode *src = vfs_dir_find(od.vn, oname);
    struct vnode *dst = vfs_dir_find(nd.vn, nname);
    int exchange = (flags & RENAME_EXCHANGE) != 0;
    const char *type = od.vn->fs->type;
    if (od.mnt != nd.mnt)
        r = -EXDEV; /* another mount, even of the same filesystem; before ENOENT (Linux) */
    else if ((src && src->mounted) || (dst && dst->mounted))
        r = -EBUSY;
    else if (src && dst && (flags & RENAME_NOREPLACE))
        r = -EEXIST;
    else if (src && exchange && !dst)
        r = -ENOENT;
    else if (src && exchange && !vfs_is_dir(dst) && nslash)
        r = -ENOTDIR;
    else if (src && !vfs_is_dir(src) && (oslash || (!exchange && nslash)))
        r = -ENOTDIR;
    else if ((flags & RENAME_WHITEOUT) && type && strcmp(type, "tmpfs"))
        r = -EINVAL; /* only tmpfs makes whiteouts */
    else if (src && (r = file_writable(&od)))
        ;
    else if (exchange)
        r = vfs_exchange(od.vn, oname, nd.vn, nname, &c->cred);
    else if (!(r = vfs_rename(od.vn, oname, nd.vn, nname, &c->cred)) && (flags & RENAME_WHITEOUT) &&
             src != dst)
        r = file_mknod_device(od.vn, oname, VFS_IFCHR, 0, &c->cred);
    vfs_path_unref(&od);
    vfs_path_unref(&nd);
    return r;
}

int64_t file_linkat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                    const char *newpath, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vfs_path target, dir;
    char name[VFS_NAME_MAX + 1];
    int r;
    if (oldpath[0] == 0 && (flags & AT_EMPTY_PATH))
        r = file_empty_path(c, olddirfd, &target);
    else
        r = file_lookup_at(c, olddirfd, oldpath, (flags & AT_SYMLINK_FOLLOW) ? 0 : VFS_NOFOLLOW,
                           &target);
    if (r)
        return r;
    r = file_parent_at(c, newdirfd, newpath, &dir, name, 0);
    if (!r) {
        if (vfs_dir_find(dir.vn, name))
            r = -EEXIST;
        else if ((r = file_writable(&dir)))
            ; /* EROFS before EXDEV, as Linux's filename_create */
        else if (dir.mnt != target.mnt)
            r = -EXDEV;
        else
            r = vfs_link(dir.vn, name, target.vn, &c->cred);
        vfs_path_unref(&dir);
    }
    vfs_path_unref(&target);
    return r;
}

int64_t file_symlinkat(struct file_ctx *c, const char *target, int newdirfd, const char *linkpath)
{
    struct vfs_path dir;
    char name[VFS_NAME_MAX + 1];
    int slash;
    int r = file_parent_at(c, newdirfd, linkpath, &dir, name, &slash);
    if (r)
        return r;
    if (vfs_dir_find(dir.vn, name))
        r = -EEXIST;
    else if (slash)
        r = -ENOENT;
    else if (!(r = file_writable(&dir)))
        r = vfs_symlink(dir.vn, name, target, &c->cred, 0);
    vfs_path_unref(&dir);
    return r;
}

/* Device and socket nodes made by mknod have no driver here: opening one
   fails as Linux does for a device number nobody serves. */
static int nodev_open(struct ofile *f, const struct file_ctx *c)
{
    (void)f, (void)c;
    return -ENXIO;
}
static const struct file_ops nodev_ops = { .open = nodev_open };

const struct file_ops *(*file_device_driver)(uint32_t type, uint64_t rdev, void **ctx);

static int file_mknod_device(struct vnode *dir, const char *name, uint32_t mode, uint64_t rdev,
                             const struct vfs_cred *cred)
{
    void *ctx = 0;
    const struct file_ops *ops =
        file_device_driver ? file_device_driver(mode & VFS_IFMT, rdev, &ctx) : 0;
    return vfs_mknod(dir, name, mode, rdev, ops ? ops : &nodev_ops, ctx, cred, 0);
}

int64_t file_mknodat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode, uint32_t dev)
{
    uint32_t type = mode & VFS_IFMT;
    if (type == VFS_IFDIR)
        return -EPERM;
    if (type != 0 && type != VFS_IFREG && type != VFS_IFIFO && type != VFS_IFCHR &&
        type != VFS_IFBLK && type != VFS_IFSOCK)
        return -EINVAL;
    struct vfs_path dir;
    char name[VFS_NAME_MAX + 1];
    int slash;
    int r = file_parent_at(c, dirfd, path, &dir, name, &slash);
    if (r)
        return r;
    uint32_t perm = mode & ~c->fs->umask & VFS_PERM_MASK;
    struct vnode *d = dir.vn;
    if (slash)
        r = vfs_dir_find(d, name) ? -EEXIST : -ENOENT;
    else if (vfs_dir_find(d, name))
        r = -EEXIST;
    else if (type != 0 && type != VFS_IFREG && type != VFS_IFIFO && type != VFS_IFSOCK &&
             c->cred.uid != 0)
        r = -EPERM; /* device nodes: root only (CAP_MKNOD) */
    else if ((r = file_writable(&dir)))
        ;
    else if (type == 0 || type == VFS_IFREG)
        r = vfs_create(d, name, perm, &c->cred, 0);
    else if (type == VFS_IFIFO)
        r = vfs_mknod(d, name, type | perm, 0, &pipe_ops, 0, &c->cred, 0);
    else
        r = file_mknod_device(d, name, type | perm, type == VFS_IFSOCK ? 0 : dev, &c->cred);
    vfs_path_unref(&dir);
    return r;
}

int64_t file_readlinkat(struct file_ctx *c, int dirfd, const char *path, char *buf, size_t size)
{
    if ((int64_t)size <= 0)
        return -EINVAL;
    struct vfs_path p;
    int r = path[0] == 0 ? file_empty_path(c, dirfd, &p)
                         : file_lookup_at(c, dirfd, path, VFS_NOFOLLOW, &p);
    if (r)
        return r;
    struct vnode *vn = p.vn;
    vfs_ref(vn);
    vfs_path_unref(&p);
    if (vn->synth && vfs_is_lnk(vn) && vn->synth->readlink) { /* procfs's magic links */
        int64_t n = vn->synth->readlink(vn, &c->cred, buf, size);
        vfs_unref(vn);
        return n;
    }
    const char *t;
    size_t len;
    r = vfs_readlink(vn, &t, &len);
    if (!r) {
        if (len > size)
            len = size;
        memcpy(buf, t, len);
        vfs_touch(vn, 1, 0, 0);
    }
    vfs_unref(vn);
    return r ? r : (int64_t)len;
}
