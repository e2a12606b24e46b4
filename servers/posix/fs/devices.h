/* The /dev nodes every Linux system has, beyond /dev/null and /dev/console
 * (vfs_init) and /dev/tty (the terminal code):
 *   /dev/zero    char 1:5, 0666  reads zeros, writes succeed
 *   /dev/full    char 1:7, 0666  reads zeros, writes fail with ENOSPC
 *   /dev/random  char 1:8, 0666  getrandom's generator (never blocks, as
 *   /dev/urandom char 1:9, 0666  Linux >= 5.6 once seeded)
 *   /dev/stdin, /dev/stdout, /dev/stderr -> /proc/self/fd/0, 1, 2
 *   /dev/fd -> /proc/self/fd     (the links resolve once /proc exists)
 *   /dev/shm     directory, 01777 (shm_open's place)
 * Reads and writes of these devices move at most what the caller asked. */
#ifndef POSIX_DEVICES_H
#define POSIX_DEVICES_H

struct vfs;

/* Creates them under /dev. 0 or -errno. */
int devices_init(struct vfs *fs);

#endif
