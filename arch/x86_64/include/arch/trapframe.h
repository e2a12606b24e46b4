/* The register frame saved on a thread's kernel stack on every entry from
   user space (interrupt, exception or syscall). Layout is shared with entry.S. */
#ifndef ARCH_TRAPFRAME_H
#define ARCH_TRAPFRAME_H

#define TRAP_SYSCALL 0x100 /* vector value of a frame built by the syscall instruction */

#define GDT_KERNEL_CODE 0x08
#define GDT_KERNEL_DATA 0x10
#define GDT_USER_DATA   0x1B /* 0x18 | RPL 3 */
#define GDT_USER_CODE   0x23 /* 0x20 | RPL 3 */
#define GDT_TSS         0x28

#ifndef __ASSEMBLER__
#include <stdint.h>

struct trapframe {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
    uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error_code;
    uint64_t rip, cs, rflags, rsp, ss; /* pushed by the CPU (or built by syscall entry) */
};

static inline int trapframe_from_user(const struct trapframe *tf) { return (tf->cs & 3) == 3; }

_Static_assert(__builtin_offsetof(struct trapframe, vector) == 120, "entry.S frame layout");
_Static_assert(__builtin_offsetof(struct trapframe, rip) == 136, "entry.S frame layout");
#endif

#endif
