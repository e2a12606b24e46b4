/* Unpacks a cpio "newc" archive (magic 070701; 070702 with checksums is
 * accepted too, the sums not checked) into the in-memory filesystem.
 *
 * Each entry: a 110-byte ASCII header, the name (namesize bytes, NUL
 * included) padded to 4, the data (filesize bytes) padded to 4; the entry
 * named "TRAILER!!!" ends the archive. Names are taken relative to the root
 * ("./a", "/a" and "a" are the same); "." and the root itself only set the
 * root's mode. Directories are created (an existing one takes the archive's
 * mode/uid/gid), regular files are created or replaced, symbolic links are
 * created from their data (the target); later archives override earlier
 * ones. Parents must come first or already exist, as `find | cpio -o` makes
 * them. Hard links: regular files with nlink > 1 and the same (ino,
 * devmajor, devminor) within one archive are one node with several names,
 * as Linux unpacks an initramfs: the first entry creates the file, each
 * later one adds a name and writes its data (if any: GNU cpio stores the
 * data with the last name) over the node without truncating it. At most
 * CPIO_LINKS_MAX such files per archive (-ENOMEM beyond).
 * Device nodes, fifos and sockets are skipped (counted in skipped).
 *
 * A bad archive is refused with -EINVAL and a reason in *why (a static
 * string), never a crash: bad magic, a non-hex digit, a header, name or data
 * running past the end, an empty or unterminated name, a name longer than
 * VFS_PATH_MAX, "..", a missing trailer, a file over VFS_MAX_FILE_SIZE.
 * Entries before the bad one stay in the filesystem. Other errors of the
 * filesystem (ENOSPC, ENOTDIR for a missing parent...) stop the load with
 * that errno and the entry's name in the reason. */
#ifndef POSIX_CPIO_H
#define POSIX_CPIO_H

#include <stddef.h>
#include <stdint.h>
#include "vfs.h"

#define CPIO_HEADER_SIZE 110
#define CPIO_LINKS_MAX 1024 /* hard-linked files remembered per archive */

struct cpio_result {
    size_t files, dirs, symlinks; /* entries created or replaced */
    size_t hardlinks;             /* names added to a file met earlier */
    size_t skipped;               /* device nodes, fifos, sockets */
    const char *why;              /* reason of a failure, else NULL */
    char name[128];               /* the entry that failed (truncated), else "" */
};

/* 0, or -EINVAL / -errno with res->why set. res may not be NULL. */
int cpio_load(struct vfs *fs, const void *archive, size_t size, struct cpio_result *res);

#endif
