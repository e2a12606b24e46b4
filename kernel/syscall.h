/* The portable side of a syscall: number and arguments in, results out. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdint.h>

struct syscall_regs {
    uint64_t nr;
    uint64_t arg[8];
    uint64_t ret;
    uint64_t extra[4]; /* struct results; hold the caller's registers unless the call sets them */
    uint64_t pc;       /* user instruction pointer after the syscall instruction */
    /* Set by a forwarded (personality) call: the thread's saved registers are
       already what user mode must see (the server's reply set them); ret and
       extra must not be written back. */
    int regs_final;
};

void syscall_enter(struct syscall_regs *r);
void syscall_trace_enable(int on);

#endif
