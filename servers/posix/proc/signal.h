/* Signals: actions, masks, pending sets, and delivery.
 *
 * A signal is process-directed (kill) or thread-directed (tgkill, faults).
 * A standard signal is pending once; real-time signals queue every instance
 * with its value (sigpending.h).
 *
 * Delivery happens when the server answers a thread: before replying to a
 * call it checks for an unblocked pending signal and, if there is one with
 * a handler, writes an rt_sigframe (sigframe.h) on the thread's stack (or
 * alternate stack), points its registers at the handler (thread_set_regs)
 * and replies RESUME. A thread running user code is stopped for that with
 * thread_interrupt (it comes back as CX_PMSG_INTERRUPT). A thread blocked
 * in the server (futex, sleep, wait, read ...) is woken with EINTR, or its
 * call restarts after a SA_RESTART handler (wait4, read).
 *
 * Default actions: terminate, terminate with a core file (coredump.h:
 * when RLIMIT_CORE allows; the status then has the core flag), stop,
 * continue, ignore; SIGKILL
 * and SIGSTOP cannot be caught, blocked or ignored. */
#ifndef POSIX_SIGNAL_H
#define POSIX_SIGNAL_H

#include "proc.h"

/* Posts a signal. info may be NULL (SI_KERNEL from the server). 1 when it
   is pending now, 0 when it was taken at once (a sigwaitinfo caller), had
   its effect (ended or stopped the process) or was ignored; -EAGAIN when a
   real-time signal cannot queue (sigpending.h), -EINVAL for a bad number. */
int signal_send_proc(struct proc *p, int sig, const struct ksiginfo *info);
int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info);

/* Drops everything pending for p and its threads (it is exiting). */
void signal_discard_all(struct proc *p);

/* Answers a thread stopped in the server whose call produced result
   (a Linux value, -errno, -ERESTARTSYS/-ERESTARTNOHAND/-ERESTARTNOINTR or R_RESUME),
   delivering a pending signal first if one is deliverable. */
void signal_finish(struct thread *t, long result);

/* A user fault (CX_PMSG_FAULT) of a stopped thread. */
void signal_fault(struct thread *t, const struct cx_pmsg *m);

/* CX_PMSG_INTERRUPT: deliver what is pending, or just resume. */
void signal_interrupt(struct thread *t);

/* Resets handlers at execve (caught -> default; ignored stays ignored). */
void signal_exec(struct proc *p);

/* ITIMER_REAL expiry (the main loop's timer check). */
void signal_alarm(struct proc *p);

long sys_rt_sigaction(struct thread *t, const uint64_t *a);
long sys_rt_sigprocmask(struct thread *t, const uint64_t *a);
long sys_rt_sigreturn(struct thread *t, const uint64_t *a);
long sys_rt_sigpending(struct thread *t, const uint64_t *a);
long sys_rt_sigsuspend(struct thread *t, const uint64_t *a);
long sys_rt_sigtimedwait(struct thread *t, const uint64_t *a);
long sys_pause(struct thread *t, const uint64_t *a);
long sys_sigaltstack(struct thread *t, const uint64_t *a);
long sys_kill(struct thread *t, const uint64_t *a);
long sys_tgkill(struct thread *t, const uint64_t *a);
long sys_tkill(struct thread *t, const uint64_t *a);
long sys_rt_sigqueueinfo(struct thread *t, const uint64_t *a);
long sys_rt_tgsigqueueinfo(struct thread *t, const uint64_t *a);
long sys_alarm(struct thread *t, const uint64_t *a);
long sys_setitimer(struct thread *t, const uint64_t *a);
long sys_getitimer(struct thread *t, const uint64_t *a);

#endif
