/* The calls on descriptors: open and close, read, write and lseek,
 * getdents64, dup and fcntl, ioctl (file.h). */
#include "file_internal.h"
#include "pipe.h"
#include "fasync.h"
#include "lease.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>

/* Status flags an open file description keeps (creation flags are not kept). */
#define KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW | O_PATH | \
                    O_LARGEFILE | O_SYNC | O_DSYNC | O_NOATIME | O_DIRECT | FASYNC)
#define SETFL_FLAGS (O_APPEND | O_NONBLOCK | FASYNC) /* what F_SETFL may change */

/* --- open and close ------------------------------------------------------------------------ */

static int64_t open_node(struct file_ctx *c, const struct vfs_path *p, uint32_t flags, int created)
{
    struct vnode *vn = p->vn;
    int acc = (int)(flags & O_ACCMODE);
    if (!(flags & O_PATH)) {
        if (vfs_is_lnk(vn))
            return -ELOOP; /* O_NOFOLLOW on a symbolic link */
        if ((flags & O_DIRECTORY) && !vfs_is_dir(vn))
            return -ENOTDIR;
        if (vfs_is_dir(vn) && (acc != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
            return -EISDIR;
        if (!created) {
            int want = (acc == O_RDONLY ? VFS_MAY_READ : acc == O_WRONLY ? VFS_MAY_WRITE
                                                                         : VFS_MAY_READ | VFS_MAY_WRITE);
            if (flags & O_TRUNC)
                want |= VFS_MAY_WRITE;
            int r = vfs_permission(vn, &c->cred, want);
            if (r)
                return r;
            /* devices, FIFOs and sockets stay writable on a read-only mount */
            if ((want & VFS_MAY_WRITE) && !vfs_is_dev(vn) && (r = file_writable(p)))
                return r;
            if ((want & VFS_MAY_WRITE) && vfs_is_reg(vn) && vn->running)
                return -ETXTBSY; /* a running program's pages are its file's */
        }
        if (vfs_is_dev(vn) && p->mnt && (p->mnt->flags & VFS_MNT_NODEV) &&
            (vn->mode & VFS_IFMT) != VFS_IFIFO && (vn->mode & VFS_IFMT) != VFS_IFSOCK)
            return -EACCES;
        if (vn->leases && !created) { /* before the truncation, as Linux's break_lease */
            int r = lease_break(vn, flags);
            if (r)
                return r;
        }
        if ((flags & O_TRUNC) && vfs_is_reg(vn) && vn->u.reg.size) {
            int r = vfs_truncate(vn, 0);
            if (r)
                return r;
        }
    } else if ((flags & O_DIRECTORY) && !vfs_is_dir(vn)) {
        return -ENOTDIR;
    }
    uint32_t kept = (flags & O_PATH) ? (O_PATH | (flags & (O_DIRECTORY | O_NOFOLLOW))) : (flags & KEPT_FLAGS);
    int err;
    struct ofile *f = ofile_new_at(p, kept | O_LARGEFILE, c, &err);
    if (!f)
        return err;
    if ((err = file_synth_snapshot(f, &c->cred))) {
        ofile_unref(f);
        return err;
    }
    int fd = fdtable_install(c->fdt, f, 0, flags & O_CLOEXEC);
    if (fd < 0)
        ofile_unref(f);
    return fd;
}

/* O_CREAT through a dangling symbolic link (in dir) creates the file the
   link names, as Linux, following further dangling links up to
   VFS_SYMLOOP_MAX. The new place comes back referenced in *out. */
static int create_through_link(struct file_ctx *c, struct vfs_path dir, struct vnode *link,
                               uint32_t mode, struct vfs_path *out, int *created)
{
    vfs_path_ref(&dir);
    for (int depth = 0; depth < VFS_SYMLOOP_MAX; depth++) {
        struct vfs_path pd;
        char name[VFS_NAME_MAX + 1];
        int slash;
        int r = vfs_walk_parent(&c->fs->root, &dir, link->u.lnk.target, &c->cred, &pd, name,
                                &slash);
        vfs_path_unref(&dir);
        if (r)
            return r;
        struct vnode *next = vfs_dir_find(pd.vn, name);
        if (slash || !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/")) {
            r = -EISDIR;
        } else if (!next) {
            if (!(r = file_writable(&pd)) &&
                !(r = vfs_create(pd.vn, name, mode & ~c->fs->umask & VFS_PERM_MASK, &c->cred,
                                 &out->vn))) {
                out->mnt = pd.mnt;
                vfs_mount_ref(out->mnt);
            }
            *created = r == 0;
        } else if (!vfs_is_lnk(next)) {
            r = vfs_walk(&c->fs->root, &pd, name, 0, &c->cred, out);
        } else {
            dir = pd;
            link = next;
            continue;
        }
        vfs_path_unref(&pd);
        return r;
    }
    vfs_path_unref(&dir);
    return -ELOOP;
}

int64_t file_openat(struct file_ctx *c, int dirfd, const char *path, uint32_t flags, uint32_t mode)
{
    /* O_ACCMODE (3) is Linux's "ioctl only" mode: read+write permission
       checked, neither read nor write allowed. O_TMPFILE is not supported. */
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return -EOPNOTSUPP;
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    struct vfs_path p;
    int created = 0;
    int64_t r;
    if (flags & O_CREAT) {
        struct vfs_path dir;
        char name[VFS_NAME_MAX + 1];
        int slash;
        r = file_parent_at(c, dirfd, path, &dir, name, &slash);
        if (r)
            return r;
        struct vnode *old = vfs_dir_find(dir.vn, name);
        if (slash || !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/")) {
            r = -EISDIR;
        } else if (!old) {
            if (!(r = file_writable(&dir)) &&
                !(r = vfs_create(dir.vn, name, mode & ~c->fs->umask & VFS_PERM_MASK, &c->cred,
                                 &p.vn))) {
                p.mnt = dir.mnt;
                vfs_mount_ref(p.mnt);
                created = 1;
            }
        } else if (flags & O_EXCL) {
            r = -EEXIST;
        } else if (vfs_is_lnk(old) && !(flags & O_NOFOLLOW)) {
            /* An existing link is followed; a dangling one creates its target. */
            r = vfs_walk(&c->fs->root, &dir, name, 0, &c->cred, &p);
            if (r == -ENOENT)
                r = create_through_link(c, dir, old, mode, &p, &created);
        } else {
            /* the name as a lookup sees it: a mount on it shows instead */
            r = vfs_walk(&c->fs->root, &dir, name, VFS_NOFOLLOW, &c->cred, &p);
        }
        vfs_path_unref(&dir);
        if (r)
            return r;
    } else {
        r = file_lookup_at(c, dirfd, path, (flags & O_NOFOLLOW) ? VFS_NOFOLLOW : 0, &p);
        if (r)
            return r;
    }
    r = open_node(c, &p, flags, created);
    vfs_path_unref(&p);
    return r;
}

int64_t file_close(struct file_ctx *c, int fd)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    c->fdt->files[fd] = 0;
    c->fdt->cloexec[fd] = 0;
    fdtable_closed(c->fdt, f);
    return 0;
}

/* --- read and write --------------------------------------------------------------------------- */

/* How a device takes offsets: pipes, sockets and terminals are streams
   (pread and lseek: ESPIPE); block devices are read at the offset; the
   memory devices (major 1: null, zero, full, random...) ignore it. */
enum dev_seek { DEV_STREAM, DEV_POSITIONAL, DEV_ANYWHERE };
static enum dev_seek dev_seek_of(const struct vnode *vn)
{
    if (vn->u.chr.ops && vn->u.chr.ops->pread)
        return DEV_POSITIONAL;
    if ((vn->mode & VFS_IFMT) == VFS_IFCHR && ((vn->rdev >> 8) & 0xfff) == 1)
        return DEV_ANYWHERE;
    return DEV_STREAM;
}

/* A block device's bytes (its node's pread/pwrite) at off, or at the
   description's offset, which moves on by what moved. */
static int64_t block_io(struct ofile *f, void *rbuf, const void *wbuf, size_t len, int64_t off)
{
    const struct file_ops *ops = f->vn->u.chr.ops;
    uint64_t at = off >= 0 ? (uint64_t)off : f->offset;
    if (!rbuf && !ops->pwrite)
        return -EINVAL;
    int64_t n = rbuf ? ops->pread(f->vn, rbuf, len, at) : ops->pwrite(f->vn, wbuf, len, at);
    if (n > 0 && off < 0)
        f->offset += (uint64_t)n;
    return n;
}

/* What every read and write checks before the file's operation: the
   access mode, the size, and whether the file takes an offset. */
static int64_t io_check(struct ofile *f, int writing, size_t *len, int64_t off)
{
    if (!(writing ? ofile_can_write(f) : ofile_can_read(f)))
        return -EBADF;
    if (*len > FILE_IO_MAX)
        *len = FILE_IO_MAX;
    if (off >= 0 && vfs_is_dev(f->vn) && dev_seek_of(f->vn) == DEV_STREAM)
        return -ESPIPE;
    return 0;
}

static int64_t do_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                       int64_t off)
{
    int64_t r = io_check(f, 0, &len, off);
    if (r < 0)
        return r;
    if (vfs_is_dev(f->vn) && dev_seek_of(f->vn) == DEV_POSITIONAL)
        return block_io(f, buf, NULL, len, off);
    return f->ops->read ? f->ops->read(f, c, buf, len, off) : -EINVAL;
}

