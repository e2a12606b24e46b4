/* Open files, descriptor tables and the file syscalls: see file.h. */
#include "file.h"
#include <calyx/malloc.h>
#include "../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <linux/fcntl.h>
#include <linux/fs.h>

#define UIO_MAXIOV 1024 /* Linux's limit on an iovec array */
#define FDT_FIRST_CAP 16
#define FDT_LIMIT_MAX (FILE_NOFILE_DEFAULT * 64)
/* Status flags an open file description keeps (creation flags are not kept). */
#define KEPT_FLAGS (O_ACCMODE | O_APPEND | O_NONBLOCK | O_DIRECTORY | O_NOFOLLOW | O_PATH | \
                    O_LARGEFILE | O_SYNC | O_DSYNC | O_NOATIME | O_DIRECT | FASYNC)
#define SETFL_FLAGS (O_APPEND | O_NONBLOCK) /* what F_SETFL may change */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* --- open file descriptions ------------------------------------------------------------ */

struct ofile *ofile_new(struct vnode *vn, uint32_t flags, int *err)
{
    struct ofile *f = calloc(1, sizeof *f);
    if (!f) {
        *err = -ENOMEM;
        return 0;
    }
    if (vfs_is_dev(vn) && !(flags & O_PATH) && vn->u.chr.ops && vn->u.chr.ops->open) {
        int r = vn->u.chr.ops->open(vn, flags);
        if (r) {
            free(f);
            *err = r;
            return 0;
        }
    }
    vfs_ref(vn);
    f->vn = vn;
    f->flags = flags;
    f->refs = 1;
    return f;
}

void ofile_ref(struct ofile *f)
{
    f->refs++;
}

void ofile_unref(struct ofile *f)
{
    if (--f->refs)
        return;
    struct vnode *vn = f->vn;
    if (vfs_is_dev(vn) && !(f->flags & O_PATH) && vn->u.chr.ops && vn->u.chr.ops->release)
        vn->u.chr.ops->release(vn, f->flags);
    vfs_unref(vn);
    free(f);
}

/* --- descriptor tables ------------------------------------------------------------------ */

struct fdtable *fdtable_new(void)
{
    struct fdtable *t = calloc(1, sizeof *t);
    if (!t)
        return 0;
    t->limit = FILE_NOFILE_DEFAULT;
    t->refs = 1;
    return t;
}

static int fdt_grow(struct fdtable *t, uint32_t need)
{
    if (need <= t->cap)
        return 0;
    uint32_t cap = t->cap ? t->cap : FDT_FIRST_CAP;
    while (cap < need)
        cap *= 2;
    struct ofile **files = realloc(t->files, cap * sizeof *files);
    if (!files)
        return -ENOMEM;
    t->files = files;
    uint8_t *cloexec = realloc(t->cloexec, cap);
    if (!cloexec)
        return -ENOMEM; /* files grew, which is harmless: cap stays */
    t->cloexec = cloexec;
    memset(files + t->cap, 0, (cap - t->cap) * sizeof *files);
    memset(cloexec + t->cap, 0, cap - t->cap);
    t->cap = cap;
    return 0;
}

struct fdtable *fdtable_clone(const struct fdtable *t)
{
    struct fdtable *n = fdtable_new();
    if (!n)
        return 0;
    n->limit = t->limit;
    if (fdt_grow(n, t->cap)) {
        fdtable_unref(n);
        return 0;
    }
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->files[i]) {
            ofile_ref(t->files[i]);
            n->files[i] = t->files[i];
            n->cloexec[i] = t->cloexec[i];
        }
    }
    return n;
}

void fdtable_ref(struct fdtable *t)
{
    t->refs++;
}

void fdtable_unref(struct fdtable *t)
{
    if (--t->refs)
        return;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->files[i])
            ofile_unref(t->files[i]);
    free(t->files);
    free(t->cloexec);
    free(t);
}

void fdtable_close_on_exec(struct fdtable *t)
{
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->files[i] && t->cloexec[i]) {
            ofile_unref(t->files[i]);
            t->files[i] = 0;
            t->cloexec[i] = 0;
        }
    }
}

struct ofile *fdtable_get(const struct fdtable *t, int fd)
{
    if (fd < 0 || (uint32_t)fd >= t->cap)
        return 0;
    return t->files[fd];
}

