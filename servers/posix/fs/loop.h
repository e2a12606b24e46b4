/* Loop devices: a regular file seen as a block device, as Linux's loop
 * driver, so that a filesystem image can be mounted (mount -o loop).
 *
 *   /dev/loop-control  char 10:237: LOOP_CTL_GET_FREE, LOOP_CTL_ADD,
 *                      LOOP_CTL_REMOVE
 *   /dev/loopN         block 7:N: LOOP_SET_FD, LOOP_CONFIGURE,
 *                      LOOP_CLR_FD (lazily, with AUTOCLEAR, while in use),
 *                      LOOP_SET_STATUS64/LOOP_GET_STATUS64, LOOP_CHANGE_FD,
 *                      LOOP_SET_CAPACITY, LOOP_SET_BLOCK_SIZE,
 *                      LOOP_SET_DIRECT_IO (accepted, nothing to bypass),
 *                      BLKGETSIZE64, BLKGETSIZE, BLKSSZGET, BLKBSZGET,
 *                      BLKROGET; read, write and lseek at any offset.
 *
 * The backing file's open file description is held while bound, so the
 * caller may close its descriptor. Writes go to the backing file unless
 * the device is read-only (the description was not open for writing, or
 * LO_FLAGS_READ_ONLY): EPERM. Limits: LOOP_MAX devices (LOOP_CTL_ADD
 * beyond: EINVAL; GET_FREE with none free: ENOSPC); the legacy 32-bit
 * LOOP_SET_STATUS/LOOP_GET_STATUS are EINVAL (every libc uses the 64 ones);
 * only regular files back a device (EINVAL otherwise). */
#ifndef POSIX_LOOP_H
#define POSIX_LOOP_H

#include "vfs.h"

#define LOOP_MAX     64
#define LOOP_DEFAULT 8   /* /dev/loop0..7 made at boot, as Linux's max_loop */
#define LOOP_MAJOR   7
#define LOOP_CTL_MINOR 237 /* misc major 10 */

/* Makes /dev/loop-control and /dev/loop0..LOOP_DEFAULT-1 in dev. */
int loop_init(struct vnode *dev);
/* The driver for a device number mknod makes (file_device_driver), or NULL. */
const struct file_ops *loop_driver(uint32_t type, uint64_t rdev, void **ctx);

/* A mount keeps the device it was made from open: loop_hold when it is
   made, loop_drop when it goes (AUTOCLEAR may free the device then). vn
   is any block device node (others are left alone). */
void loop_hold(struct vnode *vn);
void loop_drop(struct vnode *vn);

#endif
