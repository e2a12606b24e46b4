/* x86_64 user registers and the syscall convention (see calyx/arch.h).
 *
 * Syscalls (native and personality): the number in rax, the arguments in
 * rdi, rsi, rdx, r10, r8, r9 (native calls also r12, r13), the `syscall`
 * instruction (0f 05), which clobbers rcx and r11; the result comes back in
 * rax, a native call's result struct fields in rdx, r10, r8, r9
 * (calyx/abi.h; syscall_abi.toml beside this file says the same for the
 * generator). */
#ifndef CALYX_ARCH_X86_64_REGS_H
#define CALYX_ARCH_X86_64_REGS_H

#include <stdint.h>

/* thread_set_regs refuses (InvalidParameter) a non-canonical or kernel rip,
   rsp or fs_base, and an MXCSR with reserved bits; rflags keeps only the
   bits user code may change (IF stays on). */
struct cx_regs {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rflags;
    uint64_t fs_base;
    uint64_t reserved;                         /* 0 */
    uint8_t fpu[512] __attribute__((aligned(16))); /* the fxsave64 image: x87, MXCSR, XMM0-15 */
};
_Static_assert(sizeof(struct cx_regs) == 672, "register layout");

#define CX_SYSCALL_INSN_LEN 2 /* syscall: 0f 05 */

static inline uint64_t cx_regs_pc(const struct cx_regs *r) { return r->rip; }
static inline void cx_regs_set_pc(struct cx_regs *r, uint64_t v) { r->rip = v; }
static inline uint64_t cx_regs_sp(const struct cx_regs *r) { return r->rsp; }
static inline void cx_regs_set_sp(struct cx_regs *r, uint64_t v) { r->rsp = v; }
static inline void cx_regs_set_result(struct cx_regs *r, uint64_t v) { r->rax = v; }
static inline uint64_t cx_regs_nr(const struct cx_regs *r) { return r->rax; }
static inline void cx_regs_set_nr(struct cx_regs *r, uint64_t v) { r->rax = v; }
static inline uint64_t cx_regs_tls(const struct cx_regs *r) { return r->fs_base; }
static inline void cx_regs_set_tls(struct cx_regs *r, uint64_t v) { r->fs_base = v; }

#endif
