/* The ext2 and ext3 filesystem types for mount(2): see ext2fs.c. */
#ifndef POSIX_EXT2FS_H
#define POSIX_EXT2FS_H

#include "vfs.h"

/* Registers the types (fsmount_register); clock stamps the loaded nodes. */
void ext2fs_init(vfs_clock_fn clock);

#endif
