/* The personality mechanism: the kernel side of include/calyx/personality.h
 * (read that first: it is the contract with servers).
 *
 * A process with a personality endpoint (struct process.personality, which
 * holds a reference) sends its server, as kernel-made ipc_calls carrying a
 * struct cx_pmsg, every syscall outside the native range, every user fault
 * and every interrupt stop; the thread is stopped (THREAD_STOPPED_PERSONALITY)
 * until the reply. Replies:
 *   CX_PREPLY_RETURN       the result register gets value, then user mode;
 *   CX_PREPLY_RESUME       user mode with the registers as they are (as the
 *                          server left them with thread_set_regs);
 *   CX_PREPLY_EXIT_THREAD  the thread ends with code value (no exit record
 *                          for thread_join); the last thread ends the process
 *                          (CX_EXIT_NORMAL, code = value).
 * A reply that is not exactly a struct cx_preply (16 bytes) or has another
 * action kills the process (CX_EXIT_KILLED, code 0); a capability sent with a
 * reply does not travel. When the server cannot answer (its endpoint died,
 * the reply token was dropped, the process had its personality endpoint
 * die before it ran) the process is killed (CX_EXIT_KILLED, code 0); when the
 * endpoint dies, every running process it serves is killed at once.
 * When a process with a personality ends, for any reason, the kernel posts a
 * CX_PMSG_EXIT notice (no reply token) to the endpoint, from the last thread's
 * exit (process_release): by the time the server reads it, process_wait
 * returns at once.
 */
#ifndef KERNEL_PERSONALITY_H
#define KERNEL_PERSONALITY_H

#include <stdint.h>

struct process;
struct endpoint;
struct syscall_regs;
struct trapframe;
struct cx_preply;

/* Make ep (or NULL: none) p's personality endpoint, with a reference of its own. */
void personality_set(struct process *p, struct endpoint *ep);
/* A new process made from parent (process_fork) keeps parent's personality. */
void personality_inherit(struct process *child, const struct process *parent);

/* The current thread's process has a personality: forward the syscall in r
   and wait. Returns with *answer as the server answered (action 0 when the
   process was killed instead) and r->regs_final set; does not return for
   CX_PREPLY_EXIT_THREAD. */
void personality_syscall(struct syscall_regs *r, struct cx_preply *answer);
/* The current thread faulted and its process has a personality: send
   CX_PMSG_FAULT and go on as the server says (fault kind: enum fault_kind). */
void personality_fault(unsigned kind, uint64_t addr, uint64_t pc, const struct trapframe *tf);
/* On the way to user mode with an interrupt pending: send CX_PMSG_INTERRUPT. */
void personality_interrupt_stop(void);

/* A process that serves others (it holds reply tokens for their personality
   calls) is dying of a fault: log the call it was serving (the newest it
   received: caller, thread, syscall number and arguments) and how many
   more it held, so a server's bug is found from one report. */
void personality_report_served(struct process *server);

/* Hooks: p has ended (post the exit notice, drop the endpoint); ep's last
   capability is gone (kill the running processes it serves). */
void personality_process_exit(struct process *p);
void personality_endpoint_gone(struct endpoint *ep);

#endif