static int64_t do_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                        int64_t off)
{
    int64_t r = io_check(f, 1, &len, off);
    if (r < 0)
        return r;
    if (vfs_is_dev(f->vn) && dev_seek_of(f->vn) == DEV_POSITIONAL)
        return block_io(f, NULL, buf, len, off);
    return f->ops->write ? f->ops->write(f, c, buf, len, off) : -EINVAL;
}

int64_t file_read(struct file_ctx *c, int fd, void *buf, size_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    return f ? do_read(f, c, buf, len, -1) : -EBADF;
}

int64_t file_write(struct file_ctx *c, int fd, const void *buf, size_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    return f ? do_write(f, c, buf, len, -1) : -EBADF;
}

int64_t file_pread(struct file_ctx *c, int fd, void *buf, size_t len, int64_t off)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (off < 0)
        return -EINVAL;
    return do_read(f, c, buf, len, off);
}

int64_t file_pwrite(struct file_ctx *c, int fd, const void *buf, size_t len, int64_t off)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (off < 0)
        return -EINVAL;
    return do_write(f, c, buf, len, off);
}

int64_t file_lseek(struct file_ctx *c, int fd, int64_t off, int whence)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    struct vnode *vn = f->vn;
    uint64_t size = vfs_is_reg(vn) ? vn->u.reg.size : 0;
    if (vfs_is_dev(vn)) {
        enum dev_seek k = dev_seek_of(vn);
        if (k == DEV_STREAM)
            return -ESPIPE;
        if (k == DEV_ANYWHERE) { /* Linux's null_lseek: always 0 */
            f->offset = 0;
            return whence <= SEEK_END ? 0 : -EINVAL;
        }
        size = vn->u.chr.ops->size ? vn->u.chr.ops->size(vn) : 0;
        if (whence == SEEK_DATA || whence == SEEK_HOLE)
            return -EINVAL;
    }
    int64_t base;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->offset; break;
    case SEEK_END:
        if (vfs_is_dir(vn))
            return -EINVAL;
        base = (int64_t)size;
        break;
    case SEEK_DATA:
    case SEEK_HOLE:
        if (!vfs_is_reg(vn))
            return -EINVAL;
        if (off < 0)
            return -ENXIO;
        int64_t at = vfs_seek_data(vn, (uint64_t)off, whence == SEEK_DATA);
        if (at < 0)
            return at;
        f->offset = (uint64_t)at;
        return at;
    default:
        return -EINVAL;
    }
    if ((off > 0 && base > INT64_MAX - off))
        return -EOVERFLOW;
    int64_t pos = base + off;
    if (pos < 0)
        return -EINVAL;
    f->offset = (uint64_t)pos;
    return pos;
}

