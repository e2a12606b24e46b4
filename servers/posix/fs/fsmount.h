/* mount(2) and umount2(2) over kernel buffers, and the filesystem types
 * they can make. As Linux, for root only (EPERM otherwise):
 *
 *   new mount     type tmpfs/ramfs (a new empty filesystem; options size=,
 *                 nr_inodes=, mode=, uid=, gid=), proc (the one procfs),
 *                 and the types registered with fsmount_register (mqueue:
 *                 the one message queue filesystem, mqueue.h; ext2:
 *                 read-only, from a block device such as a loop device);
 *                 ENODEV for another type, ENOTBLK when the source of a
 *                 device filesystem is not a block device, EINVAL with
 *                 an unknown option;
 *   MS_BIND       bind mount (MS_REC: with the mounts under it);
 *   MS_REMOUNT    new flags for a mount (with MS_BIND: that mount only;
 *                 without: its filesystem too; read-only with files open
 *                 for writing: EBUSY);
 *   MS_MOVE       moves a mount elsewhere;
 *   MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE (| MS_REC): propagation.
 *
 * In the caller's mount namespace (mount.h). Limits: mount.h; option strings
 * up to FSMOUNT_DATA_MAX bytes (the server copies one page, as Linux). */
#ifndef POSIX_FSMOUNT_H
#define POSIX_FSMOUNT_H

#include <stddef.h>
#include <stdint.h>
#include "file.h"

#define FSMOUNT_DATA_MAX 4096
#define FSMOUNT_TYPES_MAX 16

struct fs_type {
    const char *name;
    int needs_dev;  /* 1: the source names a block device, passed as dev */
    /* A filesystem for a new mount (its root is what shows), made from
       source/dev with the option string data (NULL: none); rdonly when
       MS_RDONLY was asked. It sets fs->release when the filesystem is
       to go with its last mount. 0 or -errno. */
    int (*make)(const char *source, struct vnode *dev, const char *data, int rdonly,
                struct vfs **out);
};

/* Adds a type (the server's start-up): 0, -ENOSPC past FSMOUNT_TYPES_MAX. */
int fsmount_register(const struct fs_type *t);
/* The registered types, for /proc/filesystems: the i-th, or NULL. */
const struct fs_type *fsmount_type(int i);

/* Registers tmpfs and ramfs; clock stamps their nodes. */
void fsmount_init(void (*clock)(struct vfs_time *now));
/* A device number for a new filesystem (st_dev, statfs f_fsid). */
uint32_t fsmount_new_dev(void);
/* A release for filesystems made with calloc: frees fs and its tree, unless
   a node of it is still referenced (then it is kept, unreachable). */
void fsmount_free_tree(struct vfs *fs);

int64_t file_mount(struct file_ctx *c, const char *source, const char *target, const char *type,
                   uint64_t flags, const char *data);
/* unshare(CLONE_NEWNS) for the caller's fs_state: a copy of its mount
   namespace (mount.h) becomes its own. Root only (EPERM), as
   CAP_SYS_ADMIN; -ENOSPC, -ENOMEM. */
int64_t file_unshare_mounts(struct file_ctx *c);
/* The same for an fs_state, no permission check (clone(CLONE_NEWNS) checks
   the caller). */
int64_t fsmount_unshare(struct fs_state *fs);
/* flags: MNT_FORCE (taken as a plain unmount: nothing here can hang),
   MNT_DETACH, UMOUNT_NOFOLLOW; MNT_EXPIRE (no access tracking) and others
   are EINVAL. EINVAL too when target is not the root of a mount. */
int64_t file_umount(struct file_ctx *c, const char *target, int flags);

#endif
