/* Personalities: how a server gives processes a foreign syscall ABI
 * (hand-written part of the ABI; the calls themselves are in syscalls.toml,
 * group "Process Control").
 *
 * A process with a personality endpoint (process_set_personality) runs its
 * native syscalls (number with CX_NATIVE_BIT) in the kernel as usual. Every
 * other event that stops one of its threads becomes an ipc_call from that
 * thread to the endpoint, with a struct cx_pmsg as the request:
 *   CX_PMSG_SYSCALL    a syscall outside the native range (for POSIX: the
 *                      Linux ABI of the architecture; number and argument
 *                      registers as calyx/arch/<cpu>/regs.h says);
 *   CX_PMSG_FAULT      a user fault (page fault, illegal instruction, ...);
 *   CX_PMSG_INTERRUPT  thread_interrupt asked the thread to stop;
 * and, with ipc_send semantics (no reply token, nobody waits),
 *   CX_PMSG_EXIT       the process ended; the server should process_wait it.
 * ipc_receive's sender field is the process id.
 *
 * While the call is pending the thread is stopped: the server may read and
 * change its registers (thread_get_regs, thread_set_regs) and its memory
 * (process_vm_read, process_vm_write). The server answers with ipc_reply and
 * a struct cx_preply saying how the thread goes on. If the endpoint goes away
 * or the reply token is dropped, the process is killed (CX_EXIT_KILLED): a
 * process with a personality cannot run without its server.
 *
 * Replies: exactly 16 bytes with a known action, else the process is killed
 * (CX_EXIT_KILLED, code 0); a capability sent with a reply is ignored. After
 * RETURN or RESUME a pending interrupt (thread_interrupt) is sent before the
 * thread runs user code. A thread ended by EXIT_THREAD leaves no record for
 * thread_join. The exit notice is posted when the last thread is gone, so
 * process_wait on its sender answers at once; it is lost only if the kernel
 * has no memory to queue it (the kernel log says so).
 */
#ifndef CALYX_PERSONALITY_H
#define CALYX_PERSONALITY_H

#include <stdint.h>
/* A thread's user registers, struct cx_regs, for thread_get_regs,
   thread_set_regs, thread_spawn and process_fork, are the architecture's
   (calyx/arch/<cpu>/regs.h, which also says what thread_set_regs refuses). */
#include "arch.h"

/* struct cx_pmsg.kind */
#define CX_PMSG_SYSCALL   1
#define CX_PMSG_FAULT     2
#define CX_PMSG_INTERRUPT 3
#define CX_PMSG_EXIT      4

struct cx_pmsg {
    uint32_t kind;    /* CX_PMSG_* */
    uint32_t flags;   /* 0 (reserved) */
    uint64_t tid;     /* the stopped thread; 0 for CX_PMSG_EXIT */
    uint64_t nr;      /* SYSCALL: the number (its register, all 64 bits)
                         FAULT: the CX_FAULT_* kind
                         INTERRUPT: 0
                         EXIT: how it ended, CX_EXIT_* */
    uint64_t arg[6];  /* SYSCALL: the six argument registers, in order
                         FAULT: [0] faulting data address (CX_FAULT_PAGE) or 0,
                                [1] 1 when the page is mapped but the access broke
                                    its protection, 0 when nothing is mapped there,
                                [2] CPU exception vector, [3] CPU error code
                         EXIT: [0] exit code, [1] fault kind, [2] fault address */
    uint64_t pc;      /* user instruction pointer where the thread stopped (0 for EXIT) */
};
_Static_assert(sizeof(struct cx_pmsg) == 80, "personality message layout");

/* struct cx_preply.action */
#define CX_PREPLY_RETURN      1 /* set the syscall result register to value and go on */
#define CX_PREPLY_RESUME      2 /* go on with the registers exactly as they are now */
#define CX_PREPLY_EXIT_THREAD 3 /* end the thread (value = its exit code); the last thread
                                   ending ends the process (CX_EXIT_NORMAL, code = value) */

struct cx_preply {
    uint64_t action;  /* CX_PREPLY_* */
    uint64_t value;
};
_Static_assert(sizeof(struct cx_preply) == 16, "personality reply layout");

#endif