/* --- directories ----------------------------------------------------------------------------- */

static uint8_t dtype_of(const struct vnode *vn)
{
    switch (vn->mode & VFS_IFMT) {
    case VFS_IFDIR: return LINUX_DT_DIR;
    case VFS_IFREG: return LINUX_DT_REG;
    case VFS_IFLNK: return LINUX_DT_LNK;
    case VFS_IFCHR: return LINUX_DT_CHR;
    case VFS_IFBLK: return LINUX_DT_BLK;
    case VFS_IFIFO: return LINUX_DT_FIFO;
    case VFS_IFSOCK: return LINUX_DT_SOCK;
    default: return LINUX_DT_UNKNOWN;
    }
}

int64_t file_getdents64(struct file_ctx *c, int fd, void *buf, size_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (!vfs_is_dir(f->vn))
        return -ENOTDIR;
    if (f->vn->nlink == 0)
        return -ENOENT;
    uint8_t *out = buf;
    size_t used = 0;
    for (;;) {
        uint64_t pos = f->offset;
        const char *name;
        size_t namelen;
        struct vnode *node;
        int r = vfs_readdir(f->vn, &pos, &name, &namelen, &node);
        if (r <= 0)
            break;
        size_t reclen = (offsetof(struct linux_dirent64, d_name) + namelen + 1 + 7) & ~(size_t)7;
        if (used + reclen > len) {
            if (used == 0)
                return -EINVAL; /* the buffer cannot hold even one entry */
            break;
        }
        struct linux_dirent64 d = {
            .d_ino = node->ino, .d_off = (int64_t)pos, .d_reclen = (uint16_t)reclen,
            .d_type = dtype_of(node),
        };
        memset(out + used, 0, reclen);
        memcpy(out + used, &d, offsetof(struct linux_dirent64, d_name));
        memcpy(out + used + offsetof(struct linux_dirent64, d_name), name, namelen);
        used += reclen;
        f->offset = pos;
    }
    vfs_touch(f->vn, 1, 0, 0);
    return (int64_t)used;
}

