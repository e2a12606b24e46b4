/* Loop devices: see loop.h. */
#include "loop.h"
#include "file.h"
#include "../../../kernel/lib/string.h"
#include "../../../kernel/lib/printf.h"
#include <asm-generic/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>

#define SECTOR 512

struct loop {
    struct ofile *backing;   /* referenced; NULL: unbound */
    uint64_t offset;         /* where the device starts in the file */
    uint64_t sizelimit;      /* 0: to the file's end */
    uint32_t flags;          /* LO_FLAGS_* */
    uint32_t block_size;
    uint32_t users;          /* open descriptions of its nodes, and mounts made from it */
    int exists;              /* made (at boot or by LOOP_CTL_ADD) */
    uint8_t name[LO_NAME_SIZE];
};

static struct loop loops[LOOP_MAX];
static struct vnode *dev_dir; /* /dev, where new devices get their node */

static struct loop *loop_of(struct vnode *vn) { return vn->u.chr.ctx; }
static int minor_of(const struct loop *lo) { return (int)(lo - loops); }

static uint64_t loop_size(struct vnode *vn)
{
    struct loop *lo = loop_of(vn);
    if (!lo->backing)
        return 0;
    uint64_t file = vfs_size(lo->backing->vn);
    uint64_t size = file > lo->offset ? file - lo->offset : 0;
    if (lo->sizelimit && lo->sizelimit < size)
        size = lo->sizelimit;
    return size;
}

static int64_t loop_pread(struct vnode *vn, void *buf, size_t len, uint64_t off)
{
    struct loop *lo = loop_of(vn);
    uint64_t size = loop_size(vn); /* 0 unbound: reads end at once, as Linux */
    if (off >= size)
        return 0;
    if (len > size - off)
        len = (size_t)(size - off);
    return vfs_read(lo->backing->vn, buf, len, lo->offset + off);
}

static int64_t loop_pwrite(struct vnode *vn, const void *buf, size_t len, uint64_t off)
{
    struct loop *lo = loop_of(vn);
    if (!lo->backing || (lo->flags & LO_FLAGS_READ_ONLY))
        return -EPERM; /* Linux keeps an unbound device read-only */
    uint64_t size = loop_size(vn);
    if (off >= size)
        return len ? -ENOSPC : 0; /* a block device does not grow */
    if (len > size - off)
        len = (size_t)(size - off);
    return vfs_write(lo->backing->vn, buf, len, lo->offset + off);
}

static void unbind(struct loop *lo)
{
    ofile_unref(lo->backing);
    lo->backing = 0;
    lo->offset = lo->sizelimit = 0;
    lo->flags = 0;
    memset(lo->name, 0, sizeof lo->name);
}

static int loop_open(struct vnode *vn, uint32_t oflags)
{
    (void)oflags;
    struct loop *lo = loop_of(vn);
    lo->users++;
    lo->exists = 1; /* a node made by mknod brings its device to life, as Linux's loop probe */
    return 0;
}

static void loop_release(struct vnode *vn, uint32_t oflags)
{
    (void)oflags;
    struct loop *lo = loop_of(vn);
    if (--lo->users == 0 && lo->backing && (lo->flags & LO_FLAGS_AUTOCLEAR))
        unbind(lo);
}

static void fill_info(struct loop *lo, struct loop_info64 *info)
{
    memset(info, 0, sizeof *info);
    struct vnode *b = lo->backing->vn;
    info->lo_device = vfs_dev(b->fs);
    info->lo_inode = b->ino;
    info->lo_offset = lo->offset;
    info->lo_sizelimit = lo->sizelimit;
    info->lo_number = (uint32_t)minor_of(lo);
    info->lo_flags = lo->flags;
    memcpy(info->lo_file_name, lo->name, sizeof lo->name);
}

static int set_info(struct loop *lo, const struct loop_info64 *info, uint32_t settable)
{
    if (info->lo_encrypt_type || info->lo_encrypt_key_size)
        return -EINVAL; /* no encryption */
    lo->offset = info->lo_offset;
    lo->sizelimit = info->lo_sizelimit;
    uint32_t keep = lo->flags & ~settable;
    lo->flags = keep | (info->lo_flags & settable);
    memcpy(lo->name, info->lo_file_name, sizeof lo->name);
    lo->name[sizeof lo->name - 1] = 0;
    return 0;
}

