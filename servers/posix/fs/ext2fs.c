/* The ext2 filesystem type (and ext3, read the same way): mount(2) of a
 * block device holding an ext2 image loads the whole tree into a new
 * in-memory filesystem (ext2.c), read-only: a read-write mount is EROFS,
 * so mount(8) retries read-only as it does for a write-protected device.
 * The mount keeps the device open (loop.h) until it goes. */
#include "ext2fs.h"
#include "ext2.h"
#include "fsmount.h"
#include "loop.h"
#include "posix.h"
#include <calyx/malloc.h>
#include <asm-generic/errno.h>
#include <linux/magic.h>

static int64_t read_dev(void *ctx, void *buf, size_t len, uint64_t off)
{
    struct vnode *dev = ctx;
    size_t done = 0;
    while (done < len) { /* a device may answer in pieces */
        int64_t n = dev->u.chr.ops->pread(dev, (char *)buf + done, len - done, off + done);
        if (n < 0)
            return n;
        if (n == 0)
            break;
        done += (size_t)n;
    }
    return (int64_t)done;
}

static void ext2_release(struct vfs *fs)
{
    struct vnode *dev = fs->owner;
    loop_drop(dev);
    vfs_unref(dev);
    fs->owner = 0;
    fsmount_free_tree(fs);
}

static vfs_clock_fn ext2_clock;

static int make(const char *type, const char *source, struct vnode *dev, int rdonly,
                struct vfs **out)
{
    if (!rdonly)
        return -EROFS;
    if (!dev->u.chr.ops || !dev->u.chr.ops->pread)
        return -ENXIO; /* a block device with no driver behind it */
    if (dev->u.chr.ops->size && dev->u.chr.ops->size(dev) == 0)
        return -EIO; /* nothing behind it (an unbound loop device), as Linux */
    struct vfs *fs = calloc(1, sizeof *fs);
    if (!fs)
        return -ENOMEM;
    if (vfs_init_empty(fs, ext2_clock)) {
        free(fs);
        return -ENOMEM;
    }
    char why[160];
    int r = ext2_load(fs, read_dev, dev, why, sizeof why);
    if (r) {
        posix_log("posix: mount %s (%s): %s\n", source, type, why);
        vfs_destroy(fs);
        free(fs);
        return r;
    }
    /* statfs: the device's size, its data as what is used */
    uint64_t size = dev->u.chr.ops->size ? dev->u.chr.ops->size(dev) : 0;
    uint64_t used = fs->data_pages * VFS_PAGE_SIZE;
    fs->data_limit = size > used ? size : used;
    fs->type = type;
    fs->magic = EXT2_SUPER_MAGIC;
    fs->dev = fsmount_new_dev();
    fs->rdonly = 1;
    fs->owner = dev;
    vfs_ref(dev);
    loop_hold(dev);
    fs->release = ext2_release;
    *out = fs;
    return 0;
}

static int make_ext2(const char *source, struct vnode *dev, const char *data, int rdonly,
                     struct vfs **out)
{
    (void)data; /* ext2's options (errors=, acl...) change nothing in a read-only copy */
    return make("ext2", source, dev, rdonly, out);
}

static int make_ext3(const char *source, struct vnode *dev, const char *data, int rdonly,
                     struct vfs **out)
{
    (void)data;
    return make("ext3", source, dev, rdonly, out);
}

static const struct fs_type ext2_type = { "ext2", 1, make_ext2 };
static const struct fs_type ext3_type = { "ext3", 1, make_ext3 };

void ext2fs_init(vfs_clock_fn clock)
{
    ext2_clock = clock;
    fsmount_register(&ext2_type);
    fsmount_register(&ext3_type);
}
