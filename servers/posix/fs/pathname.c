/* A place back to its path (getcwd, /proc/<pid>/cwd, mountinfo). See vfs.h. */
#include "vfs.h"
#include "vfs_internal.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

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
    while (!vfs_path_same(&cur, root)) {
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
            struct vfs_dirent *e = vfs_dir_entry_of(d, cur.vn);
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
        struct vfs_dirent *e = vfs_dir_entry_of(up, cur.vn);
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
