/* /dev/zero, /dev/full, /dev/random, /dev/urandom, the loop devices and the standard links: see devices.h. */
#include "posix.h"
#include "devices.h"
#include "vfs.h"
#include "file.h"
#include "loop.h"
#include "string.h"

#define POLLIN  0x001
#define POLLOUT 0x004

static int64_t zero_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                       int64_t off)
{
    (void)f, (void)c, (void)off;
    memset(buf, 0, len);
    return (int64_t)len;
}

static int64_t sink_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                       int64_t off)
{
    (void)f, (void)c, (void)buf, (void)off;
    return (int64_t)len;
}

static int64_t full_write(struct ofile *f, const struct file_ctx *c, const void *buf, size_t len,
                       int64_t off)
{
    (void)f, (void)c, (void)buf, (void)len, (void)off;
    return -ENOSPC;
}

static int64_t random_read(struct ofile *f, const struct file_ctx *c, void *buf, size_t len,
                       int64_t off)
{
    (void)f, (void)c, (void)off;
    posix_random(buf, len);
    return (int64_t)len;
}

static uint32_t always_ready(struct ofile *f, const struct file_ctx *c, struct poll_table *pt)
{
    (void)f, (void)c, (void)pt;
    return POLLIN | POLLOUT;
}

static const struct file_ops zero_ops = {
    .read = zero_read, .write = sink_write, .poll = always_ready,
};
static const struct file_ops full_ops = {
    .read = zero_read, .write = full_write, .poll = always_ready,
};
/* Writing to the random devices is allowed (it would mix entropy in Linux). */
static const struct file_ops random_ops = {
    .read = random_read, .write = sink_write, .poll = always_ready,
};

/* The memory devices by minor (major 1), for nodes mknod makes. */
static const struct file_ops *mem_ops(unsigned minor)
{
    switch (minor) {
    case 3: return &vfs_null_ops;
    case 5: return &zero_ops;
    case 7: return &full_ops;
    case 8: case 9: return &random_ops;
    default: return NULL;
    }
}

static const struct file_ops *device_driver(uint32_t type, uint64_t rdev, void **ctx)
{
    if (type == VFS_IFCHR && ((rdev >> 8) & 0xfff) == 1)
        return mem_ops((unsigned)(rdev & 0xff));
    return loop_driver(type, rdev, ctx);
}

int devices_init(struct vfs *fs)
{
    static const struct {
        const char *name;
        unsigned minor;
        const struct file_ops *ops;
    } chr[] = {
        { "zero", 5, &zero_ops }, { "full", 7, &full_ops },
        { "random", 8, &random_ops }, { "urandom", 9, &random_ops },
    };
    static const struct {
        const char *name, *target;
    } lnk[] = {
        { "stdin", "/proc/self/fd/0" }, { "stdout", "/proc/self/fd/1" },
        { "stderr", "/proc/self/fd/2" }, { "fd", "/proc/self/fd" },
    };
    struct vnode *dev;
    int r = vfs_lookup(fs, fs->root, "/dev", 0, NULL, &dev);
    if (r < 0)
        return r;
    for (size_t i = 0; i < sizeof chr / sizeof chr[0] && !r; i++)
        r = vfs_mknod_chr(dev, chr[i].name, 0666, VFS_MKDEV(1, chr[i].minor), chr[i].ops, NULL,
                          NULL, NULL);
    for (size_t i = 0; i < sizeof lnk / sizeof lnk[0] && !r; i++)
        r = vfs_symlink(dev, lnk[i].name, lnk[i].target, NULL, NULL);
    if (!r)
        r = vfs_mkdir(dev, "shm", 01777, NULL, NULL);
    if (!r)
        r = loop_init(dev);
    file_device_driver = device_driver;
    vfs_unref(dev);
    return r;
}
