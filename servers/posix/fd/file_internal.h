/* What the file layer's own files share (ofile.c, fileops.c, filepath.c,
 * file.c, filestat.c, fileattr.c, filename.c, filelock.c); callers outside
 * it include file.h. */
#ifndef POSIX_FILE_INTERNAL_H
#define POSIX_FILE_INTERNAL_H

#include "file.h"

/* ofile.c: whether a description may be read or written (its access mode;
   O_PATH: neither), and the place it stands for (no new references). */
int ofile_can_read(const struct ofile *f);
int ofile_can_write(const struct ofile *f);
struct vfs_path ofile_path(const struct ofile *f);
/* Makes room for need descriptors in t: 0 or -ENOMEM. */
int fdtable_grow(struct fdtable *t, uint32_t need);
/* A descriptor of f in t was closed: drops t's POSIX locks on the file and
   the descriptor's reference. */
void fdtable_closed(struct fdtable *t, struct ofile *f);

/* fileops.c: the operations a new description of vn gets, and the
   snapshot a synthetic file's description reads (0 or -errno). */
const struct file_ops *file_ops_for(const struct vnode *vn);
int file_synth_snapshot(struct ofile *f, const struct vfs_cred *cred);

/* filepath.c: the *at calls' lookups, from dirfd (AT_FDCWD: the cwd) under
   the caller's root; the found place comes back referenced. */
int file_lookup_at(struct file_ctx *c, int dirfd, const char *path, int vflags,
                   struct vfs_path *out);
int file_parent_at(struct file_ctx *c, int dirfd, const char *path, struct vfs_path *dir,
                   char name[VFS_NAME_MAX + 1], int *slash);
int file_empty_path(struct file_ctx *c, int dirfd, struct vfs_path *out);
int file_node_at(struct file_ctx *c, int dirfd, const char *path, int flags,
                 struct vfs_path *out);
int file_writable(const struct vfs_path *p);

#endif