int fdtable_install(struct fdtable *t, struct ofile *f, int min_fd, int cloexec)
{
    if (min_fd < 0 || (uint32_t)min_fd >= t->limit)
        return -EINVAL;
    uint32_t fd = (uint32_t)min_fd;
    while (fd < t->cap && t->files[fd])
        fd++;
    if (fd >= t->limit)
        return -EMFILE;
    int r = fdt_grow(t, fd + 1);
    if (r)
        return r;
    t->files[fd] = f;
    t->cloexec[fd] = cloexec ? 1 : 0;
    return (int)fd;
}

int fdtable_set_limit(struct fdtable *t, uint32_t limit)
{
    if (limit > FDT_LIMIT_MAX)
        return -EINVAL;
    t->limit = limit;
    return 0;
}

/* --- fs_state ----------------------------------------------------------------------------- */

struct fs_state *fs_state_new(struct vfs *vfs)
{
    struct fs_state *s = calloc(1, sizeof *s);
    if (!s)
        return 0;
    s->vfs = vfs;
    s->cwd = vfs->root;
    vfs_ref(s->cwd);
    s->umask = 022;
    s->refs = 1;
    return s;
}

struct fs_state *fs_state_clone(const struct fs_state *o)
{
    struct fs_state *s = fs_state_new(o->vfs);
    if (!s)
        return 0;
    vfs_unref(s->cwd);
    s->cwd = o->cwd;
    vfs_ref(s->cwd);
    s->umask = o->umask;
    return s;
}

void fs_state_unref(struct fs_state *s)
{
    if (--s->refs)
        return;
    vfs_unref(s->cwd);
    free(s);
}

/* --- helpers ---------------------------------------------------------------------------- */

static int acc_mode(const struct ofile *f) { return (int)(f->flags & O_ACCMODE); }
static int can_read(const struct ofile *f)
{
    return !(f->flags & O_PATH) && (acc_mode(f) == O_RDONLY || acc_mode(f) == O_RDWR);
}
static int can_write(const struct ofile *f)
{
    return !(f->flags & O_PATH) && (acc_mode(f) == O_WRONLY || acc_mode(f) == O_RDWR);
}

/* The directory a *at call starts from (no new reference). */
static int start_dir(struct file_ctx *c, int dirfd, const char *path, struct vnode **out)
{
    if (path && path[0] == '/') {
        *out = c->fs->cwd; /* ignored by the lookup for an absolute path */
        return 0;
    }
    if (dirfd == AT_FDCWD) {
        *out = c->fs->cwd;
        return 0;
    }
    struct ofile *f = fdtable_get(c->fdt, dirfd);
    if (!f)
        return -EBADF;
    if (!vfs_is_dir(f->vn))
        return -ENOTDIR;
    *out = f->vn;
    return 0;
}

static int lookup_at(struct file_ctx *c, int dirfd, const char *path, int vflags, struct vnode **out)
{
    struct vnode *start;
    int r = start_dir(c, dirfd, path, &start);
    if (r)
        return r;
    return vfs_lookup(c->fs->vfs, start, path, vflags, &c->cred, out);
}

static int parent_at(struct file_ctx *c, int dirfd, const char *path, struct vnode **dir,
                     char name[VFS_NAME_MAX + 1], int *slash)
{
    struct vnode *start;
    int r = start_dir(c, dirfd, path, &start);
    if (r)
        return r;
    return vfs_lookup_parent(c->fs->vfs, start, path, &c->cred, dir, name, slash);
}

/* With AT_EMPTY_PATH an empty path means dirfd's own node (referenced). */
static int empty_path_node(struct file_ctx *c, int dirfd, struct vnode **out)
{
    struct vnode *vn;
    if (dirfd == AT_FDCWD) {
        vn = c->fs->cwd;
    } else {
        struct ofile *f = fdtable_get(c->fdt, dirfd);
        if (!f)
            return -EBADF;
        vn = f->vn;
    }
    vfs_ref(vn);
    *out = vn;
    return 0;
}

/* --- open and close ------------------------------------------------------------------------ */

static int64_t open_node(struct file_ctx *c, struct vnode *vn, uint32_t flags, int created)
{
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
    struct ofile *f = ofile_new(vn, kept | O_LARGEFILE, &err);
    if (!f)
        return err;
    int fd = fdtable_install(c->fdt, f, 0, flags & O_CLOEXEC);
    if (fd < 0)
        ofile_unref(f);
    return fd;
}

