/* The extended attribute calls: setxattr, lsetxattr, fsetxattr, getxattr,
 * lgetxattr, fgetxattr, listxattr, llistxattr, flistxattr, removexattr,
 * lremovexattr, fremovexattr, in Linux's order of checks (the node and its
 * mount first, then flags, name, size and value). Handlers for the Linux ABI
 * table (abi/x86_64/syscalls.toml). */
#include "posix.h"
#include "fileio.h"
#include "client.h"
#include "proc.h"
#include "file.h"
#include "vfs.h"
#include <calyx/malloc.h>

static char path[VFS_PATH_MAX];

/* How a call names its node. */
enum via { BY_PATH, BY_LINK, BY_FD };

static long node_args(struct thread *t, enum via via, uint64_t arg, int *fd, const char **pp)
{
    *fd = -1;
    *pp = NULL;
    if (via == BY_FD) {
        *fd = (int)arg;
        return 0;
    }
    long r = fileio_get_path(t->p, arg, path);
    if (r < 0)
        return r;
    *pp = path;
    return 0;
}

/* An attribute name: 1..255 bytes (ERANGE), readable (EFAULT). */
static long get_name(struct thread *t, uint64_t addr, char name[VFS_XATTR_NAME_MAX + 1])
{
    long r = client_string(t->p, addr, name, VFS_XATTR_NAME_MAX + 1);
    if (r == -ENAMETOOLONG)
        return -ERANGE;
    if (r < 0)
        return r;
    return name[0] ? 0 : -ERANGE;
}

/* The node (and for a change its mount) before anything else: with an
   invalid name or flags the path's errors still come first, as Linux's. */
static long probe(struct thread *t, int fd, const char *pp, enum via via, int write)
{
    struct file_ctx c = fileio_ctx(t);
    return file_xattr_check(&c, fd, pp, via == BY_LINK, write);
}

static long set(struct thread *t, const uint64_t *a, enum via via)
{
    int fd;
    const char *pp;
    long r = node_args(t, via, a[0], &fd, &pp);
    if (r < 0 || (r = probe(t, fd, pp, via, 1)) < 0)
        return r;
    if (a[4] & ~(uint64_t)(VFS_XATTR_CREATE | VFS_XATTR_REPLACE))
        return -EINVAL;
    char name[VFS_XATTR_NAME_MAX + 1];
    if ((r = get_name(t, a[1], name)) < 0)
        return r;
    size_t size = (size_t)a[3];
    if (size > VFS_XATTR_SIZE_MAX)
        return -E2BIG;
    void *value = size ? malloc(size) : NULL;
    if (size && !value)
        return -ENOMEM;
    if (size && client_read(t->p, a[2], value, size) < 0) {
        free(value);
        return -EFAULT;
    }
    struct file_ctx c = fileio_ctx(t);
    struct file_xattr_op op = { .kind = XATTR_SET, .name = name, .value = value, .size = size,
                                .flags = (int)a[4] };
    r = file_xattr(&c, fd, pp, via == BY_LINK, &op);
    free(value);
    return r;
}

/* A get or list: the caller's size (cut at max), the answer copied out;
   ERANGE with a buffer of the most there can be is E2BIG, as Linux. */
static long read_out(struct thread *t, int fd, const char *pp, enum via via,
                     struct file_xattr_op *op, uint64_t ubuf, size_t asked, size_t max)
{
    size_t size = asked > max ? max : asked;
    void *buf = size ? malloc(size) : NULL;
    if (size && !buf)
        return -ENOMEM;
    op->buf = buf;
    op->size = size;
    struct file_ctx c = fileio_ctx(t);
    long r = file_xattr(&c, fd, pp, via == BY_LINK, op);
    if (r == -EOPNOTSUPP && op->kind == XATTR_LIST)
        r = 0; /* a filesystem without attributes lists none, as Linux's */
    if (r > 0 && size && client_write(t->p, ubuf, buf, (size_t)r) < 0)
        r = -EFAULT;
    else if (r == -ERANGE && size >= max)
        r = -E2BIG;
    free(buf);
    return r;
}

static long get(struct thread *t, const uint64_t *a, enum via via)
{
    int fd;
    const char *pp;
    char name[VFS_XATTR_NAME_MAX + 1];
    long r = node_args(t, via, a[0], &fd, &pp);
    if (r < 0 || (r = probe(t, fd, pp, via, 0)) < 0 || (r = get_name(t, a[1], name)) < 0)
        return r;
    struct file_xattr_op op = { .kind = XATTR_GET, .name = name };
    return read_out(t, fd, pp, via, &op, a[2], (size_t)a[3], VFS_XATTR_SIZE_MAX);
}

static long list(struct thread *t, const uint64_t *a, enum via via)
{
    int fd;
    const char *pp;
    long r = node_args(t, via, a[0], &fd, &pp);
    if (r < 0)
        return r;
    struct file_xattr_op op = { .kind = XATTR_LIST };
    return read_out(t, fd, pp, via, &op, a[1], (size_t)a[2], VFS_XATTR_LIST_MAX);
}

static long removex(struct thread *t, const uint64_t *a, enum via via)
{
    int fd;
    const char *pp;
    char name[VFS_XATTR_NAME_MAX + 1];
    long r = node_args(t, via, a[0], &fd, &pp);
    if (r < 0 || (r = probe(t, fd, pp, via, 1)) < 0 || (r = get_name(t, a[1], name)) < 0)
        return r;
    struct file_ctx c = fileio_ctx(t);
    struct file_xattr_op op = { .kind = XATTR_REMOVE, .name = name };
    return file_xattr(&c, fd, pp, via == BY_LINK, &op);
}

long sys_setxattr(struct thread *t, const uint64_t *a)
{
    return set(t, a, BY_PATH);
}

long sys_lsetxattr(struct thread *t, const uint64_t *a)
{
    return set(t, a, BY_LINK);
}

long sys_fsetxattr(struct thread *t, const uint64_t *a)
{
    return set(t, a, BY_FD);
}

long sys_getxattr(struct thread *t, const uint64_t *a)
{
    return get(t, a, BY_PATH);
}

long sys_lgetxattr(struct thread *t, const uint64_t *a)
{
    return get(t, a, BY_LINK);
}

long sys_fgetxattr(struct thread *t, const uint64_t *a)
{
    return get(t, a, BY_FD);
}

long sys_listxattr(struct thread *t, const uint64_t *a)
{
    return list(t, a, BY_PATH);
}

long sys_llistxattr(struct thread *t, const uint64_t *a)
{
    return list(t, a, BY_LINK);
}

long sys_flistxattr(struct thread *t, const uint64_t *a)
{
    return list(t, a, BY_FD);
}

long sys_removexattr(struct thread *t, const uint64_t *a)
{
    return removex(t, a, BY_PATH);
}

long sys_lremovexattr(struct thread *t, const uint64_t *a)
{
    return removex(t, a, BY_LINK);
}

long sys_fremovexattr(struct thread *t, const uint64_t *a)
{
    return removex(t, a, BY_FD);
}
