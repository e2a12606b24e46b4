/* File leases (fcntl F_SETLEASE, F_GETLEASE), as Linux has them: the
 * holder of a read lease learns (by SIGIO, or F_SETSIG's signal with
 * POLL_MSG) when someone opens the file for writing, the holder of a write
 * lease when anyone opens it; the opener waits until the holder gives the
 * lease up or downgrades it (F_UNLCK, or F_RDLCK for a reader), or until
 * /proc/sys/fs/lease-break-time (45 s) passes and the lease is broken; an
 * O_NONBLOCK opener gets EWOULDBLOCK at once (the holder is told all the
 * same). A read lease needs the file open for writing nowhere; a write
 * lease, no open but the holder's own. Only regular files, only by their
 * owner or root.
 *
 * truncate(2) breaks them as an open for writing does (ftruncate does
 * not, as Linux). F_GETLEASE during a break answers the type the holder
 * must go to, as Linux. */
#ifndef POSIX_LEASE_H
#define POSIX_LEASE_H

#include <stdint.h>
#include "waitq.h"

struct ofile;
struct vnode;
struct file_ctx;

/* The lease machinery's open counts for a regular file's description. */
void lease_opened(struct ofile *f);
/* The description goes: its counts and its lease. */
void lease_closed(struct ofile *f);

int64_t file_setlease(struct file_ctx *c, int fd, int type);
int64_t file_getlease(struct file_ctx *c, int fd);

/* An open of vn with oflags: 0 when no lease stands in its way; else the
   conflicting leases start breaking (lease_announced gives their
   descriptions to signal) and the answer is -EWOULDBLOCK (O_NONBLOCK) or
   LEASE_WAIT: the opener parks on lease_changed and runs its open again. */
#define LEASE_WAIT (-1000)
int lease_break(struct vnode *vn, uint32_t oflags);
/* Wakes whenever a lease goes or changes. */
extern struct waitq lease_changed;
/* The next description whose lease started breaking and whose holder is
   not told yet (the server asks right after the call that broke it, so
   the description is still there); NULL when none. */
struct ofile *lease_announced(void);
/* Breaking leases without a deadline get deadline (monotonic ns); the
   earliest deadline of any breaking lease (0: none). */
uint64_t lease_set_deadlines(uint64_t deadline);
/* Time is up for breaking leases whose deadline is at or before now: they
   go (or become read leases). */
void lease_expire(uint64_t now);

#endif