int64_t file_openat(struct file_ctx *c, int dirfd, const char *path, uint32_t flags, uint32_t mode)
{
    if ((flags & O_ACCMODE) == O_ACCMODE)
        return -EINVAL;
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return -EOPNOTSUPP;
    if (flags & O_PATH)
        flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    struct vnode *vn;
    int created = 0;
    int64_t r;
    if (flags & O_CREAT) {
        struct vnode *dir;
        char name[VFS_NAME_MAX + 1];
        int slash;
        r = parent_at(c, dirfd, path, &dir, name, &slash);
        if (r)
            return r;
        struct vnode *old = vfs_dir_find(dir, name);
        if (slash || !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/")) {
            vfs_unref(dir);
            return -EISDIR;
        }
        if (!old) {
            r = vfs_create(dir, name, mode & ~c->fs->umask & VFS_PERM_MASK, &c->cred, &vn);
            vfs_unref(dir);
            if (r)
                return r;
            created = 1;
        } else if (flags & O_EXCL) {
            vfs_unref(dir);
            return -EEXIST;
        } else if (vfs_is_lnk(old) && !(flags & O_NOFOLLOW)) {
            /* An existing link is followed; a dangling one is not created through. */
            r = vfs_lookup(c->fs->vfs, dir, name, 0, &c->cred, &vn);
            vfs_unref(dir);
            if (r)
                return r;
        } else {
            vn = old;
            vfs_ref(vn);
            vfs_unref(dir);
        }
    } else {
        r = lookup_at(c, dirfd, path, (flags & O_NOFOLLOW) ? VFS_NOFOLLOW : 0, &vn);
        if (r)
            return r;
    }
    r = open_node(c, vn, flags, created);
    vfs_unref(vn);
    return r;
}

int64_t file_close(struct file_ctx *c, int fd)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    c->fdt->files[fd] = 0;
    c->fdt->cloexec[fd] = 0;
    ofile_unref(f);
    return 0;
}

/* --- read and write --------------------------------------------------------------------------- */

static int64_t do_read(struct ofile *f, void *buf, size_t len, int64_t off)
{
    struct vnode *vn = f->vn;
    if (!can_read(f))
        return -EBADF;
    if (len > FILE_IO_MAX)
        len = FILE_IO_MAX;
    if (vfs_is_dir(vn))
        return -EISDIR;
    if (vfs_is_dev(vn)) {
        if (off >= 0)
            return -ESPIPE;
        if (!vn->u.chr.ops || !vn->u.chr.ops->read)
            return -EINVAL;
        return vn->u.chr.ops->read(vn, buf, len, f->flags);
    }
    int64_t n = vfs_read(vn, buf, len, off >= 0 ? (uint64_t)off : f->offset);
    if (n > 0 && off < 0)
        f->offset += (uint64_t)n;
    return n;
}

static int64_t do_write(struct ofile *f, const void *buf, size_t len, int64_t off)
{
    struct vnode *vn = f->vn;
    if (!can_write(f))
        return -EBADF;
    if (len > FILE_IO_MAX)
        len = FILE_IO_MAX;
    if (vfs_is_dev(vn)) {
        if (off >= 0)
            return -ESPIPE;
        if (!vn->u.chr.ops || !vn->u.chr.ops->write)
            return -EINVAL;
        return vn->u.chr.ops->write(vn, buf, len, f->flags);
    }
    if (!vfs_is_reg(vn))
        return -EINVAL;
    uint64_t at;
    if (off >= 0)
        at = (uint64_t)off; /* Linux pwrite ignores O_APPEND only without it; we keep POSIX: explicit offset */
    else if (f->flags & O_APPEND)
        at = vn->u.reg.size;
    else
        at = f->offset;
    int64_t n = vfs_write(vn, buf, len, at);
    if (n > 0 && off < 0)
        f->offset = at + (uint64_t)n;
    return n;
}

int64_t file_read(struct file_ctx *c, int fd, void *buf, size_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    return f ? do_read(f, buf, len, -1) : -EBADF;
}

int64_t file_write(struct file_ctx *c, int fd, const void *buf, size_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    return f ? do_write(f, buf, len, -1) : -EBADF;
}

int64_t file_pread(struct file_ctx *c, int fd, void *buf, size_t len, int64_t off)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (off < 0)
        return -EINVAL;
    return do_read(f, buf, len, off);
}

int64_t file_pwrite(struct file_ctx *c, int fd, const void *buf, size_t len, int64_t off)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (off < 0)
        return -EINVAL;
    return do_write(f, buf, len, off);
}

