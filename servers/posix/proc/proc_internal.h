/* What the process-table files (proc.c, exec.c, fork.c, exit.c, wait.c,
 * cred.c, rlimit.c) share and nobody else needs: callers include proc.h. */
#ifndef POSIX_PROC_INTERNAL_H
#define POSIX_PROC_INTERNAL_H

#include "proc.h"

/* Frees p's slot: out of the tables, its memory and /proc directory gone. */
void proc_free(struct proc *p);
/* Drops every thread record of p but keep (NULL: all). */
void proc_drop_threads(struct proc *p, struct thread *keep);
/* Gives t a new tid (execve: the caller becomes the first thread). */
void thread_set_tid(struct thread *t, int tid);
/* pid 0: the caller's process; else the living process pid, or NULL. */
struct proc *proc_or_self(struct thread *t, int pid);
/* Linux's limits for the first program (fork copies them on). */
void proc_rlimits_default(struct proc *p);

#endif
