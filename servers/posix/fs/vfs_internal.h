/* What the VFS's own files share (vnode.c, dir.c, names.c, data.c,
 * walk.c, pathname.c, synth.c); the rest of the server includes vfs.h only.
 * The same rules hold as in vfs.h: negative errno values, and no
 * reference taken unless said. */
#ifndef POSIX_VFS_INTERNAL_H
#define POSIX_VFS_INTERNAL_H

#include "vfs.h"

/* vnode.c: a new node (nlink and refs 0, times now), or -ENOSPC. */
int vfs_node_new(struct vfs *fs, uint32_t mode, const struct vfs_cred *cred, struct vnode **out);
/* Frees vn and what it holds, whatever its counts. */
void vfs_node_free(struct vnode *vn);
/* Frees vn once it has neither a name nor a reference. */
void vfs_node_maybe_free(struct vnode *vn);

/* dir.c: the entry named [name, name+len) in dir, or NULL. */
struct vfs_dirent *vfs_dir_lookup_n(struct vnode *dir, const char *name, size_t len);
/* The same for a NUL-terminated name. */
struct vfs_dirent *vfs_dir_entry(struct vnode *dir, const char *name);
/* The entry naming vn in dir, or NULL (a scan: for rare uses). */
struct vfs_dirent *vfs_dir_entry_of(struct vnode *dir, const struct vnode *vn);
/* Adds name -> node (node->nlink++); the caller has checked the name is free. */
int vfs_dir_add(struct vnode *dir, const char *name, struct vnode *node);
/* Removes an entry, leaving a hole; node->nlink is the caller's. */
void vfs_dir_remove(struct vnode *dir, struct vfs_dirent *e);

/* names.c: ".", ".." and "/", which no creator may use. */
int vfs_special_name(const char *name);
/* Links the new node vn into dir as name (frees vn on failure). */
int vfs_link_new(struct vnode *dir, const char *name, struct vnode *vn, struct vnode **out);
/* Drops the empty directory vn that lost its name in parent. */
void vfs_dir_gone(struct vnode *parent, struct vnode *vn);

/* data.c: frees a regular file's pages. */
void vfs_reg_free(struct vnode *vn);

/* walk.c: the same place (mount and node). */
int vfs_path_same(const struct vfs_path *a, const struct vfs_path *b);

#endif