static int64_t do_vec(struct file_ctx *c, int fd, const struct kiovec *iov, int iovcnt, int64_t off,
                      int writing)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (iovcnt < 0 || iovcnt > UIO_MAXIOV)
        return -EINVAL;
    uint64_t total = 0;
    for (int i = 0; i < iovcnt; i++) {
        if (iov[i].len > INT64_MAX - total)
            return -EINVAL;
        total += iov[i].len;
    }
    int64_t done = 0;
    for (int i = 0; i < iovcnt && (uint64_t)done < FILE_IO_MAX; i++) {
        if (!iov[i].len)
            continue;
        size_t len = iov[i].len;
        if (len > FILE_IO_MAX - (uint64_t)done)
            len = FILE_IO_MAX - (size_t)done;
        int64_t at = off >= 0 ? off + done : -1;
        int64_t n = writing ? do_write(f, iov[i].base, len, at) : do_read(f, iov[i].base, len, at);
        if (n < 0)
            return done ? done : n;
        done += n;
        if ((size_t)n < len)
            break;
    }
    if (done == 0 && !writing && !can_read(f))
        return -EBADF;
    if (done == 0 && writing && !can_write(f))
        return -EBADF;
    return done;
}

int64_t file_readv(struct file_ctx *c, int fd, const struct kiovec *iov, int iovcnt, int64_t off)
{
    return do_vec(c, fd, iov, iovcnt, off, 0);
}

int64_t file_writev(struct file_ctx *c, int fd, const struct kiovec *iov, int iovcnt, int64_t off)
{
    return do_vec(c, fd, iov, iovcnt, off, 1);
}

int64_t file_lseek(struct file_ctx *c, int fd, int64_t off, int whence)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    struct vnode *vn = f->vn;
    if (vfs_is_dev(vn))
        return -ESPIPE;
    int64_t base;
    uint64_t size = vfs_is_reg(vn) ? vn->u.reg.size : 0;
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
        if (off < 0 || (uint64_t)off >= size)
            return -ENXIO;
        f->offset = whence == SEEK_DATA ? (uint64_t)off : size;
        return (int64_t)f->offset;
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

/* --- stat and directories ---------------------------------------------------------------------- */

#define FS_DEV 0x1a /* st_dev of every node: one filesystem */
#define DIRENT_BOGO_SIZE 20 /* st_size of a directory per entry, as tmpfs */

void file_fill_stat(const struct vnode *vn, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = FS_DEV;
    st->st_ino = vn->ino;
    st->st_nlink = vn->nlink;
    st->st_mode = vn->mode;
    st->st_uid = vn->uid;
    st->st_gid = vn->gid;
    st->st_rdev = vn->rdev;
    uint64_t alloc = 0;
    if (vfs_is_reg(vn)) {
        st->st_size = (long)vn->u.reg.size;
        alloc = vn->u.reg.cap;
    } else if (vfs_is_dir(vn)) {
        st->st_size = (long)((vn->u.dir.count + 2) * DIRENT_BOGO_SIZE);
    } else if (vfs_is_lnk(vn)) {
        st->st_size = (long)vn->u.lnk.len;
    }
    st->st_blksize = 4096;
    st->st_blocks = (long)(((alloc + 4095) / 4096) * 8);
    st->st_atime = (unsigned long)vn->atime.sec;
    st->st_atime_nsec = (unsigned long)vn->atime.nsec;
    st->st_mtime = (unsigned long)vn->mtime.sec;
    st->st_mtime_nsec = (unsigned long)vn->mtime.nsec;
    st->st_ctime = (unsigned long)vn->ctime.sec;
    st->st_ctime_nsec = (unsigned long)vn->ctime.nsec;
}

int64_t file_fstat(struct file_ctx *c, int fd, struct stat *st)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    file_fill_stat(f->vn, st);
    return 0;
}

int64_t file_fstatat(struct file_ctx *c, int dirfd, const char *path, struct stat *st, int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
        return -EINVAL;
    struct vnode *vn;
    int r;
    if (path[0] == 0 && (flags & AT_EMPTY_PATH))
        r = empty_path_node(c, dirfd, &vn);
    else
        r = lookup_at(c, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? VFS_NOFOLLOW : 0, &vn);
    if (r)
        return r;
    file_fill_stat(vn, st);
    vfs_unref(vn);
    return 0;
}

