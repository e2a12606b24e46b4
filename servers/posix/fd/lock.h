/* Advisory file locks for the POSIX server: fcntl record locks (POSIX
 * per-process locks and OFD locks) and flock(2) locks, over vnodes.
 *
 * Owners, as Linux:
 *   LOCK_POSIX  owner = the descriptor table (struct fdtable) of the setter:
 *               threads share them, fork does not inherit them, and closing
 *               ANY descriptor of the file drops all of them on that file.
 *   LOCK_OFD    owner = the open file description (struct ofile): shared by
 *               dup'ed descriptors and across fork, dropped with it.
 *   LOCK_FLOCK  owner = the open file description; whole file only.
 * POSIX and OFD locks conflict with each other when their owners differ;
 * flock locks only conflict with flock locks (Linux keeps them apart).
 * Ranges are [start, end] inclusive, end LOCK_EOF meaning "to any length".
 *
 * Limit: LOCK_MAX lock records in the whole server -> ENOLCK.
 * Blocking is the caller's business: lock_set answers -EAGAIN on a conflict;
 * the caller parks on the file's lock_waitq, which is woken whenever a
 * lock on that file is released or narrowed: then parked F_SETLKW / flock
 * waiters try again. */
#ifndef POSIX_LOCK_H
#define POSIX_LOCK_H

#include <stdint.h>

struct vnode;

#define LOCK_MAX 4096
#define LOCK_EOF UINT64_MAX

enum lock_kind { LOCK_POSIX, LOCK_OFD, LOCK_FLOCK };
/* Types: the values of Linux's F_RDLCK (0), F_WRLCK (1), F_UNLCK (2), so a
   struct flock's l_type passes through. */
#define LOCK_TYPE_RD 0
#define LOCK_TYPE_WR 1
#define LOCK_TYPE_UN 2

struct lock_info {        /* a conflicting lock, for F_GETLK */
    int type;             /* LOCK_TYPE_RD / LOCK_TYPE_WR */
    uint64_t start, end;
    int pid;              /* the POSIX owner's pid; -1 for OFD and flock locks */
    const void *owner;
    enum lock_kind kind;
};

/* Whether owner could take [start, end] as type: 1 and *info describes the
   first conflicting lock, or 0. */
int lock_test(struct vnode *vn, enum lock_kind kind, const void *owner, int type, uint64_t start,
              uint64_t end, struct lock_info *info);
/* Sets (type LOCK_TYPE_RD/LOCK_TYPE_WR) or removes (LOCK_TYPE_UN) owner's lock on [start,
   end], splitting and merging owner's existing ranges as POSIX says (a new
   lock replaces owner's old ones where they overlap). 0, -EAGAIN on a
   conflict (nothing changed), -ENOLCK when LOCK_MAX records are in use. pid
   is reported by lock_test for POSIX locks. */
int lock_set(struct vnode *vn, enum lock_kind kind, const void *owner, int pid, int type,
             uint64_t start, uint64_t end);
/* Drops every lock of owner on vn (vn NULL: on every file). */
void lock_release(struct vnode *vn, const void *owner);
/* The wait queue of vn's lock waiters (made on first use; NULL: no memory). */
struct waitq *lock_waitq(const struct vnode *vn);
/* Lock records in use (tests). */
int lock_count(void);

#endif
