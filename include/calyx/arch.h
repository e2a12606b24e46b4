/* The architecture part of the Calyx ABI, for the machine this is compiled
 * for (hand-written; one folder per architecture under calyx/arch/).
 *
 * Every architecture provides, in calyx/arch/<cpu>/:
 *   regs.h    struct cx_regs: a thread's user registers as thread_get_regs,
 *             thread_set_regs, thread_spawn and process_fork see them, and
 *             the accessors portable code uses instead of register names:
 *               cx_regs_pc, cx_regs_set_pc     the user program counter
 *               cx_regs_sp, cx_regs_set_sp     the user stack pointer
 *               cx_regs_set_result             the syscall result register
 *               cx_regs_nr, cx_regs_set_nr     the syscall number register
 *               cx_regs_tls, cx_regs_set_tls   the thread pointer (TLS base)
 *               CX_SYSCALL_INSN_LEN            bytes of the syscall instruction
 *                                              (a restart steps back over it)
 *             and where a syscall's number and arguments travel.
 *   layout.h  CX_USER_TOP: the first address above user space.
 * Quoted includes, so programs built without -Iinclude (tests/fuzz) can use it. */
#ifndef CALYX_ARCH_H
#define CALYX_ARCH_H

#if defined(__x86_64__)
#include "arch/x86_64/regs.h"
#include "arch/x86_64/layout.h"
#else
#error "calyx/arch.h: no Calyx ABI for this architecture (add include/calyx/arch/<cpu>/)"
#endif

#endif