static uint8_t dtype_of(const struct vnode *vn)
{
    switch (vn->mode & VFS_IFMT) {
    case VFS_IFDIR: return LINUX_DT_DIR;
    case VFS_IFREG: return LINUX_DT_REG;
    case VFS_IFLNK: return LINUX_DT_LNK;
    case VFS_IFCHR: return LINUX_DT_CHR;
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

/* --- names ---------------------------------------------------------------------------------------- */

int64_t file_mkdirat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode)
{
    struct vnode *dir;
    char name[VFS_NAME_MAX + 1];
    int r = parent_at(c, dirfd, path, &dir, name, 0);
    if (r)
        return r;
    r = vfs_mkdir(dir, name, mode & ~c->fs->umask & VFS_PERM_MASK, &c->cred, 0);
    vfs_unref(dir);
    return r;
}

int64_t file_unlinkat(struct file_ctx *c, int dirfd, const char *path, int flags)
{
    if (flags & ~AT_REMOVEDIR)
        return -EINVAL;
    struct vnode *dir;
    char name[VFS_NAME_MAX + 1];
    int slash;
    int r = parent_at(c, dirfd, path, &dir, name, &slash);
    if (r)
        return r;
    if (flags & AT_REMOVEDIR) {
        r = vfs_rmdir(dir, name, &c->cred);
    } else {
        struct vnode *vn = vfs_dir_find(dir, name);
        if (slash && vn && !vfs_is_dir(vn))
            r = -ENOTDIR;
        else
            r = vfs_unlink(dir, name, &c->cred);
    }
    vfs_unref(dir);
    return r;
}

int64_t file_renameat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                      const char *newpath, uint32_t flags)
{
    if (flags & ~(uint32_t)RENAME_NOREPLACE)
        return -EINVAL;
    struct vnode *od, *nd;
    char oname[VFS_NAME_MAX + 1], nname[VFS_NAME_MAX + 1];
    int oslash, nslash;
    int r = parent_at(c, olddirfd, oldpath, &od, oname, &oslash);
    if (r)
        return r;
    r = parent_at(c, newdirfd, newpath, &nd, nname, &nslash);
    if (r) {
        vfs_unref(od);
        return r;
    }
    struct vnode *src = vfs_dir_find(od, oname);
    struct vnode *dst = vfs_dir_find(nd, nname);
    if (src && !vfs_is_dir(src) && (oslash || nslash))
        r = -ENOTDIR;
    else if (src && dst && (flags & RENAME_NOREPLACE))
        r = -EEXIST;
    else
        r = vfs_rename(od, oname, nd, nname, &c->cred);
    vfs_unref(od);
    vfs_unref(nd);
    return r;
}

int64_t file_linkat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                    const char *newpath, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vnode *target, *dir;
    char name[VFS_NAME_MAX + 1];
    int r;
    if (oldpath[0] == 0 && (flags & AT_EMPTY_PATH))
        r = empty_path_node(c, olddirfd, &target);
    else
        r = lookup_at(c, olddirfd, oldpath, (flags & AT_SYMLINK_FOLLOW) ? 0 : VFS_NOFOLLOW, &target);
    if (r)
        return r;
    r = parent_at(c, newdirfd, newpath, &dir, name, 0);
    if (!r) {
        r = vfs_link(dir, name, target, &c->cred);
        vfs_unref(dir);
    }
    vfs_unref(target);
    return r;
}

int64_t file_symlinkat(struct file_ctx *c, const char *target, int newdirfd, const char *linkpath)
{
    struct vnode *dir;
    char name[VFS_NAME_MAX + 1];
    int slash;
    int r = parent_at(c, newdirfd, linkpath, &dir, name, &slash);
    if (r)
        return r;
    r = slash ? (vfs_dir_find(dir, name) ? -EEXIST : -ENOENT)
              : vfs_symlink(dir, name, target, &c->cred, 0);
    vfs_unref(dir);
    return r;
}