/* --- descriptors ---------------------------------------------------------------------------------- */

/* F_ADD_SEALS, in Linux 6.1's order: the argument's width, the open mode
   (sealing is writing), then the seals themselves (vfs_add_seals). */
static int64_t file_add_seals(const struct ofile *f, uint64_t arg)
{
    if (f->flags & O_PATH)
        return -EBADF;
    if (arg > UINT32_MAX)
        return -EINVAL;
    if (!ofile_can_write(f))
        return -EPERM;
    return vfs_add_seals(f->vn, (uint32_t)arg);
}

int64_t file_fcntl(struct file_ctx *c, int fd, int cmd, uint64_t arg)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC: {
        if (arg >= c->fdt->limit)
            return -EINVAL;
        ofile_ref(f);
        int r = fdtable_install(c->fdt, f, (int)arg, cmd == F_DUPFD_CLOEXEC);
        if (r < 0)
            ofile_unref(f);
        return r;
    }
    case F_GETFD:
        return c->fdt->cloexec[fd] ? FD_CLOEXEC : 0;
    case F_SETFD:
        c->fdt->cloexec[fd] = (arg & FD_CLOEXEC) ? 1 : 0;
        return 0;
    case F_GETFL:
        return f->flags;
    case F_SETFL:
        if (f->flags & O_PATH)
            return -EBADF;
        if ((arg ^ f->flags) & FASYNC) { /* signal-driven I/O on or off (fasync.h) */
            int r = file_async_set(f, c, (arg & FASYNC) != 0, fd);
            if (r)
                return r;
        }
        f->flags = (f->flags & ~(uint32_t)SETFL_FLAGS) | ((uint32_t)arg & SETFL_FLAGS);
        return 0;
    case F_SETLEASE:
        return file_setlease(c, fd, (int)arg);
    case F_GETLEASE:
        return file_getlease(c, fd);
    case F_GETPIPE_SZ:
        return pipe_get_size(f->vn);
    case F_SETPIPE_SZ:
        return pipe_set_size(f->vn, arg, c->cred.uid == 0);
    case F_ADD_SEALS:
        return file_add_seals(f, arg);
    case F_GET_SEALS:
        if (f->flags & O_PATH)
            return -EBADF;
        return vfs_sealable(f->vn) ? f->vn->seals : -EINVAL;
    default:
        return -EINVAL;
    }
}

int64_t file_dup(struct file_ctx *c, int fd)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    ofile_ref(f);
    int r = fdtable_install(c->fdt, f, 0, 0);
    if (r < 0)
        ofile_unref(f);
    return r;
}

