/* Memory locking: mlock, mlock2, munlock, mlockall, munlockall (mlock.c).
 *
 * Calyx never swaps, so a lock promises residence: its pages get their
 * frames at once (they would at their first touch); what Linux makes
 * visible is kept as Linux keeps it: the locked ranges of each process (page-rounded,
 * overlapping locks counted once) against RLIMIT_MEMLOCK (EPERM when the
 * limit is 0, ENOMEM beyond it, root exempt as with CAP_IPC_LOCK), ENOMEM
 * for a range that is not wholly mapped (checked with process_vm_region
 * before anything changes, where Linux would have locked the part before
 * the hole), VmLck in /proc/<pid>/status, mlockall(MCL_FUTURE) locking
 * later mmaps (EAGAIN beyond the limit, as Linux's mmap) and MAP_LOCKED.
 * Locking a writable page also gives it its own frame now, so a page still
 * shared copy-on-write after fork never needs memory later. Locks go with
 * munmap, execve and exit, and fork does not pass them on. MLOCK_ONFAULT
 * and MCL_ONFAULT are accepted and populate all the same (Linux leaves the
 * pages for their first touch). Not followed: mremap moves no lock (a moved locked range is
 * unlocked), and brk growth is not locked by MCL_FUTURE. */
#ifndef POSIX_MLOCK_H
#define POSIX_MLOCK_H

#include "proc.h"

struct mm_lock {
    uint64_t start, end; /* page aligned, end exclusive */
};

/* Bytes p has locked (VmLck); of them, those in [start, end). */
uint64_t mlock_locked_bytes(const struct proc *p);
uint64_t mlock_locked_within(const struct proc *p, uint64_t start, uint64_t end);
/* A new mapping [addr, addr+len) of p (mmap): locked when asked (MAP_LOCKED)
   or under mlockall(MCL_FUTURE); 0 or -EAGAIN beyond RLIMIT_MEMLOCK. */
long mlock_mapped(struct proc *p, uint64_t addr, uint64_t len, int map_locked);
/* [addr, addr+len) of p is no longer mapped (munmap, mremap). */
void mlock_unmapped(struct proc *p, uint64_t addr, uint64_t len);
/* A new address space (execve) or none (exit): every lock goes. */
void mlock_release(struct proc *p);

long sys_mlock(struct thread *t, const uint64_t *a);
long sys_mlock2(struct thread *t, const uint64_t *a);
long sys_munlock(struct thread *t, const uint64_t *a);
long sys_mlockall(struct thread *t, const uint64_t *a);
long sys_munlockall(struct thread *t, const uint64_t *a);

#endif
