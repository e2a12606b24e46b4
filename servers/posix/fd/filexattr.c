/* Extended attribute calls on paths and descriptors (see file.h): which
 * node, and whether its mount may be written, before vfs.h's xattr calls. */
#include "file_internal.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

/* The node: the descriptor fd's when path is NULL (O_PATH ones cannot:
   EBADF), else path's (its last link followed unless nofollow). A write
   needs a writable mount (EROFS). */
static int target(struct file_ctx *c, int fd, const char *path, int nofollow, int write,
                  struct vfs_path *out, int *held)
{
    *held = 0;
    if (!path) {
        struct ofile *f = fdtable_get(c->fdt, fd);
        if (!f || (f->flags & O_PATH))
            return -EBADF;
        *out = ofile_path(f);
    } else {
        int r = file_lookup_at(c, AT_FDCWD, path, nofollow ? VFS_NOFOLLOW : 0, out);
        if (r)
            return r;
        *held = 1;
    }
    int r = write && out->mnt ? file_writable(out) : 0;
    if (r && *held)
        vfs_path_unref(out);
    return r;
}

int64_t file_xattr_check(struct file_ctx *c, int fd, const char *path, int nofollow, int write)
{
    struct vfs_path p;
    int held;
    int64_t r = target(c, fd, path, nofollow, write, &p, &held);
    if (!r && held)
        vfs_path_unref(&p);
    return r;
}

int64_t file_xattr(struct file_ctx *c, int fd, const char *path, int nofollow,
                   const struct file_xattr_op *op)
{
    struct vfs_path p;
    int held;
    int write = op->kind == XATTR_SET || op->kind == XATTR_REMOVE;
    int64_t r = target(c, fd, path, nofollow, write, &p, &held);
    if (r)
        return r;
    switch (op->kind) {
    case XATTR_SET:
        r = vfs_setxattr(p.vn, op->name, op->value, op->size, op->flags, &c->cred);
        break;
    case XATTR_GET:
        r = vfs_getxattr(p.vn, op->name, op->buf, op->size, &c->cred);
        break;
    case XATTR_LIST:
        r = vfs_listxattr(p.vn, op->buf, op->size, &c->cred);
        break;
    case XATTR_REMOVE:
        r = vfs_removexattr(p.vn, op->name, &c->cred);
        break;
    }
    if (held)
        vfs_path_unref(&p);
    return r;
}
