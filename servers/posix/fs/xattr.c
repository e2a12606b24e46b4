/* Extended attributes of nodes (see vfs.h), in Linux's order of checks:
 * the namespace and the filesystem's support, the namespace's privilege
 * rule (xattr_permission, cap_inode_setxattr), then the value. */
#include "vfs.h"
#include "vfs_internal.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>

struct vfs_xattr {
    struct vfs_xattr *next;
    char *name;
    size_t size;
    uint8_t value[];
};

enum space { NS_NONE, NS_TRUSTED, NS_SECURITY, NS_USER, NS_SYSTEM };

static enum space space_of(const char *name)
{
    if (!strncmp(name, "trusted.", 8))
        return NS_TRUSTED;
    if (!strncmp(name, "security.", 9))
        return NS_SECURITY;
    if (!strncmp(name, "user.", 5))
        return NS_USER;
    if (!strncmp(name, "system.", 7))
        return NS_SYSTEM;
    return NS_NONE;
}

static int is_root(const struct vfs_cred *cred)
{
    return !cred || cred->uid == 0;
}

/* Whether vn's filesystem keeps attributes of this namespace: tmpfs keeps
   trusted.* and security.* (Linux 6.1's shmem handlers). */
static int supported(const struct vnode *vn, enum space ns)
{
    /* a memfd is a tmpfs file too; pipes, sockets... have none */
    if ((vn->anon && !vfs_is_reg(vn)) || vn->synth || (vn->fs->type && strcmp(vn->fs->type, "tmpfs")))
        return 0;
    return ns == NS_TRUSTED || ns == NS_SECURITY;
}

/* xattr_permission and the security hooks as Debian's 6.1 kernel runs
   them: trusted.* is root's; security.* has no check of its own there
   (its BPF LSM answers for the capability hook), except the file
   capability attribute, which needs CAP_SETFCAP. 0 or -errno. */
static int permission(const struct vnode *vn, const char *name, enum space ns, int write,
                      const struct vfs_cred *cred)
{
    (void)vn;
    if (ns == NS_TRUSTED && !is_root(cred))
        return write ? -EPERM : -ENODATA;
    if (ns == NS_SECURITY && write && !is_root(cred) && !strcmp(name, "security.capability"))
        return -EPERM;
    return 0;
}

static struct vfs_xattr **find(struct vnode *vn, const char *name)
{
    struct vfs_xattr **pp = &vn->xattrs;
    while (*pp && strcmp((*pp)->name, name))
        pp = &(*pp)->next;
    return pp;
}

/* The checks every call makes on a name: 0, or -errno. */
static int check(struct vnode *vn, const char *name, int write, const struct vfs_cred *cred,
                 enum space *ns)
{
    *ns = space_of(name);
    if (*ns == NS_NONE || !supported(vn, *ns))
        return -EOPNOTSUPP;
    return permission(vn, name, *ns, write, cred);
}

int vfs_setxattr(struct vnode *vn, const char *name, const void *value, size_t size, int flags,
                 const struct vfs_cred *cred)
{
    enum space ns;
    int r = check(vn, name, 1, cred, &ns);
    if (r)
        return r;
    if (size > VFS_XATTR_SIZE_MAX)
        return -E2BIG;
    struct vfs_xattr **pp = find(vn, name);
    if (*pp && (flags & VFS_XATTR_CREATE))
        return -EEXIST;
    if (!*pp && (flags & VFS_XATTR_REPLACE))
        return -ENODATA;
    size_t namelen = strlen(name) + 1;
    struct vfs_xattr *x = malloc(sizeof *x + size);
    char *copy = x ? malloc(namelen) : NULL;
    if (!copy) {
        free(x);
        return -ENOMEM;
    }
    memcpy(copy, name, namelen);
    x->name = copy;
    x->size = size;
    memcpy(x->value, value, size);
    struct vfs_xattr *old = *pp;
    x->next = old ? old->next : vn->xattrs;
    if (old) {
        *pp = x;
        free(old->name);
        free(old);
    } else {
        vn->xattrs = x;
    }
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

int64_t vfs_getxattr(struct vnode *vn, const char *name, void *buf, size_t size,
                     const struct vfs_cred *cred)
{
    enum space ns;
    int r = check(vn, name, 0, cred, &ns);
    if (r)
        return r;
    struct vfs_xattr *x = *find(vn, name);
    if (!x)
        return -ENODATA;
    if (size) {
        if (size < x->size)
            return -ERANGE;
        memcpy(buf, x->value, x->size);
    }
    return (int64_t)x->size;
}

int64_t vfs_listxattr(struct vnode *vn, char *buf, size_t size, const struct vfs_cred *cred)
{
    size_t len = 0;
    for (struct vfs_xattr *x = vn->xattrs; x; x = x->next) {
        if (space_of(x->name) == NS_TRUSTED && !is_root(cred))
            continue; /* hidden from the unprivileged, as Linux's simple_xattr_list */
        size_t n = strlen(x->name) + 1;
        if (size) {
            if (len + n > size)
                return -ERANGE;
            memcpy(buf + len, x->name, n);
        }
        len += n;
    }
    return (int64_t)len;
}

int vfs_removexattr(struct vnode *vn, const char *name, const struct vfs_cred *cred)
{
    enum space ns;
    int r = check(vn, name, 1, cred, &ns);
    if (r)
        return r;
    struct vfs_xattr **pp = find(vn, name), *x = *pp;
    if (!x)
        return -ENODATA;
    *pp = x->next;
    free(x->name);
    free(x);
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

void vfs_xattr_free(struct vnode *vn)
{
    struct vfs_xattr *x;
    while ((x = vn->xattrs)) {
        vn->xattrs = x->next;
        free(x->name);
        free(x);
    }
}
