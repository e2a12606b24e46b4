/* Pipes: an anonymous VFS node (vfs_new_anon) whose device operations move
 * bytes through a ring buffer of PIPE_BUF_SIZE bytes. Reads of an empty pipe
 * and writes to a full one answer -EAGAIN (the server parks a blocking
 * caller and retries it after the next pipe event); a read with no writer
 * left is end-of-file, a write with no reader left is -EPIPE (and SIGPIPE). */
#ifndef POSIX_PIPE_H
#define POSIX_PIPE_H

#include "vfs.h"

#define PIPE_BUF_SIZE 65536 /* Linux's default pipe capacity */

/* A new pipe: the node with one reference, or -ENOMEM / -ENOSPC. */
int pipe_create(struct vfs *fs, const struct vfs_cred *cred, struct vnode **out);

/* Something changed on some pipe since the last call (a parked reader or
   writer may go on); clears the flag. */
int pipe_events(void);

#endif
