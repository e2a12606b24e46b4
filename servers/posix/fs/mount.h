/* The mount trees of the POSIX server's mount namespaces: which
 * filesystem (or which part of one) shows at which place. vfs.h has the
 * struct and what the path walker needs; this is the rest, as Linux:
 *
 *   attach     a new mount of a filesystem on a place (stacking on a mount
 *              already there), or a bind mount of any place (recursive:
 *              with the mounts under it);
 *   umount     a mount with nothing mounted under it and nobody inside
 *              (EBUSY otherwise), or lazily (MNT_DETACH): out of the tree
 *              at once, freed after its last user;
 *   propagate  shared mounts form peer groups: a mount or unmount under one
 *              member happens under every peer too (MS_SHARED); private
 *              mounts propagate nothing (MS_PRIVATE, the default);
 *              MS_SLAVE is taken as private (one-way propagation is not
 *              kept), MS_UNBINDABLE refuses bind mounts of it (EINVAL).
 *
 * Limits: MOUNT_MAX mounts in the namespace (-ENOSPC past it, as Linux's
 * fs.mount-max), MOUNT_SOURCE_MAX bytes in a source name (-EINVAL).
 * Not thread-safe: the server serialises. */
#ifndef POSIX_MOUNT_H
#define POSIX_MOUNT_H

#include "vfs.h"

#define MOUNT_MAX        256
#define MOUNT_SOURCE_MAX 4096

/* The namespace's root mount over rootfs (vfs_mounts), source "tmpfs".
   0 or -ENOMEM. */
int mount_init(struct vfs *rootfs);

/* Mounts root (a node of fs) on place at, with VFS_MNT_* flags. fs->mounts
   counts it. Propagates to at's peers. *out (may be NULL) gets the mount,
   no reference. 0, -ENOSPC, -ENOMEM, -EINVAL (source too long). */
int mount_attach(struct vfs *fs, struct vnode *root, const struct vfs_path *at, uint32_t flags,
                 const char *source, struct vfs_mount **out);

/* Bind mount: what src shows, on at (recursive: with every mount under src
   too). A directory binds on a directory, anything else on a
   non-directory (ENOTDIR otherwise, either way). EINVAL for an unbindable
   source. */
int mount_bind(const struct vfs_path *src, const struct vfs_path *at, int recursive);

/* Propagation type of m (and, recursive, every mount under it). */
enum mount_propagation { MOUNT_SHARED, MOUNT_PRIVATE, MOUNT_SLAVE, MOUNT_UNBINDABLE };
void mount_set_propagation(struct vfs_mount *m, enum mount_propagation type, int recursive);

/* Unmounts m: -EINVAL if it is the namespace's root or already unmounted,
   -EBUSY if something is mounted under it or it is in use (refs beyond
   the caller's own, given as held) unless detach. Propagates to the
   mounts its peers got from the same mount (-EBUSY too when one of them
   is in use; one with mounts under it is left in place). */
int mount_umount(struct vfs_mount *m, int detach, uint32_t held);

/* --- namespaces -------------------------------------------------------------
   A mount namespace is a tree with a root mount of its own (no parent); the
   first is vfs_mounts'. A process's fs_state names its namespace, as a
   user of it (vfs.h: vfs_ns_get/put); when the last user goes, the
   namespace's mounts go as with MNT_DETACH (the first namespace stays).
   mount_ns_copy: a new namespace, a copy of ns with every mount in it
   (shared mounts' copies are their peers, as Linux's copy for unshare), and
   root and cwd moved to the copies of their mounts. 0, -ENOSPC (MOUNT_MAX),
   -ENOMEM; *new_ns comes with one user. */
int mount_ns_copy(struct vfs_mount *ns, struct vfs_path *root, struct vfs_path *cwd,
                  struct vfs_mount **new_ns);

/* Every mount of the namespace under root (the caller's root), in order:
   calls fn with the mount and its mountpoint's path as root sees it. */
void mount_each(const struct vfs_path *root,
                void (*fn)(struct vfs_mount *m, const char *where, void *arg), void *arg);

/* The mount's options as /proc/mounts writes them ("rw,nosuid,relatime"),
   without the filesystem's own. */
void mount_flag_text(const struct vfs_mount *m, char *buf, size_t size);

#endif