int64_t file_readlinkat(struct file_ctx *c, int dirfd, const char *path, char *buf, size_t size)
{
    if ((int64_t)size <= 0)
        return -EINVAL;
    struct vnode *vn;
    int r = path[0] == 0 ? empty_path_node(c, dirfd, &vn) : lookup_at(c, dirfd, path, VFS_NOFOLLOW, &vn);
    if (r)
        return r;
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

int64_t file_ftruncate(struct file_ctx *c, int fd, int64_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (len < 0 || !can_write(f) || !vfs_is_reg(f->vn))
        return -EINVAL;
    return vfs_truncate(f->vn, (uint64_t)len);
}

int64_t file_truncate(struct file_ctx *c, const char *path, int64_t len)
{
    if (len < 0)
        return -EINVAL;
    struct vnode *vn;
    int r = lookup_at(c, AT_FDCWD, path, 0, &vn);
    if (r)
        return r;
    if (vfs_is_dir(vn))
        r = -EISDIR;
    else if (!vfs_is_reg(vn))
        r = -EINVAL;
    else if (!(r = vfs_permission(vn, &c->cred, VFS_MAY_WRITE)))
        r = vfs_truncate(vn, (uint64_t)len);
    vfs_unref(vn);
    return r;
}

static int chmod_node(struct file_ctx *c, struct vnode *vn, uint32_t mode)
{
    if (c->cred.uid != 0 && c->cred.uid != vn->uid)
        return -EPERM;
    vn->mode = (vn->mode & VFS_IFMT) | (mode & VFS_PERM_MASK);
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

int64_t file_fchmodat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode)
{
    struct vnode *vn;
    int r = lookup_at(c, dirfd, path, 0, &vn);
    if (r)
        return r;
    r = chmod_node(c, vn, mode);
    vfs_unref(vn);
    return r;
}

int64_t file_fchmod(struct file_ctx *c, int fd, uint32_t mode)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    return chmod_node(c, f->vn, mode);
}

/* --- descriptors ---------------------------------------------------------------------------------- */

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
        f->flags = (f->flags & ~(uint32_t)SETFL_FLAGS) | ((uint32_t)arg & SETFL_FLAGS);
        return 0;
    default:
        return -EINVAL;
    }
}

int64_t file_faccessat(struct file_ctx *c, int dirfd, const char *path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vnode *vn;
    int r;
    if (path[0] == 0 && (flags & AT_EMPTY_PATH))
        r = empty_path_node(c, dirfd, &vn);
    else
        r = lookup_at(c, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? VFS_NOFOLLOW : 0, &vn);
    if (r)
        return r;
    r = mode == F_OK ? 0 : vfs_permission(vn, &c->cred, mode);
    vfs_unref(vn);
    return r;
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
    int r = fdt_grow(c->fdt, (uint32_t)newfd + 1);
    if (r)
        return r;
    struct ofile *old = c->fdt->files[newfd];
    ofile_ref(f);
    c->fdt->files[newfd] = f;
    c->fdt->cloexec[newfd] = (flags & O_CLOEXEC) ? 1 : 0;
    if (old)
        ofile_unref(old);
    return newfd;
}

int64_t file_dup2(struct file_ctx *c, int oldfd, int newfd)
{
    if (oldfd == newfd)
        return fdtable_get(c->fdt, oldfd) ? newfd : -EBADF;
    return file_dup3(c, oldfd, newfd, 0);
}

/* --- cwd ----------------------------------------------------------------------------------------- */

int64_t file_getcwd(struct file_ctx *c, char *buf, size_t size)
{
    return vfs_path_of(c->fs->cwd, buf, size);
}

static int64_t set_cwd(struct file_ctx *c, struct vnode *vn)
{
    if (!vfs_is_dir(vn))
        return -ENOTDIR;
    int r = vfs_permission(vn, &c->cred, VFS_MAY_EXEC);
    if (r)
        return r;
    vfs_ref(vn);
    vfs_unref(c->fs->cwd);
    c->fs->cwd = vn;
    return 0;
}

int64_t file_chdir(struct file_ctx *c, const char *path)
{
    struct vnode *vn;
    int r = lookup_at(c, AT_FDCWD, path, 0, &vn);
    if (r)
        return r;
    int64_t res = set_cwd(c, vn);
    vfs_unref(vn);
    return res;
}

int64_t file_fchdir(struct file_ctx *c, int fd)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    return set_cwd(c, f->vn);
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
    case TIOCSPGRP: case FIONBIO: *in = 1; return sizeof(int);
    case TIOCGSID: case TIOCOUTQ: case TIOCGEXCL: case TIOCGETD: *out = 1; return sizeof(int);
    case TIOCSETD: *in = 1; return sizeof(int);
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
    case FIONREAD:
        if (vfs_is_reg(f->vn)) {
            uint64_t size = f->vn->u.reg.size;
            int left = f->offset < size ? (int)(size - f->offset > 0x7fffffff ? 0x7fffffff : size - f->offset) : 0;
            memcpy(arg, &left, sizeof left);
            return 0;
        }
        break;
    }
    struct vnode *vn = f->vn;
    if (vfs_is_dev(vn) && vn->u.chr.ops && vn->u.chr.ops->ioctl)
        return vn->u.chr.ops->ioctl(vn, req, arg);
    return -ENOTTY;
}
