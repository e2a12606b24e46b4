/* A read-only ext2 loader: copies the whole tree of an ext2 image into an
 * empty in-memory filesystem (struct vfs), which is how the server mounts an
 * ext2 image read-only (mount -r -o loop -t ext2 img dir).
 *
 * Supported: revision 0 and 1 images (Debian's and busybox's mke2fs), block
 * sizes 1 KiB to 64 KiB, any inode size, ext3 images (the journal is not
 * read: it is not reachable from the root), and the features that do not
 * change how a reader finds inodes, blocks or names: filetype, flex_bg, mmp,
 * csum_seed, largedir and every compat and ro_compat feature but bigalloc
 * (dir_index directories are read linearly, checksums are not checked).
 * Reproduced for every inode reachable from the root (inode 2): directories,
 * regular files (direct, single, double and triple indirect blocks; holes
 * stay holes), fast and slow symbolic links, character and block devices,
 * FIFOs and sockets (vfs_mknod with NULL ops, rdev in either encoding),
 * hard links (one vnode per inode), permission bits with setuid, setgid and
 * sticky, 32-bit uid/gid (the high halves for Linux and Hurd images),
 * atime/mtime/ctime (nanoseconds and epoch bits when the inode is large
 * enough to hold them). nlink is what the tree gives; the vnodes keep the
 * vfs's own inode numbers. Extended attributes are ignored.
 *
 * Refused with -EINVAL and the feature's name: compression, needs_recovery
 * (an ext3 journal not replayed: run e2fsck), journal_dev, meta_bg, extents,
 * 64bit, ea_inode, dirdata, inline_data, encrypt, casefold, unknown incompat
 * bits, bigalloc, revisions above 1, and inodes flagged as using extents or
 * inline data.
 *
 * Limits: EXT2_MAX_DEPTH (VFS_PATH_MAX / 2 = 2048) directory levels below
 * the root (-ENOSPC beyond, as a deeper tree has paths the vfs cannot name);
 * the vfs's own limits (VFS_MAX_NODES nodes, VFS_DATA_MAX bytes of data,
 * VFS_MAX_FILE_SIZE per file) give -ENOSPC, memory -ENOMEM.
 *
 * Hostile images: every block number, inode number, rec_len, name_len and
 * size is checked against the image; a directory reached twice (a loop, or
 * two names for a directory) is -EIO; at most as many blocks are read in
 * all as the filesystem has (each block belongs to one inode), so blocks
 * shared between inodes cannot make the load read forever. The walk is
 * iterative (a queue of directories), so no input deepens the C stack. */
#ifndef POSIX_EXT2_H
#define POSIX_EXT2_H

#include <stddef.h>
#include <stdint.h>
#include "vfs.h"

#define EXT2_MAX_DEPTH (VFS_PATH_MAX / 2)

/* Reads len bytes at byte offset off of the image into buf: bytes read (short only at the image's end) or -errno. */
typedef int64_t (*ext2_read_fn)(void *ctx, void *buf, size_t len, uint64_t off);
/* Fills fs (made by vfs_init_empty, root only) with the image's tree. 0, or -errno with a one-line
   reason in why (whylen bytes, NUL-terminated): -EINVAL not ext2 / bad superblock / unsupported feature
   (the reason names it), -EIO a read failed or the image is truncated or a structure points outside the image,
   -ENOSPC / -ENOMEM the in-memory tree would not fit (vfs limits). On error fs may hold a partial tree the
   caller destroys with vfs_destroy. */
int ext2_load(struct vfs *fs, ext2_read_fn read, void *ctx, char *why, size_t whylen);

#endif
