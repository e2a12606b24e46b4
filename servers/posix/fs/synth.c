/* Synthetic nodes (procfs's): adding and removing them. See vfs.h. */
#include "vfs.h"
#include "vfs_internal.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

int vfs_synth_node(struct vnode *dir, const char *name, uint32_t mode, uint32_t uid, uint32_t gid,
                   const struct vfs_synth_ops *ops, uint64_t arg, struct vnode **out)
{
    size_t len = strnlen(name, VFS_NAME_MAX + 1);
    if (len > VFS_NAME_MAX)
        return -ENAMETOOLONG;
    if (len == 0 || vfs_special_name(name) || strchr(name, '/'))
        return -EINVAL;
    if (!vfs_is_dir(dir))
        return -ENOTDIR;
    if (vfs_dir_lookup_n(dir, name, len))
        return -EEXIST;
    uint32_t type = mode & VFS_IFMT;
    if (type != VFS_IFDIR && type != VFS_IFREG && type != VFS_IFLNK)
        return -EINVAL;
    struct vnode *vn;
    int r = vfs_node_new(dir->fs, type | (mode & VFS_PERM_MASK), 0, &vn);
    if (r)
        return r;
    vn->uid = uid;
    vn->gid = gid;
    vn->synth = ops;
    vn->synth_arg = arg;
    return vfs_link_new(dir, name, vn, out);
}

int vfs_synth_remove(struct vnode *dir, const char *name)
{
    struct vfs_dirent *e = vfs_dir_entry(dir, name);
    if (!e)
        return -ENOENT;
    struct vnode *vn = e->node;
    if (vfs_is_dir(vn)) {
        while (vn->u.dir.count) /* the last entry is never a hole */
            vfs_synth_remove(vn, vn->u.dir.ents[vn->u.dir.count - 1].name);
        vfs_dir_remove(dir, e);
        vfs_touch(dir, 0, 1, 1);
        vfs_dir_gone(dir, vn);
        return 0;
    }
    vfs_dir_remove(dir, e);
    vn->nlink--;
    vfs_touch(dir, 0, 1, 1);
    vfs_node_maybe_free(vn);
    return 0;
}
