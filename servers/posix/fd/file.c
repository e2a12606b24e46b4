/* Open files, descriptor tables and the file syscalls: see file.h. */
#include "file.h"
#include "pipe.h"
#include "lock.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <asm/ioctls.h>
#include <asm/termios.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/magic.h>
#include <asm/statfs.h>
#include <linux/loop.h>

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

static const struct file_ops *ops_for(const struct vnode *vn);

struct ofile *ofile_new(struct vnode *vn, uint32_t flags, const struct file_ctx *c, int *err)
{
    struct ofile *f = calloc(1, sizeof *f);
    if (!f) {
        *err = -ENOMEM;
        return 0;
    }
    f->ops = ops_for(vn);
    f->vn = vn;
    f->flags = flags;
    f->refs = 1;
    if (!(flags & O_PATH) && f->ops->open) {
        int r = f->ops->open(f, c);
        if (r) {
            free(f);
            *err = r;
            return 0;
        }
    }
    vfs_ref(vn);
    return f;
}

static int can_write(const struct ofile *f);

struct ofile *ofile_new_at(const struct vfs_path *p, uint32_t flags, const struct file_ctx *c,
                           int *err)
{
    struct ofile *f = ofile_new(p->vn, flags, c, err);
    if (f) {
        f->mnt = p->mnt;
        vfs_mount_ref(f->mnt);
        f->writer = vfs_is_reg(p->vn) && can_write(f);
        p->vn->fs->writers += (uint32_t)f->writer;
        if (f->mnt)
            f->mnt->writers += (uint32_t)f->writer;
    }
    return f;
}

void ofile_ref(struct ofile *f)
{
    f->refs++;
}

void (*ofile_free_hook)(struct ofile *f);

void ofile_unref(struct ofile *f)
{
    if (--f->refs)
        return;
    if (ofile_free_hook)
        ofile_free_hook(f);
    struct vnode *vn = f->vn;
    if (!(f->flags & O_PATH) && f->ops->release)
        f->ops->release(f);
    lock_release(vn, f); /* its OFD and flock locks */
    free(f->snap);
    vn->fs->writers -= (uint32_t)f->writer;
    if (f->mnt)
        f->mnt->writers -= (uint32_t)f->writer;
    vfs_unref(vn);
    vfs_mount_unref(f->mnt);
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

/* Closing any descriptor of a file drops the table's POSIX locks on it. */
static void fd_closed(struct fdtable *t, struct ofile *f)
{
    lock_release(f->vn, t);
    ofile_unref(f);
}

void fdtable_unref(struct fdtable *t)
{
    if (--t->refs)
        return;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->files[i])
            fd_closed(t, t->files[i]);
    free(t->files);
    free(t->cloexec);
    free(t);
}

void fdtable_close_on_exec(struct fdtable *t)
{
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->files[i] && t->cloexec[i]) {
            fd_closed(t, t->files[i]);
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
    if (vfs_mounts && vfs_mounts->fs == vfs) {
        s->root = (struct vfs_path){ vfs_mounts, vfs_mounts->root };
        s->ns = vfs_mounts;
        vfs_ns_get(s->ns);
    } else {
        s->root = (struct vfs_path){ 0, vfs->root };
    }
    s->cwd = s->root;
    vfs_path_ref(&s->cwd);
    vfs_path_ref(&s->root);
    s->umask = 022;
    s->refs = 1;
    return s;
}

struct fs_state *fs_state_clone(const struct fs_state *o)
{
    struct fs_state *s = fs_state_new(o->vfs);
    if (!s)
        return 0;
    vfs_path_unref(&s->cwd);
    s->cwd = o->cwd;
    vfs_path_ref(&s->cwd);
    vfs_path_unref(&s->root);
    s->root = o->root;
    vfs_path_ref(&s->root);
    vfs_ns_put(s->ns);
    s->ns = o->ns;
    vfs_ns_get(s->ns);
    s->umask = o->umask;
    return s;
}

