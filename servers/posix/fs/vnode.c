/* Nodes: their life (made, referenced, freed), times and permissions;
   /dev/null and setting a filesystem up and down. See vfs.h. */
#include "vfs.h"
#include "vfs_internal.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

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

int vfs_node_new(struct vfs *fs, uint32_t mode, const struct vfs_cred *cred, struct vnode **out)
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
    if (vfs_is_reg(vn))
        vn->seals = VFS_SEAL_SEAL; /* as Linux's shmem files: no sealing unless memfd asks */
    *out = vn;
    return 0;
}

void vfs_node_free(struct vnode *vn)
{
    switch (vn->mode & VFS_IFMT) {
    case VFS_IFDIR:
        for (size_t i = 0; i < vn->u.dir.count; i++)
            free(vn->u.dir.ents[i].name);
        free(vn->u.dir.ents);
        free(vn->u.dir.index);
        break;
    case VFS_IFREG:
        if (vn->fs->file_ops && vn->fs->file_ops->destroy)
            vn->fs->file_ops->destroy(vn); /* the filesystem's own object (mqueue) */
        vfs_reg_free(vn);
        free(vn->u.reg.anon_name);
        break;
    case VFS_IFLNK:
        free(vn->u.lnk.target);
        break;
    default:
        if (vn->u.chr.ops && vn->u.chr.ops->destroy)
            vn->u.chr.ops->destroy(vn);
        break;
    }
    vfs_xattr_free(vn);
    vn->fs->nodes--;
    free(vn);
}

void vfs_node_maybe_free(struct vnode *vn)
{
    if (vn->nlink == 0 && vn->refs == 0)
        vfs_node_free(vn);
}

void vfs_ref(struct vnode *vn)
{
    vn->refs++;
}

void vfs_unref(struct vnode *vn)
{
    vn->refs--;
    vfs_node_maybe_free(vn);
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

int vfs_new_anon(struct vfs *fs, uint32_t mode, const struct file_ops *ops, void *ctx,
                 const struct vfs_cred *cred, struct vnode **out)
{
    uint32_t type = mode & VFS_IFMT;
    int reg = type == VFS_IFREG;
    if (type != VFS_IFIFO && type != VFS_IFCHR && type != VFS_IFSOCK && !reg)
        return -EINVAL;
    if (reg && (ops || ctx))
        return -EINVAL; /* the file's data is the VFS's own (u.reg) */
    struct vnode *vn;
    int r = vfs_node_new(fs, mode, cred, &vn);
    if (r)
        return r;
    if (!reg) {
        vn->u.chr.ops = ops;
        vn->u.chr.ctx = ctx;
    }
    vn->refs = 1;
    vn->anon = 1;
    *out = vn;
    return 0;
}

int vfs_readlink(struct vnode *vn, const char **target, size_t *len)
{
    if (!vfs_is_lnk(vn))
        return -EINVAL;
    *target = vn->u.lnk.target;
    *len = vn->u.lnk.len;
    return 0;
}

/* --- /dev/null and set-up -------------------------------------------------------------------- */

#define POLLIN  0x001
#define POLLOUT 0x004

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
    if (vfs_node_new(fs, VFS_IFDIR | 0755, 0, &root))
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
                vfs_node_free(vn);
            }
            continue;
        }
        struct vnode *up = dir->parent;
        vfs_node_free(dir);
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
