/* Pipes and FIFOs: a ring buffer behind a VFS node whose device operations
 * (pipe_ops) move the bytes; room is counted in page-sized buffers, as
 * Linux counts it (pipe.c).
 *
 * An anonymous pipe (pipe2) is a vfs_new_anon node created with its buffer.
 * A FIFO is a named VFS_IFIFO node (mknod) whose buffer is made by the first
 * open and freed when the last open file description on it goes: it lives
 * with the node only while the FIFO is open, and data does not survive a
 * moment with nobody having it open (as Linux).
 *
 * Semantics, as Linux:
 *   read   an empty pipe: -EAGAIN while a writer exists (the server parks a
 *          blocking reader), 0 (end of file) when none is left.
 *   write  no reader left: -EPIPE (the server raises SIGPIPE). A write of at
 *          most PIPE_BUF bytes is atomic: all of it goes in at once, or none
 *          and -EAGAIN (a blocking writer waits for room for all of it). A
 *          larger write puts in what fits and returns that count (partial),
 *          -EAGAIN only when the pipe is full. What fits: a write's length
 *          mod a page joins the last buffer when it fits there, the rest
 *          takes free page buffers (16 in a 64 KiB pipe).
 *   poll   POLLIN (+POLLRDNORM) when there are bytes; POLLHUP when no writer
 *          is left and one has opened since the buffer was made (Linux
 *          decides that per open file description); POLLOUT (+POLLWRNORM)
 *          when a page buffer is free; POLLERR when no reader.
 *   ioctl  FIONREAD: the bytes in the pipe (an int).
 *   open   (FIFOs) O_WRONLY|O_NONBLOCK with no reader: -ENXIO. A blocking
 *          O_RDONLY / O_WRONLY open waits for the other side: the server
 *          asks pipe_open_waits after the open and pipe_partner_came later.
 *
 * Capacity: PIPE_BUF_SIZE bytes, changed with fcntl F_SETPIPE_SZ as Linux
 * (a page at least, rounded up to a power of two; beyond PIPE_MAX_SIZE,
 * /proc/sys/fs/pipe-max-size, only for root: EPERM; less than the bytes in
 * it: EBUSY). Linux's per-user pipe page budgets (pipe-user-pages-soft and
 * -hard) are not kept.
 *
 * Waiting: each pipe has one wait queue (waitq.h), which its poll operation
 * registers; every change that may let a parked reader, writer, poller or
 * FIFO opener go on wakes it. */
#ifndef POSIX_PIPE_H
#define POSIX_PIPE_H

#include "vfs.h"

#define PIPE_BUF_SIZE 65536 /* Linux's default pipe capacity */
#define PIPE_ATOMIC   4096  /* PIPE_BUF: writes up to this size never interleave */
#define PIPE_PAGE     4096  /* the smallest capacity */
#define PIPE_MAX_SIZE 1048576 /* /proc/sys/fs/pipe-max-size: F_SETPIPE_SZ beyond needs root */

/* The operations of every pipe and FIFO node (mknod uses them for FIFOs). */
extern const struct file_ops pipe_ops;

/* fcntl F_GETPIPE_SZ and F_SETPIPE_SZ (privileged: CAP_SYS_RESOURCE):
   the capacity, or -EBADF for a node that is no pipe, -EINVAL, -EPERM,
   -EBUSY, -ENOMEM. */
long pipe_get_size(const struct vnode *vn);
long pipe_set_size(struct vnode *vn, uint64_t want, int privileged);

/* A new anonymous pipe: the node with one reference, or -ENOMEM / -ENOSPC. */
int pipe_create(struct vfs *fs, const struct vfs_cred *cred, struct vnode **out);

/* Is vn a pipe or FIFO? */
int pipe_is_pipe(const struct vnode *vn);

/* Free bytes in the pipe (SIZE_MAX for a node that is not an open pipe):
   how much a write can surely put in now. */
size_t pipe_room(const struct vnode *vn);

/* After a successful open of a FIFO with flags oflags: 1 if this blocking
   open must wait for the other side (an O_RDONLY open with no writer, an
   O_WRONLY open with no reader), *since = the other side's open count now;
   else 0. */
int pipe_open_waits(const struct vnode *vn, uint32_t oflags, uint64_t *since);
/* A waiting open may return: the other side opened since *since. */
int pipe_partner_came(const struct vnode *vn, uint32_t oflags, uint64_t since);

#endif
