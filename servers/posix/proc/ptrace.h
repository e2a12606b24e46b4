/* Access to another process: the ptrace permission rule, ptrace(2) as far
 * as Calyx has it, and process_vm_readv/writev (ptrace.c).
 *
 * Calyx has no tracing yet: ptrace answers every request after Linux's own
 * checks (ESRCH for a process that is not traced by the caller, EPERM for
 * one it may not attach to) with ENOSYS. process_vm_readv/writev work:
 * the server copies between the two processes' memories. */
#ifndef POSIX_PTRACE_H
#define POSIX_PTRACE_H

#include "proc.h"

/* Linux's ptrace_may_access with real credentials: the same process; or
   the caller's real uid and gid match all of the target's uids and gids
   and the target is dumpable; or root. */
int ptrace_may_access(const struct proc *me, const struct proc *target);

long sys_ptrace(struct thread *t, const uint64_t *a);
long sys_process_vm_readv(struct thread *t, const uint64_t *a);
long sys_process_vm_writev(struct thread *t, const uint64_t *a);

#endif