int64_t file_dup3(struct file_ctx *c, int oldfd, int newfd, uint32_t flags)
{
    if (flags & ~(uint32_t)O_CLOEXEC)
        return -EINVAL;
    if (oldfd == newfd)
        return -EINVAL;
    struct ofile *f = fdtable_get(c->fdt, oldfd);
    if (!f)
        return -EBADF;
    if (newfd < 0 || (uint32_t)newfd >= c->fdt->limit)
        return -EBADF;
    int r = fdtable_grow(c->fdt, (uint32_t)newfd + 1);
    if (r)
        return r;
    struct ofile *old = c->fdt->files[newfd];
    ofile_ref(f);
    c->fdt->files[newfd] = f;
    c->fdt->cloexec[newfd] = (flags & O_CLOEXEC) ? 1 : 0;
    if (old)
        fdtable_closed(c->fdt, old);
    return newfd;
}

int64_t file_dup2(struct file_ctx *c, int oldfd, int newfd)
{
    if (oldfd == newfd)
        return fdtable_get(c->fdt, oldfd) ? newfd : -EBADF;
    return file_dup3(c, oldfd, newfd, 0);
}

/* --- ioctl and terminals --------------------------------------------------------------------------- */


size_t file_ioctl_size(uint64_t req, int *in, int *out)
{
    *in = *out = 0;
    switch (req) {
    case TCGETS: *out = 1; return sizeof(struct termios);
    case TCSETS: case TCSETSW: case TCSETSF: *in = 1; return sizeof(struct termios);
    case TIOCGWINSZ: *out = 1; return sizeof(struct winsize);
    case TIOCSWINSZ: *in = 1; return sizeof(struct winsize);
    case TIOCGPGRP: case FIONREAD: *out = 1; return sizeof(int);
    case TIOCSPGRP: case FIONBIO: case FIOASYNC: *in = 1; return sizeof(int);
    case TIOCGSID: case TIOCOUTQ: case TIOCGEXCL: case TIOCGETD: *out = 1; return sizeof(int);
    case TIOCSETD: *in = 1; return sizeof(int);
    /* block devices and loop devices (loop.c) */
    case BLKGETSIZE64: *out = 1; return sizeof(uint64_t);
    case BLKGETSIZE: *out = 1; return sizeof(unsigned long);
    case BLKSSZGET: case BLKROGET: case BLKBSZGET: *out = 1; return sizeof(int);
    case LOOP_GET_STATUS64: *out = 1; return sizeof(struct loop_info64);
    case LOOP_SET_STATUS64: *in = 1; return sizeof(struct loop_info64);
    case LOOP_CONFIGURE: *in = 1; return sizeof(struct loop_config);
    default: return 0;
    }
}

int64_t file_ioctl(struct file_ctx *c, int fd, uint64_t req, void *arg)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    switch (req) { /* the ones Linux answers for every file */
    case FIOCLEX:
        c->fdt->cloexec[fd] = 1;
        return 0;
    case FIONCLEX:
        c->fdt->cloexec[fd] = 0;
        return 0;
    case FIONBIO: {
        int on;
        memcpy(&on, arg, sizeof on);
        f->flags = on ? f->flags | O_NONBLOCK : f->flags & ~(uint32_t)O_NONBLOCK;
        return 0;
    }
    case FIOASYNC: { /* as F_SETFL's O_ASYNC (fasync.h) */
        int on;
        memcpy(&on, arg, sizeof on);
        int r = file_async_set(f, c, on != 0, fd);
        if (r)
            return r;
        f->flags = on ? f->flags | FASYNC : f->flags & ~(uint32_t)FASYNC;
        return 0;
    }
    case FIONREAD:
        if (vfs_is_reg(f->vn)) {
            uint64_t size = f->vn->u.reg.size;
            int left = f->offset < size ? (int)(size - f->offset > 0x7fffffff ? 0x7fffffff : size - f->offset) : 0;
            memcpy(arg, &left, sizeof left);
            return 0;
        }
        break;
    }
    return f->ops->ioctl ? f->ops->ioctl(f, c, req, arg) : -ENOTTY;
}
