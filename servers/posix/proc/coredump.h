/* Core dumps: a process ended by a signal whose default action dumps core
 * (SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV, SIGXCPU,
 * SIGXFSZ, SIGSYS) leaves an ELF core file, as Linux with its default
 * core_pattern "core": a file named core in its working directory, made
 * with mode 0600 (less the umask) as the process's effective user (an
 * existing one is replaced), when RLIMIT_CORE is at least a page and the
 * process is dumpable (prctl PR_SET_DUMPABLE). The file holds a PT_NOTE
 * (per thread NT_PRSTATUS with its registers and NT_FPREGSET, then
 * NT_PRPSINFO and the signal's NT_SIGINFO) and a PT_LOAD per mapped region
 * with the contents of the readable ones; it stops at RLIMIT_CORE bytes, as
 * Linux's. Its wait status then has the core flag (WCOREDUMP).
 *
 * Not Linux's: no NT_AUXV or NT_FILE notes, core_pattern is fixed (no
 * pipes or %-names), and the file takes a descriptor of the dying process
 * for the moment it is written (none left: no dump). */
#ifndef POSIX_COREDUMP_H
#define POSIX_COREDUMP_H

#include "proc.h"
#include "sigframe.h"

/* Writes p's core for the signal si describes, culprit first among its
   threads. 1 when a core file was written, else 0. */
int coredump_write(struct proc *p, struct thread *culprit, const struct lx_siginfo *si);

#endif