static int bind(struct loop *lo, struct ofile *f, uint32_t flags)
{
    if (lo->backing)
        return -EBUSY;
    if (!vfs_is_reg(f->vn) || (f->flags & O_PATH))
        return -EINVAL;
    ofile_ref(f);
    lo->backing = f;
    lo->flags = flags;
    if ((f->flags & O_ACCMODE) == O_RDONLY)
        lo->flags |= LO_FLAGS_READ_ONLY;
    lo->block_size = SECTOR;
    return 0;
}

/* LOOP_SET_FD, LOOP_CHANGE_FD and LOOP_CONFIGURE name a descriptor of the
   caller's in their argument's first word: its open file description. */
static struct ofile *arg_file(const struct file_ctx *c, const void *arg)
{
    uint32_t fd;
    memcpy(&fd, arg, sizeof fd);
    return c ? fdtable_get(c->fdt, (int)fd) : NULL;
}

static int64_t loop_ioctl(struct ofile *lf, const struct file_ctx *c, uint64_t req, void *arg)
{
    struct vnode *vn = lf->vn;
    struct loop *lo = loop_of(vn);
    struct ofile *f = NULL;
    if ((req == LOOP_SET_FD || req == LOOP_CHANGE_FD || req == LOOP_CONFIGURE) &&
        !(f = arg_file(c, arg)))
        return -EBADF;
    switch (req) {
    case LOOP_SET_FD:
        return bind(lo, f, 0);
    case LOOP_CONFIGURE: {
        struct loop_config cfg;
        memcpy(&cfg, arg, sizeof cfg);
        if (cfg.block_size && (cfg.block_size < SECTOR || cfg.block_size > 4096 ||
                               (cfg.block_size & (cfg.block_size - 1))))
            return -EINVAL;
        int r = bind(lo, f, 0);
        if (r)
            return r;
        uint32_t ro = lo->flags & LO_FLAGS_READ_ONLY;
        if ((r = set_info(lo, &cfg.info, LOOP_CONFIGURE_SETTABLE_FLAGS))) {
            unbind(lo);
            return r;
        }
        lo->flags |= ro;
        if (cfg.block_size)
            lo->block_size = cfg.block_size;
        return 0;
    }
    case LOOP_CHANGE_FD: {
        if (!lo->backing)
            return -ENXIO;
        if (!(lo->flags & LO_FLAGS_READ_ONLY) || !vfs_is_reg(f->vn) ||
            vfs_size(f->vn) != vfs_size(lo->backing->vn))
            return -EINVAL; /* as Linux: read-only devices, same size */
        ofile_ref(f);
        ofile_unref(lo->backing);
        lo->backing = f;
        return 0;
    }
    case LOOP_CLR_FD:
        if (!lo->backing)
            return -ENXIO;
        if (lo->users > 1) { /* in use: goes when the last user does */
            lo->flags |= LO_FLAGS_AUTOCLEAR;
            return 0;
        }
        unbind(lo);
        return 0;
    case LOOP_GET_STATUS64:
        if (!lo->backing)
            return -ENXIO;
        fill_info(lo, arg);
        return 0;
    case LOOP_SET_STATUS64: {
        if (!lo->backing)
            return -ENXIO;
        struct loop_info64 info;
        memcpy(&info, arg, sizeof info);
        return set_info(lo, &info, LOOP_SET_STATUS_SETTABLE_FLAGS | LO_FLAGS_READ_ONLY);
    }
    case LOOP_SET_CAPACITY:
        return lo->backing ? 0 : -ENXIO; /* the size is read from the file each time */
    case LOOP_SET_DIRECT_IO:
        return lo->backing ? 0 : -ENXIO;
    case LOOP_SET_BLOCK_SIZE: {
        uint64_t bs;
        memcpy(&bs, arg, sizeof bs);
        if (bs < SECTOR || bs > 4096 || (bs & (bs - 1)))
            return -EINVAL;
        lo->block_size = (uint32_t)bs;
        return 0;
    }
    case LOOP_SET_STATUS:
    case LOOP_GET_STATUS:
        return -EINVAL; /* the legacy 32-bit forms (loop.h) */
    case BLKGETSIZE64: {
        uint64_t size = loop_size(vn);
        memcpy(arg, &size, sizeof size);
        return 0;
    }
    case BLKGETSIZE: {
        unsigned long sectors = (unsigned long)(loop_size(vn) / SECTOR);
        memcpy(arg, &sectors, sizeof sectors);
        return 0;
    }
    case BLKSSZGET:
    case BLKBSZGET: {
        int bs = (int)(lo->block_size ? lo->block_size : SECTOR);
        memcpy(arg, &bs, sizeof bs);
        return 0;
    }
    case BLKROGET: {
        int ro = (lo->flags & LO_FLAGS_READ_ONLY) != 0;
        memcpy(arg, &ro, sizeof ro);
        return 0;
    }
    case BLKFLSBUF:
        return 0; /* no cache between the device and the file */
    }
    return -ENOTTY;
}

