/* The file layer's glue: the per-process file state across fork, exec and
 * exit, parking calls on files' wait queues and running them again when
 * woken. The file calls themselves copy
 * buffers, paths and iovecs between a client and the server and call the
 * file layer (file.h) and the VFS (vfs.h): rwcall.c, fdcall.c, statcall.c,
 * attrcall.c, namecall.c, mountcall.c, sockcall.c. */
#ifndef POSIX_FILEIO_H
#define POSIX_FILEIO_H

#include <stddef.h>
#include <stdint.h>
#include "proc.h"
#include "waitq.h"
#include "socket.h"

struct vnode;
struct vfs;
struct ofile;

extern struct vfs posix_vfs;

/* Creates the root filesystem with the console devices. 0 or -errno. */
int fileio_boot(void);

/* fds 0, 1, 2 on the consoles and cwd "/" for the first program. */
int fileio_init_proc(struct proc *p);
/* The child's copy of the parent's fd table and cwd. 0 or -errno. */
int fileio_fork(struct proc *parent, struct proc *child);
/* Closes the close-on-exec descriptors. */
void fileio_exec(struct proc *p);
/* Closes everything (pipes see EOF). */
void fileio_exit(struct proc *p);

/* Looks up an executable for execve: a regular file p may execute.
   *vn gets a reference (vfs_unref it). 0 or -errno. */
int fileio_lookup_exec(struct proc *p, const char *path, struct vnode **vn);

/* Reads the whole of a file of the root filesystem by absolute path
   (the server's own configuration). Returns the size, or -errno.
   *data is a copy of the file, valid until the next call. */
long fileio_slurp(const char *path, const uint8_t **data);

/* What file calls need for t: its process's tables, credentials (with
   supplementary groups) and pid, and t itself, which the files' operations
   get as their caller. Build a struct file_ctx only through this. */
struct file_ctx fileio_ctx(struct thread *t);

/* Parks t's call on f: f's poll operation puts t's sleeper on the wait
   queues of what f depends on (waitq.h), t->block = why. R_DEFER, or
   -ENOMEM when a registration failed. */
long fileio_park(struct thread *t, struct ofile *f, enum block why);
/* Runs again the parked calls whose wait queues were woken, in the order
   they were woken (the server's loop calls it after every message). */
void fileio_run_woken_calls(void);
static inline void fileio_run_woken(void)
{
    if (waitq_any_ready())
        fileio_run_woken_calls();
}
/* Runs t's parked call again now (a terminal read's VTIME passed). */
void fileio_rerun(struct thread *t);
/* /proc/sys/fs/lease-break-time: seconds a lease's holder has (lease.h). */
extern int64_t lease_break_time;
/* Lease breaks whose time ran out end now (lease.h). */
void fileio_leases_due(void);
/* A call's answer r after it may have broken leases: their holders are
   signalled, and LEASE_WAIT parks t (BLOCK_LEASE) to run the call again
   when a lease changes or the break time passes. r, or R_DEFER. */
long fileio_lease_wait(struct thread *t, long r);
/* A FIFO open waiting for the other side (BLOCK_OPEN) was cut short by a
   signal: its descriptor is closed again; -ERESTARTSYS. */
long fileio_open_interrupted(struct thread *t);

/* --- what the file calls share ------------------------------------------------------ */

/* Bytes one read or write moves through the server at a time (writes loop). */
#define IO_CHUNK 65536
/* The most a file whose transfers are whole (FILE_OPS_WHOLE: sockets)
   moves in one call: twice the largest socket buffer (a larger stream read
   or write is short). */
#define IO_WHOLE_MAX (2 * SOCK_BUF_MAX)
/* The server's bounce buffer for file data (reads, writes, getdents64,
   ioctl arguments, socket messages): calls are served one at a time. */
extern uint8_t fileio_iobuf[IO_WHOLE_MAX];
/* Copies a path from the client into buf (VFS_PATH_MAX bytes): 0, -EFAULT
   or -ENAMETOOLONG. */
long fileio_get_path(struct proc *p, uint64_t addr, char *buf);
/* After an open made fd (or failed: returned as it is): a blocking FIFO
   open with nobody on the other side parks (BLOCK_OPEN, R_DEFER). */
long fileio_open_wait(struct thread *t, long fd);

#endif
