/* Open file descriptions, descriptor tables and fs_state: the file layer's
 * data structures (file.h). */
#include "file_internal.h"
#include "lock.h"
#include "fasync.h"
#include "lease.h"
#include <calyx/malloc.h>
#include "../../../kernel/lib/string.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>

#define FDT_FIRST_CAP 16

/* --- open file descriptions ------------------------------------------------------------ */

uint64_t ofile_count; /* open file descriptions alive (/proc/sys/fs/file-nr) */

struct ofile *ofile_new(struct vnode *vn, uint32_t flags, const struct file_ctx *c, int *err)
{
    struct ofile *f = calloc(1, sizeof *f);
    if (!f) {
        *err = -ENOMEM;
        return 0;
    }
    f->ops = file_ops_for(vn);
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
    ofile_count++;
    return f;
}

struct ofile *ofile_new_at(const struct vfs_path *p, uint32_t flags, const struct file_ctx *c,
                           int *err)
{
    struct ofile *f = ofile_new(p->vn, flags, c, err);
    if (f) {
        f->mnt = p->mnt;
        vfs_mount_ref(f->mnt);
        f->writer = vfs_is_reg(p->vn) && ofile_can_write(f);
        lease_opened(f);
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
    lease_closed(f);
    file_async_free(f);
    free(f->snap);
    vn->fs->writers -= (uint32_t)f->writer;
    if (f->mnt)
        f->mnt->writers -= (uint32_t)f->writer;
    vfs_unref(vn);
    vfs_mount_unref(f->mnt);
    free(f);
    ofile_count--;
}

/* --- access modes ---------------------------------------------------------------------------- */

static int acc_mode(const struct ofile *f) { return (int)(f->flags & O_ACCMODE); }
int ofile_can_read(const struct ofile *f)
{
    return !(f->flags & O_PATH) && (acc_mode(f) == O_RDONLY || acc_mode(f) == O_RDWR);
}
int ofile_can_write(const struct ofile *f)
{
    return !(f->flags & O_PATH) && (acc_mode(f) == O_WRONLY || acc_mode(f) == O_RDWR);
}

/* The place a file description stands for (no new references). */
struct vfs_path ofile_path(const struct ofile *f)
{
    return (struct vfs_path){ f->mnt, f->vn };
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

int fdtable_grow(struct fdtable *t, uint32_t need)
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
    if (fdtable_grow(n, t->cap)) {
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
void fdtable_closed(struct fdtable *t, struct ofile *f)
{
    lock_release(f->vn, t);
    if (f->ops->flush)
        f->ops->flush(f, t);
    ofile_unref(f);
}

void fdtable_unref(struct fdtable *t)
{
    if (--t->refs)
        return;
    for (uint32_t i = 0; i < t->cap; i++)
        if (t->files[i])
            fdtable_closed(t, t->files[i]);
    free(t->files);
    free(t->cloexec);
    free(t);
}

void fdtable_close_on_exec(struct fdtable *t)
{
    for (uint32_t i = 0; i < t->cap; i++) {
        if (t->files[i] && t->cloexec[i]) {
            fdtable_closed(t, t->files[i]);
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
    int r = fdtable_grow(t, fd + 1);
    if (r)
        return r;
    t->files[fd] = f;
    t->cloexec[fd] = cloexec ? 1 : 0;
    return (int)fd;
}

int fdtable_set_limit(struct fdtable *t, uint32_t limit)
{
    if (limit > FILE_NOFILE_MAX)
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
