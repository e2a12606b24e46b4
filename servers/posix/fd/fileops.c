/* The file layer's own operations (struct file_ops, vfs.h) for the nodes the
 * VFS itself holds: regular files, directories and synthetic (/proc) files.
 * A device brings its driver's (file_ops_for). */
#include "file_internal.h"
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

/* --- synthetic files (procfs: vfs.h) ------------------------------------------------------ */

static int is_synth_file(const struct vnode *vn)
{
    return vn->synth && vfs_is_reg(vn);
}

/* Generates the content a new description of a synthetic file reads;
   they are read-only for everyone. */
int file_synth_snapshot(struct ofile *f, const struct vfs_cred *cred)
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

static const struct file_ops reg_ops = { .read = reg_read, .write = reg_write,
                                         .flags = FILE_OPS_SYNC };
static const struct file_ops dir_ops = { .read = dir_read, .flags = FILE_OPS_SYNC };
static const struct file_ops synth_file_ops = { .read = synth_read, .write = synth_write };
static const struct file_ops no_ops; /* symbolic links (O_PATH), device nodes without a driver */

const struct file_ops *file_ops_for(const struct vnode *vn)
{
    if (vfs_is_dev(vn))
        return vn->u.chr.ops ? vn->u.chr.ops : &no_ops;
    if (vfs_is_dir(vn))
        return &dir_ops;
    if (is_synth_file(vn))
        return &synth_file_ops;
    if (vfs_is_reg(vn) && vn->fs->file_ops)
        return vn->fs->file_ops; /* mqueue's queues */
    return vfs_is_reg(vn) ? &reg_ops : &no_ops;
}
