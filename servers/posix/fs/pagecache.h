/* The page cache (pagecache.c): a regular file mapped MAP_SHARED keeps its
 * pages in a kernel memory object (a shareable one: sparse, resizable,
 * include/calyx/syscalls.toml memory_resize and memory_pages), which every
 * process mapping the file maps itself: stores through any mapping are the
 * file's bytes at once, for read(2) and every other mapper alike.
 *
 * A file moves there at its first shared mapping (its pages are copied
 * once) and stays until it is deleted; files nobody maps shared keep their
 * pages in the server (data.c), where reading and writing them costs no
 * kernel call.
 *
 * Limits: a file mapped shared can hold at most CX_MEMORY_OBJECT_MAX bytes
 * (4 GiB): mapping a bigger one, or growing one past it, is EFBIG. Each
 * cached file takes one capability of the server's (CX_CAPABILITIES_MAX in
 * all, with everything else it holds). */
#ifndef POSIX_PAGECACHE_H
#define POSIX_PAGECACHE_H

#include <stdint.h>
#include <calyx/abi.h>
#include "vfs.h"

/* The memory object holding vn's pages (moving them there first), and the
   serial naming it for futex keys (the same for every mapper). 0, -EINVAL
   (not a regular file), -EFBIG (too big), -ENOMEM. The capability stays
   the file's: derive one to map it. */
int pagecache_share(struct vnode *vn, cx_cap_t *mem, uint64_t *serial);

#endif