void fs_state_unref(struct fs_state *s)
{
    if (--s->refs)
        return;
    vfs_path_unref(&s->cwd);
    vfs_path_unref(&s->root);
    vfs_ns_put(s->ns);
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

/* The place a file description stands for (no new references). */
static struct vfs_path ofile_path(const struct ofile *f)
{
    return (struct vfs_path){ f->mnt, f->vn };
}

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

static int lookup_at(struct file_ctx *c, int dirfd, const char *path, int vflags,
                     struct vfs_path *out)
{
    struct vfs_path start;
    int r = start_dir(c, dirfd, path, &start);
    if (r)
        return r;
    return vfs_walk(&c->fs->root, &start, path, vflags, &c->cred, out);
}

static int parent_at(struct file_ctx *c, int dirfd, const char *path, struct vfs_path *dir,
                     char name[VFS_NAME_MAX + 1], int *slash)
{
    struct vfs_path start;
    int r = start_dir(c, dirfd, path, &start);
    if (r)
        return r;
    return vfs_walk_parent(&c->fs->root, &start, path, &c->cred, dir, name, slash);
}

/* With AT_EMPTY_PATH an empty path means dirfd's own place (referenced). */
static int empty_path_node(struct file_ctx *c, int dirfd, struct vfs_path *out)
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
static int node_at(struct file_ctx *c, int dirfd, const char *path, int flags, struct vfs_path *out)
{
    if (!path || path[0] == 0) {
        if (path && !(flags & AT_EMPTY_PATH))
            return -ENOENT;
        return empty_path_node(c, dirfd, out);
    }
    return lookup_at(c, dirfd, path, (flags & AT_SYMLINK_NOFOLLOW) ? VFS_NOFOLLOW : 0, out);
}

/* Changes to names, data and attributes need a writable mount (EROFS). */
static int writable(const struct vfs_path *p)
{
    return vfs_mount_rdonly(p->mnt) ? -EROFS : 0;
}

/* --- synthetic files (procfs: vfs.h) ------------------------------------------------------ */

static int is_synth_file(const struct vnode *vn)
{
    return vn->synth && vfs_is_reg(vn);
}

/* Generates the content a new description of a synthetic file reads;
   they are read-only for everyone. */
static int synth_snapshot(struct ofile *f, const struct vfs_cred *cred)
{
    if (!is_synth_file(f->vn) || (f->flags & O_PATH))
        return 0;
    if (f->vn->synth->open) /* read and written in place: its own rules */
        return f->vn->synth->open(f->vn, cred, (int)(f->flags & O_ACCMODE));
    if ((f->flags & O_ACCMODE) != O_RDONLY)
        return -EACCES;
    if (!f->vn->synth->generate)
        return 0;
    return f->vn->synth->generate(f->vn, cred, &f->snap, &f->snap_len);
}

/* A file read or written in place (synth pread/pwrite): at the offset, the
   description's moving on by what moved. */
static int64_t synth_in_place(struct ofile *f, void *rbuf, const void *wbuf, size_t len, int64_t off)
{
    const struct vfs_synth_ops *ops = f->vn->synth;
    uint64_t at = off >= 0 ? (uint64_t)off : f->offset;
    int64_t n = rbuf ? ops->pread(f->vn, rbuf, len, at) : ops->pwrite(f->vn, wbuf, len, at);
    if (n > 0 && off < 0)
        f->offset += (uint64_t)n;
    return n;
}

static int64_t synth_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                          int64_t off)
{
    (void)c;
    if (f->vn->synth->pread)
        return synth_in_place(f, buf, NULL, len, off);
    uint64_t at = off >= 0 ? (uint64_t)off : f->offset;
    if (at >= f->snap_len)
        return 0;
    size_t n = f->snap_len - at < len ? f->snap_len - (size_t)at : len;
    memcpy(buf, f->snap + at, n);
    if (off < 0)
        f->offset += n;
    return (int64_t)n;
}

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
            if ((want & VFS_MAY_WRITE) && !vfs_is_dev(vn) && (r = writable(p)))
                return r;
        }
        if (vfs_is_dev(vn) && p->mnt && (p->mnt->flags & VFS_MNT_NODEV) &&
            (vn->mode & VFS_IFMT) != VFS_IFIFO && (vn->mode & VFS_IFMT) != VFS_IFSOCK)
            return -EACCES;
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
    if ((err = synth_snapshot(f, &c->cred))) {
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
            if (!(r = writable(&pd)) &&
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
        r = parent_at(c, dirfd, path, &dir, name, &slash);
        if (r)
            return r;
        struct vnode *old = vfs_dir_find(dir.vn, name);
        if (slash || !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/")) {
            r = -EISDIR;
        } else if (!old) {
            if (!(r = writable(&dir)) &&
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
        r = lookup_at(c, dirfd, path, (flags & O_NOFOLLOW) ? VFS_NOFOLLOW : 0, &p);
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
    fd_closed(c->fdt, f);
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
    if (!(writing ? can_write(f) : can_read(f)))
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

/* --- the file layer's own operations: regular files, directories, /proc files --------- */

static int64_t reg_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                        int64_t off)
{
    (void)c;
    int64_t n = vfs_read(f->vn, buf, len, off >= 0 ? (uint64_t)off : f->offset);
    if (n > 0 && off < 0)
        f->offset += (uint64_t)n;
    return n;
}

static int64_t reg_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                         int64_t off)
{
    (void)c;
    struct vnode *vn = f->vn;
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

static int64_t dir_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                        int64_t off)
{
    (void)f, (void)c, (void)buf, (void)len, (void)off;
    return -EISDIR;
}

static int64_t synth_write(struct ofile *f, const struct file_ctx *c, const void *buf,
                           size_t len, int64_t off)
{
    (void)c;
    return f->vn->synth->pwrite ? synth_in_place(f, NULL, buf, len, off) : -EINVAL;
}

static const struct file_ops reg_ops = { .read = reg_read, .write = reg_write };
static const struct file_ops dir_ops = { .read = dir_read };
static const struct file_ops synth_file_ops = { .read = synth_read, .write = synth_write };
static const struct file_ops no_ops; /* symbolic links (O_PATH), device nodes without a driver */

static const struct file_ops *ops_for(const struct vnode *vn)
{
    if (vfs_is_dev(vn))
        return vn->u.chr.ops ? vn->u.chr.ops : &no_ops;
    if (vfs_is_dir(vn))
        return &dir_ops;
    if (is_synth_file(vn))
        return &synth_file_ops;
    return vfs_is_reg(vn) ? &reg_ops : &no_ops;
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

/* --- stat and directories ---------------------------------------------------------------------- */

#define DIRENT_BOGO_SIZE 20 /* st_size of a directory per entry, as tmpfs */

void file_fill_stat(const struct vnode *vn, struct stat *st)
{
    memset(st, 0, sizeof *st);
    st->st_dev = vfs_dev(vn->fs);
    st->st_ino = vn->ino;
    st->st_nlink = vn->nlink;
    st->st_mode = vn->mode;
    st->st_uid = vn->uid;
    st->st_gid = vn->gid;
    st->st_rdev = vn->rdev;
    uint64_t alloc = 0;
    if (vfs_is_reg(vn)) {
        st->st_size = (long)vn->u.reg.size;
        alloc = vn->u.reg.pages * VFS_PAGE_SIZE;
    } else if (vfs_is_dir(vn)) {
        st->st_size = (long)((vfs_dir_size(vn) + 2) * DIRENT_BOGO_SIZE);
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
    struct vfs_path p;
    int r = node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    file_fill_stat(p.vn, st);
    vfs_path_unref(&p);
    return 0;
}

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

/* --- names ---------------------------------------------------------------------------------------- */

int64_t file_mkdirat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode)
{
    struct vfs_path dir;
    char name[VFS_NAME_MAX + 1];
    int r = parent_at(c, dirfd, path, &dir, name, 0);
    if (r)
        return r;
    if (vfs_dir_find(dir.vn, name))
        r = -EEXIST; /* before EROFS, as Linux */
    else if (!(r = writable(&dir)))
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
    int r = parent_at(c, dirfd, path, &dir, name, &slash);
    if (r)
        return r;
    struct vnode *vn = vfs_dir_find(dir.vn, name);
    int special = !strcmp(name, ".") || !strcmp(name, "..") || !strcmp(name, "/");
    if (!special && (r = writable(&dir)))
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

int64_t file_renameat(struct file_ctx *c, int olddirfd, const char *oldpath, int newdirfd,
                      const char *newpath, uint32_t flags)
{
    if (flags & ~(uint32_t)RENAME_NOREPLACE)
        return -EINVAL;
    struct vfs_path od, nd;
    char oname[VFS_NAME_MAX + 1], nname[VFS_NAME_MAX + 1];
    int oslash, nslash;
    int r = parent_at(c, olddirfd, oldpath, &od, oname, &oslash);
    if (r)
        return r;
    r = parent_at(c, newdirfd, newpath, &nd, nname, &nslash);
    if (r) {
        vfs_path_unref(&od);
        return r;
    }
    struct vnode *src = vfs_dir_find(od.vn, oname);
    struct vnode *dst = vfs_dir_find(nd.vn, nname);
    if (od.mnt != nd.mnt)
        r = -EXDEV; /* another mount, even of the same filesystem; before ENOENT (Linux) */
    else if ((src && src->mounted) || (dst && dst->mounted))
        r = -EBUSY;
    else if (src && !vfs_is_dir(src) && (oslash || nslash))
        r = -ENOTDIR;
    else if (src && dst && (flags & RENAME_NOREPLACE))
        r = -EEXIST;
    else if (!src || !(r = writable(&od)))
        r = vfs_rename(od.vn, oname, nd.vn, nname, &c->cred);
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
        r = empty_path_node(c, olddirfd, &target);
    else
        r = lookup_at(c, olddirfd, oldpath, (flags & AT_SYMLINK_FOLLOW) ? 0 : VFS_NOFOLLOW, &target);
    if (r)
        return r;
    r = parent_at(c, newdirfd, newpath, &dir, name, 0);
    if (!r) {
        if (vfs_dir_find(dir.vn, name))
            r = -EEXIST;
        else if ((r = writable(&dir)))
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
    int r = parent_at(c, newdirfd, linkpath, &dir, name, &slash);
    if (r)
        return r;
    if (vfs_dir_find(dir.vn, name))
        r = -EEXIST;
    else if (slash)
        r = -ENOENT;
    else if (!(r = writable(&dir)))
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
    int r = parent_at(c, dirfd, path, &dir, name, &slash);
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
    else if ((r = writable(&dir)))
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
    int r = path[0] == 0 ? empty_path_node(c, dirfd, &p) : lookup_at(c, dirfd, path, VFS_NOFOLLOW, &p);
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
    struct vfs_path p;
    int r = lookup_at(c, AT_FDCWD, path, 0, &p);
    if (r)
        return r;
    struct vnode *vn = p.vn;
    if (vfs_is_dir(vn))
        r = -EISDIR;
    else if (!vfs_is_reg(vn))
        r = -EINVAL;
    else if (!(r = vfs_permission(vn, &c->cred, VFS_MAY_WRITE)) && !(r = writable(&p)))
        r = vfs_truncate(vn, (uint64_t)len);
    vfs_path_unref(&p);
    return r;
}

static int chmod_node(struct file_ctx *c, const struct vfs_path *p, uint32_t mode)
{
    struct vnode *vn = p->vn;
    if (c->cred.uid != 0 && c->cred.uid != vn->uid)
        return -EPERM;
    int r = writable(p);
    if (r)
        return r;
    if (c->cred.uid != 0 && !vfs_is_dir(vn) && !vfs_in_group(&c->cred, vn->gid))
        mode &= ~(uint32_t)VFS_ISGID; /* as Linux: only a member sets set-group-id */
    vn->mode = (vn->mode & VFS_IFMT) | (mode & VFS_PERM_MASK);
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

int64_t file_fchmodat(struct file_ctx *c, int dirfd, const char *path, uint32_t mode)
{
    struct vfs_path p;
    int r = lookup_at(c, dirfd, path, 0, &p);
    if (r)
        return r;
    r = chmod_node(c, &p, mode);
    vfs_path_unref(&p);
    return r;
}

int64_t file_fchmod(struct file_ctx *c, int fd, uint32_t mode)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    return chmod_node(c, &p, mode);
}

/* --- ownership, times, filesystem status, chroot, fallocate -------------------------------------- */

static int chown_node(struct file_ctx *c, const struct vfs_path *p, uint32_t uid, uint32_t gid)
{
    struct vnode *vn = p->vn;
    int root = c->cred.uid == 0, owner = c->cred.uid == vn->uid;
    if (uid != (uint32_t)-1 && !root && !(owner && uid == vn->uid))
        return -EPERM;
    if (gid != (uint32_t)-1 && !root &&
        !(owner && (gid == vn->gid || vfs_in_group(&c->cred, gid))))
        return -EPERM;
    int r = writable(p);
    if (r)
        return r;
    if (!vfs_is_dir(vn) && !vfs_is_lnk(vn)) {
        /* Linux drops set-user-id always, set-group-id when it means
           "run as the group" (group-executable) or a non-member is at work. */
        uint32_t m = vn->mode & ~(uint32_t)VFS_ISUID;
        if ((m & VFS_ISGID) && ((m & 010) || (!root && !vfs_in_group(&c->cred, vn->gid))))
            m &= ~(uint32_t)VFS_ISGID;
        vn->mode = m;
    }
    if (uid != (uint32_t)-1)
        vn->uid = uid;
    if (gid != (uint32_t)-1)
        vn->gid = gid;
    vfs_touch(vn, 0, 0, 1);
    return 0;
}

int64_t file_fchownat(struct file_ctx *c, int dirfd, const char *path, uint32_t uid, uint32_t gid,
                      int flags)
{
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vfs_path p;
    int r = node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    r = chown_node(c, &p, uid, gid);
    vfs_path_unref(&p);
    return r;
}

int64_t file_fchown(struct file_ctx *c, int fd, uint32_t uid, uint32_t gid)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    return chown_node(c, &p, uid, gid);
}

static int utime_valid(const struct vfs_time *t)
{
    return t->nsec == FILE_UTIME_NOW || t->nsec == FILE_UTIME_OMIT ||
           (t->nsec >= 0 && t->nsec <= 999999999);
}

static int utimes_node(struct file_ctx *c, const struct vfs_path *p, const struct vfs_time *times)
{
    struct vnode *vn = p->vn;
    if (times && times[0].nsec == FILE_UTIME_OMIT && times[1].nsec == FILE_UTIME_OMIT)
        return 0;
    int owner = c->cred.uid == 0 || c->cred.uid == vn->uid;
    int explicit = 0;
    for (int i = 0; times && i < 2; i++)
        if (times[i].nsec != FILE_UTIME_NOW && times[i].nsec != FILE_UTIME_OMIT)
            explicit = 1;
    if (explicit && !owner)
        return -EPERM;
    if (!owner) {
        int r = vfs_permission(vn, &c->cred, VFS_MAY_WRITE);
        if (r)
            return r;
    }
    int r = writable(p);
    if (r)
        return r;
    struct vfs_time now;
    vfs_now(vn->fs, &now);
    struct vfs_time *field[2] = { &vn->atime, &vn->mtime };
    for (int i = 0; i < 2; i++) {
        if (!times || times[i].nsec == FILE_UTIME_NOW)
            *field[i] = now;
        else if (times[i].nsec != FILE_UTIME_OMIT)
            *field[i] = times[i];
    }
    vn->ctime = now;
    return 0;
}

int64_t file_utimensat(struct file_ctx *c, int dirfd, const char *path, const struct vfs_time *times,
                       int flags)
{
    if (times && (!utime_valid(&times[0]) || !utime_valid(&times[1])))
        return -EINVAL;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct vfs_path p;
    int r;
    if (!path) { /* futimens */
        if (flags & AT_SYMLINK_NOFOLLOW)
            return -EINVAL;
        struct ofile *f = fdtable_get(c->fdt, dirfd);
        if (!f || (f->flags & O_PATH))
            return -EBADF;
        p = ofile_path(f);
        return utimes_node(c, &p, times);
    }
    r = node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    r = utimes_node(c, &p, times);
    vfs_path_unref(&p);
    return r;
}

int64_t file_statx(struct file_ctx *c, int dirfd, const char *path, int flags, uint32_t mask,
                   struct statx *stx)
{
    if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    if (mask & STATX__RESERVED)
        return -EINVAL;
    struct vfs_path p;
    int r = node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    struct vnode *vn = p.vn;
    struct stat st;
    file_fill_stat(vn, &st);
    memset(stx, 0, sizeof *stx);
    stx->stx_mask = STATX_BASIC_STATS | STATX_BTIME;
    stx->stx_blksize = (uint32_t)st.st_blksize;
    stx->stx_nlink = (uint32_t)st.st_nlink;
    stx->stx_uid = st.st_uid;
    stx->stx_gid = st.st_gid;
    stx->stx_mode = (uint16_t)st.st_mode;
    stx->stx_ino = st.st_ino;
    stx->stx_size = (uint64_t)st.st_size;
    stx->stx_blocks = (uint64_t)st.st_blocks;
    const struct vfs_time *t[4] = { &vn->atime, &vn->btime, &vn->ctime, &vn->mtime };
    struct statx_timestamp *o[4] = { &stx->stx_atime, &stx->stx_btime, &stx->stx_ctime,
                                     &stx->stx_mtime };
    for (int i = 0; i < 4; i++) {
        o[i]->tv_sec = t[i]->sec;
        o[i]->tv_nsec = (uint32_t)t[i]->nsec;
    }
    stx->stx_rdev_major = (uint32_t)((vn->rdev >> 8) & 0xfff);
    stx->stx_rdev_minor = (uint32_t)((vn->rdev & 0xff) | ((vn->rdev >> 12) & ~0xffull));
    stx->stx_dev_major = (uint32_t)((st.st_dev >> 8) & 0xfff);
    stx->stx_dev_minor = (uint32_t)((st.st_dev & 0xff) | ((st.st_dev >> 12) & ~0xffull));
    stx->stx_mnt_id = p.mnt ? (uint64_t)p.mnt->id : 0;
    if (p.mnt && p.vn == p.mnt->root)
        stx->stx_attributes |= STATX_ATTR_MOUNT_ROOT;
    stx->stx_attributes_mask = STATX_ATTR_MOUNT_ROOT;
    stx->stx_mask |= STATX_MNT_ID;
    vfs_path_unref(&p);
    return 0;
}

#define STATFS_VALID 0x0020 /* ST_VALID: f_flags is meaningful */

/* statfs f_flags bits (Linux's ST_*), from the mount's and filesystem's flags. */
#define ST_RDONLY      0x0001
#define ST_NOSUID      0x0002
#define ST_NODEV       0x0004
#define ST_NOEXEC      0x0008
#define ST_NOATIME     0x0400
#define ST_NODIRATIME  0x0800
#define ST_RELATIME    0x1000

static void fill_statfs(const struct vfs_path *p, struct statfs *st)
{
    struct vfs *fs = p->vn->fs;
    uint64_t blocks, bfree, files, ffree;
    vfs_statfs(fs, &blocks, &bfree, &files, &ffree);
    memset(st, 0, sizeof *st);
    st->f_type = fs->magic ? fs->magic : TMPFS_MAGIC;
    st->f_bsize = VFS_PAGE_SIZE;
    st->f_frsize = VFS_PAGE_SIZE;
    st->f_blocks = (long)blocks;
    st->f_bfree = st->f_bavail = (long)bfree;
    st->f_files = (long)files;
    st->f_ffree = (long)ffree;
    st->f_namelen = VFS_NAME_MAX;
    st->f_flags = STATFS_VALID;
    static const uint32_t bits[][2] = {
        { VFS_MNT_NOSUID, ST_NOSUID }, { VFS_MNT_NODEV, ST_NODEV }, { VFS_MNT_NOEXEC, ST_NOEXEC },
        { VFS_MNT_NOATIME, ST_NOATIME }, { VFS_MNT_NODIRATIME, ST_NODIRATIME },
        { VFS_MNT_RELATIME, ST_RELATIME },
    };
    for (size_t i = 0; p->mnt && i < sizeof bits / sizeof bits[0]; i++)
        if (p->mnt->flags & bits[i][0])
            st->f_flags |= bits[i][1];
    if (vfs_mount_rdonly(p->mnt) || (!p->mnt && fs->rdonly))
        st->f_flags |= ST_RDONLY;
    st->f_fsid.val[0] = (int)vfs_dev(fs);
}

int64_t file_statfs(struct file_ctx *c, const char *path, struct statfs *st)
{
    struct vfs_path p;
    int r = lookup_at(c, AT_FDCWD, path, 0, &p);
    if (r)
        return r;
    fill_statfs(&p, st);
    vfs_path_unref(&p);
    return 0;
}

int64_t file_fstatfs(struct file_ctx *c, int fd, struct statfs *st)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    struct vfs_path p = ofile_path(f);
    fill_statfs(&p, st);
    return 0;
}

int64_t file_chroot(struct file_ctx *c, const char *path)
{
    struct vfs_path p;
    int r = lookup_at(c, AT_FDCWD, path, 0, &p);
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

int64_t file_fallocate(struct file_ctx *c, int fd, int mode, int64_t off, int64_t len)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (off < 0 || len <= 0)
        return -EINVAL;
    if (mode & ~(VFS_FALLOC_KEEP_SIZE | VFS_FALLOC_PUNCH_HOLE))
        return -EOPNOTSUPP;
    if ((mode & VFS_FALLOC_PUNCH_HOLE) && !(mode & VFS_FALLOC_KEEP_SIZE))
        return -EOPNOTSUPP;
    if (!can_write(f))
        return -EBADF;
    if ((f->vn->mode & VFS_IFMT) == VFS_IFIFO)
        return -ESPIPE;
    return vfs_fallocate(f->vn, mode, off, len);
}

/* --- record locks and flock ------------------------------------------------------------------------ */

/* A struct flock's range as [start, end] (end LOCK_EOF: to any length). */
static int flock_range(const struct ofile *f, const struct flock *fl, uint64_t *start, uint64_t *end)
{
    int64_t base;
    switch (fl->l_whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (int64_t)f->offset; break;
    case SEEK_END: base = (int64_t)vfs_size(f->vn); break;
    default: return -EINVAL;
    }
    int64_t s = fl->l_start, len = fl->l_len;
    if ((s > 0 && base > INT64_MAX - s) || (s < 0 && base < INT64_MIN - s))
        return -EOVERFLOW;
    s += base;
    if (len < 0) { /* the bytes before start */
        if (s + len < 0)
            return -EINVAL;
        *start = (uint64_t)(s + len);
        *end = (uint64_t)s - 1;
        return 0;
    }
    if (s < 0)
        return -EINVAL;
    *start = (uint64_t)s;
    if (len == 0)
        *end = LOCK_EOF;
    else if (len - 1 > INT64_MAX - s)
        return -EOVERFLOW;
    else
        *end = (uint64_t)(s + len - 1);
    return 0;
}

int64_t file_fcntl_lock(struct file_ctx *c, int fd, int cmd, struct flock *fl,
                        struct file_lock_want *want)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f)
        return -EBADF;
    if (f->flags & O_PATH)
        return -EBADF;
    int ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
    int getlk = cmd == F_GETLK || cmd == F_OFD_GETLK;
    if (ofd && fl->l_pid != 0)
        return -EINVAL;
    if (fl->l_type != F_RDLCK && fl->l_type != F_WRLCK && fl->l_type != F_UNLCK)
        return -EINVAL;
    uint64_t start, end;
    int r = flock_range(f, fl, &start, &end);
    if (r)
        return r;
    enum lock_kind kind = ofd ? LOCK_OFD : LOCK_POSIX;
    const void *owner = ofd ? (const void *)f : (const void *)c->fdt;
    if (getlk) {
        struct lock_info info;
        if (fl->l_type == F_UNLCK)
            return -EINVAL;
        if (!lock_test(f->vn, kind, owner, fl->l_type, start, end, &info)) {
            fl->l_type = F_UNLCK;
            return 0;
        }
        fl->l_type = (short)info.type;
        fl->l_whence = SEEK_SET;
        fl->l_start = (int64_t)info.start;
        fl->l_len = info.end == LOCK_EOF ? 0 : (int64_t)(info.end - info.start + 1);
        fl->l_pid = info.pid;
        return 0;
    }
    if ((fl->l_type == F_RDLCK && !can_read(f)) || (fl->l_type == F_WRLCK && !can_write(f)))
        return -EBADF;
    r = lock_set(f->vn, kind, owner, c->pid, fl->l_type, start, end);
    if (r == -EAGAIN && want) {
        struct lock_info info;
        lock_test(f->vn, kind, owner, fl->l_type, start, end, &info);
        *want = (struct file_lock_want){ f->vn, kind, fl->l_type, start, end, owner, info.owner };
    }
    return r;
}

int64_t file_flock(struct file_ctx *c, int fd, int op, struct file_lock_want *want)
{
    struct ofile *f = fdtable_get(c->fdt, fd);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    int type;
    switch (op & ~LOCK_NB) {
    case LOCK_SH: type = LOCK_TYPE_RD; break;
    case LOCK_EX: type = LOCK_TYPE_WR; break;
    case LOCK_UN: type = LOCK_TYPE_UN; break;
    default: return -EINVAL;
    }
    /* Converting drops the old lock first, as Linux (not atomic). */
    if (type != LOCK_TYPE_UN && lock_test(f->vn, LOCK_FLOCK, f, type, 0, LOCK_EOF, 0))
        lock_set(f->vn, LOCK_FLOCK, f, -1, LOCK_TYPE_UN, 0, LOCK_EOF);
    int r = lock_set(f->vn, LOCK_FLOCK, f, -1, type, 0, LOCK_EOF);
    if (r == -EAGAIN && want) {
        struct lock_info info;
        lock_test(f->vn, LOCK_FLOCK, f, type, 0, LOCK_EOF, &info);
        *want = (struct file_lock_want){ f->vn, LOCK_FLOCK, type, 0, LOCK_EOF, f, info.owner };
    }
    return r;
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
    struct vfs_path p;
    int r = node_at(c, dirfd, path, flags, &p);
    if (r)
        return r;
    r = mode == F_OK ? 0 : vfs_permission(p.vn, &c->cred, mode);
    if (!r && (mode & W_OK) && !vfs_is_dev(p.vn))
        r = writable(&p);
    vfs_path_unref(&p);
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
        fd_closed(c->fdt, old);
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
    int r = lookup_at(c, AT_FDCWD, path, 0, &p);
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