static int loop_file_open(struct ofile *f, const struct file_ctx *c)
{
    (void)c;
    return loop_open(f->vn, f->flags);
}

static void loop_file_release(struct ofile *f)
{
    loop_release(f->vn, f->flags);
}

static const struct file_ops loop_ops = {
    .open = loop_file_open, .release = loop_file_release, .ioctl = loop_ioctl,
    .pread = loop_pread, .pwrite = loop_pwrite, .size = loop_size, .flags = FILE_OPS_SYNC,
};

/* /dev/loopN for a device that exists now (left alone when the name is taken). */
static int make_node(int minor)
{
    char name[16];
    ksnprintf(name, sizeof name, "loop%d", minor);
    if (!dev_dir || vfs_dir_find(dev_dir, name))
        return 0;
    return vfs_mknod(dev_dir, name, VFS_IFBLK | 0660, VFS_MKDEV(LOOP_MAJOR, minor), &loop_ops,
                     &loops[minor], 0, 0);
}

static int add(int minor)
{
    if (minor < 0 || minor >= LOOP_MAX)
        return -EINVAL;
    if (loops[minor].exists)
        return -EEXIST;
    loops[minor].exists = 1;
    make_node(minor);
    return minor;
}

static int64_t control_ioctl(struct ofile *f, const struct file_ctx *c, uint64_t req, void *arg)
{
    (void)f, (void)c;
    uint64_t n;
    memcpy(&n, arg, sizeof n);
    switch (req) {
    case LOOP_CTL_GET_FREE:
        for (int i = 0; i < LOOP_MAX; i++)
            if (loops[i].exists && !loops[i].backing && !loops[i].users)
                return i;
        for (int i = 0; i < LOOP_MAX; i++)
            if (!loops[i].exists)
                return add(i);
        return -ENOSPC;
    case LOOP_CTL_ADD:
        return add(n > LOOP_MAX ? -1 : (int)n);
    case LOOP_CTL_REMOVE: {
        if (n >= LOOP_MAX || !loops[n].exists)
            return -ENODEV;
        if (loops[n].backing || loops[n].users)
            return -EBUSY;
        loops[n].exists = 0;
        char name[16];
        ksnprintf(name, sizeof name, "loop%d", (int)n);
        struct vnode *node = dev_dir ? vfs_dir_find(dev_dir, name) : 0;
        if (node && node->u.chr.ops == &loop_ops)
            vfs_unlink(dev_dir, name, 0);
        return 0;
    }
    }
    return -ENOTTY;
}

static const struct file_ops control_ops = { .ioctl = control_ioctl };

int loop_init(struct vnode *dev)
{
    dev_dir = dev;
    int r = vfs_mknod(dev, "loop-control", VFS_IFCHR | 0660, VFS_MKDEV(10, LOOP_CTL_MINOR),
                      &control_ops, 0, 0, 0);
    for (int i = 0; !r && i < LOOP_DEFAULT; i++)
        r = add(i) < 0 ? -ENOMEM : 0;
    return r;
}

const struct file_ops *loop_driver(uint32_t type, uint64_t rdev, void **ctx)
{
    uint32_t major = (uint32_t)((rdev >> 8) & 0xfff);
    uint32_t minor = (uint32_t)((rdev & 0xff) | ((rdev >> 12) & ~0xffull));
    if (type == VFS_IFBLK && major == LOOP_MAJOR && minor < LOOP_MAX) {
        *ctx = &loops[minor];
        return &loop_ops;
    }
    if (type == VFS_IFCHR && major == 10 && minor == LOOP_CTL_MINOR)
        return &control_ops;
    return 0;
}

void loop_hold(struct vnode *vn)
{
    if (vn->u.chr.ops == &loop_ops)
        loop_open(vn, 0);
}

void loop_drop(struct vnode *vn)
{
    if (vn->u.chr.ops == &loop_ops)
        loop_release(vn, 0);
}
