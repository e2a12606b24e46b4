/* Where the file calls' paths start: a *at call's dirfd or the cwd, under
 * the root (chroot); the lookups they share (file_internal.h), and getcwd,
 * chdir, fchdir and chroot (file.h). */
#include "file_internal.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

/* --- lookups --------------------------------------------------------------------------------- */

/* The directory a *at call starts from (no new references). */
static int start_dir(struct file_ctx *c, int dirfd, const char *path, struct vfs_path *out)
{
    if ((path && path[0] == '/') || dirfd == AT_FDCWD) {
        *out = c->fs->cwd; /* ignored by the lookup for an absolute path */
        return 0;
    }
    struct ofile *f = fdtable_get(c->fdt, dirfd);
    if (!f)
        return -EBADF;
    if (!vfs_is_dir(f->vn))
        return -ENOTDIR;
    *out = ofile_path(f);
    return 0;
}

int file_lookup_at(struct file_ctx *c, int dirfd, const char *path, int vflags,
                   struct vfs_path *out)
{
    struct vfs_path start;
    int r = start_dir(c, dirfd, path, &start);
    if (r)
        return r;
    return vfs_walk(&c->fs->root, &start, path, vflags, &c->cred, out);
}

int file_parent_at(struct file_ctx *c, int dirfd, const char *path, struct vfs_path *dir,
                   char name[VFS_NAME_MAX + 1], int *slash)
{
    struct vfs_path start;
    int r = start_dir(c, dirfd, path, &start);
    if (r)
        return r;
    return vfs_walk_parent(&c->fs->root, &start, path, &c->cred, dir, name, slash);
}

/* With AT_EMPTY_PATH an empty path means dirfd's own place (referenced). */
int file_empty_path(struct file_ctx *c, int dirfd, struct vfs_path *out)
{
    if (dirfd == AT_FDCWD) {
        *out = c->fs->cwd;
    } else {
        struct ofile *f = fdtable_get(c->fdt, dirfd);
        if (!f)
            return -EBADF;
        *out = ofile_path(f);
    }
    vfs_path_ref(out);
    return 0;
}

/* The place a path-or-empty-path call names (referenced): AT_EMPTY_PATH and
   AT_SYMLINK_NOFOLLOW as the *at calls take them; a NULL path is dirfd's node. */
int file_node_at(struct file_ctx *c, int dirfd, const char *path, int flags, struct vfs_path *out)
{
    if (!path || path[0] == 0) {
        if (path && !(flags & AT_EMPTY_PATH))
            return -ENOENT;
        return file_empty_path(c, dirfd, out);
    }
    return file_lookup_at(c, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? VFS_NOFOLLOW : 0, out);
}

/* Changes to names, data and attributes need a writable mount (EROFS). */
int file_writable(const struct vfs_path *p)
{
    return vfs_mount_rdonly(p->mnt) ? -EROFS : 0;
}

/* --- cwd and root ---------------------------------------------------------------------------- */

int64_t file_getcwd(struct file_ctx *c, char *buf, size_t size)
{
    if (!vfs_is_dir(c->fs->cwd.vn))
        return -ENOENT;
    return vfs_path_name(&c->fs->root, &c->fs->cwd, buf, size);
}

static int64_t set_cwd(struct file_ctx *c, const struct vfs_path *p)
{
    if (!vfs_is_dir(p->vn))
        return -ENOTDIR;
    int r = vfs_permission(p->vn, &c->cred, VFS_MAY_EXEC);
    if (r)
        return r;
    vfs_path_ref(p);
    vfs_path_unref(&c->fs->cwd);
    c->fs->cwd = *p;
    return 0;
}

int64_t file_chdir(struct file_ctx *c, const char *path)
{
    struct vfs_path p;
    int r = file_lookup_at(c, AT_FDCWD, path, 0, &p);
    if (r)
        return r;
    int64_t res = set_cwd(c, &p);
    vfs_path_unref(&p);
    return res;
}

int64_t file_fchdir(struct file_ctx *c, int fd)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    return set_cwd(c, &p);
}

int64_t file_chroot(struct file_ctx *c, const char *path)
{
    struct vfs_path p;
    int r = file_lookup_at(c, AT_FDCWD, path, 0, &p);
    if (r)
        return r;
    if (!vfs_is_dir(p.vn))
        r = -ENOTDIR;
    else if (!(r = vfs_permission(p.vn, &c->cred, VFS_MAY_EXEC)) && c->cred.uid != 0)
        r = -EPERM;
    if (!r) {
        vfs_path_unref(&c->fs->root);
        c->fs->root = p; /* takes the lookup's references */
        return 0;
    }
    vfs_path_unref(&p);
    return r;
}
