/* CPU time of POSIX processes and threads, from the kernel's accounting
 * (the native thread_times call, kernel/cputime.h), and the calls that
 * report it: times, getrusage, the CPU-time clocks (time.c asks
 * cputime_clock), wait4's and waitid's rusage, /proc's stat files.
 *
 * What the numbers include: the time a process's threads ran in user mode
 * (user time) and in the kernel on their behalf (system time: native
 * syscalls, page faults, interrupts that hit them). A Linux syscall is
 * answered by this server on its own threads while the caller waits, so
 * the server's work for it is charged to the server, not to the caller:
 * a program that mostly reads files shows less system time than on Linux.
 *
 * A process's time survives execve (the replaced image's total is kept in
 * the proc record, and the calling thread's in its thread record, as Linux
 * keeps both across exec) and is frozen when it ends, so a zombie and its
 * reaper see the final figure. A parent's children's times (times'
 * tms_cutime, RUSAGE_CHILDREN, /proc's cutime) grow when it reaps a child
 * with wait4/waitid, by the child's own times and its reaped children's,
 * as Linux's wait_task_zombie; children reaped automatically (SIGCHLD
 * ignored, SA_NOCLDWAIT) add nothing, as on Linux.
 *
 * ru_maxrss: the kernel keeps each address space's peak of mapped pages
 * (thread_times' peak_pages); every mapped page is backed from the start on
 * Calyx, so that is the peak resident set. Kept across execve, and the
 * largest of the reaped children's for RUSAGE_CHILDREN, as Linux's. */
#ifndef POSIX_CPUTIME_H
#define POSIX_CPUTIME_H

#include "proc.h"

/* A thread's times in ns: 0, or -ESRCH when the kernel no longer knows it. */
int cputime_thread(struct thread *t, uint64_t *user_ns, uint64_t *sys_ns);
/* A process's (alive or zombie): all its threads, live and ended, since it
   was forked. 0 or -ESRCH. */
int cputime_proc(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns);
/* The times of p's reaped children (and their reaped children). */
void cputime_children(const struct proc *p, uint64_t *user_ns, uint64_t *sys_ns);
/* Every POSIX process's since boot, those that ended included (/proc/stat). */
void cputime_all(uint64_t *user_ns, uint64_t *sys_ns);

/* Bookkeeping, called by the process table while the old image's
   capability still works: execve is about to replace p's image (t is the
   thread that goes on); p's image has ended (before its capability goes);
   parent reaps child. */
void cputime_exec(struct proc *p, struct thread *t);
void cputime_exit(struct proc *p);
void cputime_reap(struct proc *parent, const struct proc *child);

/* A Linux CPU-time clock id (CLOCK_PROCESS_CPUTIME_ID,
   CLOCK_THREAD_CPUTIME_ID, or one made by clock_getcpuclockid /
   pthread_getcpuclockid: (~pid << 3) | per-thread bit 4 | PROF 0 / VIRT 1 /
   SCHED 2) read for caller t: 0 and *ns, or -EINVAL as Linux for a clock
   that names nobody (or another process's thread). */
long cputime_clock(struct thread *t, int clk, uint64_t *ns);
/* What such a clock names for caller t: its kind (CPUCLOCK_PROF 0: user +
   system, CPUCLOCK_VIRT 1: user, CPUCLOCK_SCHED 2: user + system) and a
   thread (*thr) or a process (*proc); -EINVAL for nobody. */
long cputime_clock_target(struct thread *t, int clk, struct thread **thr, struct proc **proc);
/* Reads a clock of that kind of thr, or of proc when thr is NULL: 0 or -EINVAL. */
long cputime_read(struct thread *thr, const struct proc *proc, int which, uint64_t *ns);
/* Its resolution (clock_getres): 0 and *ns, or -EINVAL. */
long cputime_clock_res(struct thread *t, int clk, uint64_t *ns);

/* p's peak resident set in kB (ru_maxrss, VmHWM); with its reaped
   children's peak when asked (wait4's rusage of a child). */
long cputime_maxrss_kb(const struct proc *p, int children);

/* A rusage for wait4/waitid of a reaped or reported child. */
long cputime_put_child_rusage(struct proc *p, uint64_t addr, struct proc *child);

long sys_times(struct thread *t, const uint64_t *a);
long sys_getrusage(struct thread *t, const uint64_t *a);

#endif
